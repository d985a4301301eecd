"""Installed plugins as an administrator runs them: list, switch on or off, settings, errors.

Everything is off until an administrator enables it (no row in ``PluginState`` means
off). Enabling runs the plugin's own migrations first, in its own version table; a
plugin that did not load or declared something wrong cannot be enabled, and the reason
is in ``problems``. Built-in plugins are part of the core: always on, never switched.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, select

from spoticlone.models import PluginState, utcnow
from spoticlone.plugins import installed
from spoticlone.services.admin import audit
from spoticlone.services.catalog.read_cache import SharedReads
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound

log = logging.getLogger(__name__)

MAX_ERROR = 2000
#: A settings value typed on the admin page (the pydantic model bounds it further).
MAX_VALUE = 2000


class SettingField(DTO):
    """One setting as the admin form shows it."""

    name: str
    label: str
    kind: str  # "text" | "number" | "bool" | "secret"
    value: str
    description: str = ""


class PluginInfo(DTO):
    """One installed plugin as the admin page lists it: declaration, state and problems."""

    name: str
    version: str
    description: str
    capabilities: list[str]
    distribution: str
    builtin: bool
    enabled: bool
    usable: bool
    problems: list[str]
    last_error: str
    error_at: datetime | None
    settings: list[SettingField]
    has_pages: bool
    #: Enabled but its pages are not in this build (or the reverse): the next build shows them.
    restart_needed: bool


def enabled_names(session: Session) -> set[str]:
    """Names of the plugins an administrator enabled (usable or not)."""
    return set(session.exec(select(PluginState.name).where(PluginState.enabled)).all())


#: The enabled names per database. Plugin subscribers ask on every domain event (two on every
#: play), and a switch is rare: ``pluginstate`` is one of the tables whose writes start a new
#: generation of ``catalog.read_cache``, so a switch is seen at once by the process that made
#: it and by other worker processes within that cache's TTL (seconds).
_enabled_reads: SharedReads[frozenset[str]] = SharedReads(max_entries=64)


def is_enabled(session: Session, *, name: str) -> bool:
    """Whether an administrator switched ``name`` on (plugin subscribers check it on every event)."""
    return name in _enabled_reads.get(session, "enabled", lambda: frozenset(enabled_names(session)))


def known_enabled(session: Session, *, name: str) -> bool | None:
    """``is_enabled`` if it needs no query now, else None (not cached, or this session changed it)."""
    names = _enabled_reads.cached(session, "enabled")
    return None if names is None else name in names


def _kind(annotation: Any, name: str) -> str:
    if annotation is bool:
        return "bool"
    if annotation in (int, float):
        return "number"
    return "secret" if any(word in name for word in ("token", "secret", "password", "key")) else "text"


def settings_for(session: Session, *, name: str) -> BaseModel | None:
    """The plugin's validated settings (its defaults until an administrator saved some)."""
    item = installed.catalog().get(name)
    model = item.plugin.settings_model if item and item.plugin else None
    if model is None:
        return None
    row = session.get(PluginState, name)
    stored = json.loads(row.settings_json) if row and row.settings_json else {}
    try:
        return model(**stored)
    except ValidationError:
        log.warning("plugin %s: stored settings no longer validate, using its defaults", name)
        return model()


def _fields(session: Session, item: installed.Installed) -> list[SettingField]:
    current = settings_for(session, name=item.name) if item.plugin else None
    if current is None:
        return []
    out = []
    for field_name, info in type(current).model_fields.items():
        value = getattr(current, field_name)
        kind = _kind(info.annotation, field_name)
        shown = "" if kind == "secret" else ("true" if value is True else "false" if value is False else str(value))
        out.append(SettingField(name=field_name, label=info.title or field_name.replace("_", " ").capitalize(),
                                kind=kind, value=shown, description=info.description or ""))
    return out


def _info(session: Session, item: installed.Installed, states: dict[str, PluginState]) -> PluginInfo:
    row = states.get(item.name)
    plugin = item.plugin
    enabled = item.builtin or bool(row and row.enabled)
    has_pages = bool(plugin and plugin.compiled_parts)
    compiled = item.name in installed.COMPILED
    return PluginInfo(
        name=item.name,
        version=plugin.version if plugin else "?",
        description=plugin.description if plugin else "",
        capabilities=sorted(plugin.capabilities) if plugin else [],
        distribution=item.distribution,
        builtin=item.builtin,
        enabled=enabled,
        usable=item.usable,
        problems=list(item.problems),
        last_error=row.last_error if row else "",
        error_at=row.error_at if row else None,
        settings=_fields(session, item) if item.usable else [],
        has_pages=has_pages,
        restart_needed=has_pages and item.usable and enabled != compiled and not item.builtin,
    )


def _states(session: Session) -> dict[str, PluginState]:
    return {row.name: row for row in session.exec(select(PluginState)).all()}


def list_plugins(session: Session, *, actor: Actor) -> list[PluginInfo]:
    """Every installed plugin, built-in ones first, with its state and any problem."""
    require_admin(actor)
    states = _states(session)
    return [_info(session, item, states) for item in installed.catalog().values()]


def _installed(name: str) -> installed.Installed:
    item = installed.catalog().get(name)
    if item is None:
        raise NotFound(f"No installed plugin is named {name!r}.")
    return item


def _row(session: Session, name: str) -> PluginState:
    row = session.get(PluginState, name)
    if row is None:
        row = PluginState(name=name)
        session.add(row)
    return row


def set_enabled(session: Session, *, actor: Actor, name: str, enabled: bool) -> PluginInfo:
    """Switch a plugin on (after running its migrations) or off; its API follows at once."""
    admin = require_admin(actor)
    item = _installed(name)
    if item.builtin:
        raise Invalid(f"{name} is part of Spoticlone and is always on.")
    if enabled and not item.usable:
        raise Invalid(f"{name} cannot be enabled: " + "; ".join(item.problems))
    row = _row(session, name)
    if enabled and item.plugin is not None and item.plugin.migrations:
        from spoticlone.plugins import migrations

        try:
            migrations.upgrade(item.plugin, session.connection())
        except migrations.MigrationRefused as exc:
            raise Invalid(f"{name} cannot be enabled: {exc}") from exc
    if row.enabled != enabled:
        audit.record(session, actor=admin, action="plugin.enable" if enabled else "plugin.disable",
                     target_type="plugin", target_id=name, before={"enabled": row.enabled},
                     after={"enabled": enabled}, summary=f"{'Enabled' if enabled else 'Disabled'} {name}")
    row.enabled = enabled
    row.updated_at = utcnow()
    if enabled:
        row.last_error, row.error_at = "", None
    session.flush()
    installed.changed(name, enabled)
    log.info("plugin %s %s", name, "enabled" if enabled else "disabled")
    return _info(session, item, _states(session))


def update_settings(session: Session, *, actor: Actor, name: str, values: dict[str, Any]) -> PluginInfo:
    """Validate ``values`` with the plugin's settings model and store them.

    A blank secret keeps the stored one (the form never shows secrets back).
    """
    admin = require_admin(actor)
    item = _installed(name)
    current = settings_for(session, name=name) if item.usable else None
    if current is None:
        raise Invalid(f"{name} has no settings.")
    fields = type(current).model_fields
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise Invalid(f"Unknown setting: {', '.join(unknown)}.")
    merged = current.model_dump()
    for key, value in values.items():
        if isinstance(value, str) and len(value) > MAX_VALUE:
            raise Invalid(f"{key} is too long (at most {MAX_VALUE} characters).")
        if value == "" and _kind(fields[key].annotation, key) == "secret":
            continue
        merged[key] = value
    try:
        validated = type(current)(**merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise Invalid(f"{where}: {first.get('msg', 'invalid value')}.") from None
    row = _row(session, name)
    secret = {k for k in fields if _kind(fields[k].annotation, k) == "secret"}
    was, now = audit.changed_fields(
        {k: "(secret)" if k in secret else v for k, v in current.model_dump().items()},
        {k: "(secret changed)" if k in secret else v for k, v in validated.model_dump().items()}
        | {k: "(secret)" for k in secret if getattr(current, k) == getattr(validated, k)},
    )
    if was or now:
        audit.record(session, actor=admin, action="plugin.settings", target_type="plugin", target_id=name,
                     before=was, after=now, summary=f"Changed the settings of {name}")
    row.settings_json = validated.model_dump_json()
    row.updated_at = utcnow()
    session.flush()
    return _info(session, item, _states(session))


def record_error(session: Session, *, name: str, error: str) -> None:
    """Keep a plugin's latest failure for the admin page (called by the core, not by users)."""
    row = _row(session, name)
    row.last_error = error[:MAX_ERROR]
    row.error_at = utcnow()
    session.flush()
