"""The /admin/plugins page: installed plugins, their switch, settings form and problems.

Every handler acts for the signed-in account and lets ``services.admin.plugins`` refuse
non-admins; a refusal empties the list, so a listener calling these handlers over the
websocket learns nothing. Switching a plugin mounts its API at once; its pages need the
next build. Under ``make run`` the supervisor makes it (``plugins/rebuild.py``) and this
page follows its progress (queued, building, restarting, done or failed) every two seconds;
a server not started that way says which manual steps take its place.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import reflex as rx

from spoticlone.plugins import rebuild
from spoticlone.services.admin import plugins
from spoticlone.services.core.errors import PermissionDenied
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.refusals import ui_message

#: The hidden form field naming the plugin whose settings are sent.
PLUGIN_FIELD = "__plugin"
RESTART_HINT = ("Pages, sidebar and admin-menu entries are built into the app, and this server was not "
                "started by `make run`, so it cannot rebuild itself: run `make build`, then restart the web "
                "workers one at a time (README, scale-out mode). API routes and event subscribers already "
                "follow the switch.")
#: Rebuild states during which the page keeps watching.
ACTIVE = ("queued", "building", "restarting")
REBUILD_LABELS = {
    "queued": "Rebuild queued",
    "building": "Building the app; the site keeps serving the current version",
    "restarting": "Restarting the server on the new build; the site is down until it answers (under a minute)",
    "done": "Rebuilt: reload a page to see the change",
    "failed": "The rebuild failed; the site serves the previous build",
}
#: The same steps when only the job worker restarts (a plugin with background jobs, no pages).
WORKER_ONLY_LABELS = {
    "queued": "Job worker restart queued",
    "restarting": "Restarting the job worker; the site keeps serving",
    "done": "The job worker was restarted for the plugin's background jobs",
    "failed": "The job worker could not be restarted",
}
WATCH_SECONDS = 2
#: About 20 minutes: longer than any build the supervisor lets run.
WATCH_TURNS = 600


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


class AdminPluginsState(AdminPageState, rx.State):
    plugins: list[dict[str, Any]] = []
    fields: list[dict[str, str]] = []
    notice: str = ""
    #: The supervisor's rebuild (``rebuild.current``), shown to administrators only.
    supervised: bool = False
    rebuild_state: str = ""
    rebuild_label: str = ""
    rebuild_reason: str = ""
    rebuild_message: str = ""
    rebuild_steps: str = ""
    _watching: bool = False

    _sends_visitors_to_sign_in: ClassVar[bool] = False

    @rx.var
    def restart_needed(self) -> bool:
        return any(row.get("restart_needed") for row in self.plugins)

    def _show_rebuild(self, status: dict[str, Any]) -> None:
        state = str(status.get("state", ""))
        self.supervised = bool(status.get("supervised"))
        self.rebuild_state = "" if state == "idle" else state
        labels = WORKER_ONLY_LABELS if status.get("worker_only") else REBUILD_LABELS
        self.rebuild_label = labels.get(state, "")
        self.rebuild_reason = str(status.get("reason", ""))
        self.rebuild_message = str(status.get("message", ""))
        self.rebuild_steps = " · ".join(f"{step} {str(at)[11:19]}" for step, at in status.get("steps", []))

    async def _refresh_rebuild(self):
        """Read the rebuild's progress; returns the watcher event while one is under way."""
        if not self.allowed:
            return None
        self._show_rebuild(await asyncio.to_thread(rebuild.current))
        if self.rebuild_state in ACTIVE and not self._watching:
            self._watching = True
            return AdminPluginsState.watch_rebuild
        return None

    @rx.event(background=True)
    async def watch_rebuild(self):
        """Follow the rebuild until it is done or failed. The server restarts in between: the
        page reconnects to the new one, whose ``load`` reads the progress and watches on."""
        for _turn in range(WATCH_TURNS):
            await asyncio.sleep(WATCH_SECONDS)
            async with self:
                if not self.allowed:
                    self._watching = False
                    return
            status = await asyncio.to_thread(rebuild.current)
            async with self:
                self._show_rebuild(status)
                if self.rebuild_state not in ACTIVE:
                    self._watching = False
                    return
        async with self:
            self._watching = False

    def _show_not_allowed(self, exc: PermissionDenied) -> None:
        self.plugins, self.fields, self.error = [], [], ui_message(exc)

    async def _fetch(self) -> None:
        result, _ = await self._as_admin(plugins.list_plugins)
        if result is not None:
            self.plugins = [_row(info) for info in result]
            self.fields = [field for info in result for field in _fields(info)]
        self.loaded = True

    @rx.event
    async def load(self):
        self.error, self.notice = "", ""
        await self._fetch()
        return await self._refresh_rebuild()

    @rx.event
    async def switch(self, name: str, enabled: bool):
        self.error, self.notice = "", ""
        info, _ = await self._as_admin(plugins.set_enabled, name=str(name)[:120], enabled=bool(enabled))
        if info is not None:
            done = "enabled" if info.enabled else "disabled"
            self.notice = f"{info.name} is {done}."
        await self._fetch()
        return await self._refresh_rebuild()

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
        info, _ = await self._as_admin(plugins.update_settings, name=name, values=values)
        if info is not None:
            self.notice = f"Settings of {info.name} saved."
        await self._fetch()
