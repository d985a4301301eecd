"""The /admin/plugins page: installed plugins, their switch, settings form and problems.

Every handler acts for the signed-in account and lets ``services.admin.plugins`` refuse
non-admins; a refusal empties the list, so a listener calling these handlers over the
websocket learns nothing. Switching a plugin mounts its API at once; its pages need the
next build, which the page says in so many words.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

import reflex as rx

from spoticlone.services.admin import plugins
from spoticlone.services.core.errors import DomainError, PermissionDenied
from spoticlone.state.acting import as_actor
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message

#: The hidden form field naming the plugin whose settings are sent.
PLUGIN_FIELD = "__plugin"
RESTART_HINT = ("Pages and sidebar entries are built into the app: restart the server to apply "
                "(stop `make run` and start it again; it rebuilds the pages in about a minute). "
                "API routes and event subscribers already follow the switch.")


def _row(info: plugins.PluginInfo) -> dict[str, Any]:
    if info.builtin:
        status, tone = "Built in", "gray"
    elif not info.usable:
        status, tone = "Not usable", "red"
    elif info.enabled:
        status, tone = "Enabled", "green"
    else:
        status, tone = "Disabled", "gray"
    return {
        "name": info.name,
        "version": info.version,
        "description": info.description or "No description.",
        "capabilities": ", ".join(info.capabilities) or "none",
        "distribution": info.distribution,
        "builtin": info.builtin,
        "enabled": info.enabled,
        "usable": info.usable,
        "status": status,
        "tone": tone,
        "problems": "; ".join(info.problems),
        "last_error": info.last_error,
        "error_at": info.error_at.strftime("%Y-%m-%d %H:%M UTC") if info.error_at else "",
        "has_settings": bool(info.settings),
        "restart_needed": info.restart_needed,
    }


def _fields(info: plugins.PluginInfo) -> list[dict[str, str]]:
    return [{"plugin": info.name, "name": f.name, "label": f.label, "kind": f.kind, "value": f.value,
             "description": f.description} for f in info.settings]


class AdminPluginsState(rx.State):
    loaded: bool = False
    allowed: bool = False
    plugins: list[dict[str, Any]] = []
    fields: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""

    @rx.var
    def restart_needed(self) -> bool:
        return any(row.get("restart_needed") for row in self.plugins)

    async def _call(self, fn, **kwargs):
        """Call ``fn`` as the signed-in user; refusals become ``error`` (None is returned)."""
        auth = await self.get_state(AuthState)
        user_id = await asyncio.to_thread(auth.current_user_id)
        try:
            return await call_service(as_actor(partial(fn, **kwargs)), user_id=user_id)
        except PermissionDenied as exc:
            self.allowed, self.plugins, self.fields = False, [], []
            self.error = ui_message(exc)
        except DomainError as exc:
            self.error = ui_message(exc)
        return None

    async def _fetch(self) -> None:
        result = await self._call(plugins.list_plugins)
        if result is not None:
            self.allowed = True
            self.plugins = [_row(info) for info in result]
            self.fields = [field for info in result for field in _fields(info)]
        self.loaded = True

    @rx.event
    async def load(self):
        self.error, self.notice = "", ""
        await self._fetch()

    @rx.event
    async def switch(self, name: str, enabled: bool):
        self.error, self.notice = "", ""
        info = await self._call(plugins.set_enabled, name=str(name)[:120], enabled=bool(enabled))
        if info is not None:
            done = "enabled" if info.enabled else "disabled"
            self.notice = f"{info.name} is {done}."
        await self._fetch()

    @rx.event
    async def save_settings(self, form_data: dict[str, Any]):
        self.error, self.notice = "", ""
        name = str(form_data.get(PLUGIN_FIELD, ""))[:120]
        values: dict[str, Any] = {}
        for field in self.fields:
            if field["plugin"] != name:
                continue
            if field["kind"] == "bool":
                values[field["name"]] = field["name"] in form_data
            elif field["name"] in form_data:
                values[field["name"]] = str(form_data[field["name"]])
        info = await self._call(plugins.update_settings, name=name, values=values)
        if info is not None:
            self.notice = f"Settings of {info.name} saved."
        await self._fetch()
