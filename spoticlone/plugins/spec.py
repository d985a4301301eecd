"""What a plugin declares: the ``Plugin`` object and the parts it contributes.

Pure data with no framework import, so discovery (and the admin page's list) can read a
plugin's declaration without compiling anything. ``check`` says what is wrong with a
declaration in sentences an administrator can act on; the activation code trusts only
declarations it passed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any, Literal

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

#: Every capability a plugin may declare; a part it contributes needs its capability.
CAPABILITIES = frozenset({"pages", "api", "events", "http", "settings", "tables", "sidebar",
                          "admin_menu", "strategies", "jobs", "personal_data"})

#: Who may open a plugin page: anyone, any signed-in account, artists (and admins), admins.
Requirement = Literal["listener", "artist", "admin"] | None
REQUIREMENTS = (None, "listener", "artist", "admin")

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclasses.dataclass(frozen=True)
class PluginPage:
    """A page rendered inside the normal layout (sidebar, account menu, persistent player).

    ``component`` is a function returning an ``rx.Component``; it runs once when the app is
    built, so it reads no data: ``on_load`` (an event handler of the plugin's ``rx.State``)
    does. ``on_load`` may also be a plain function returning the handler(s), called when the
    page is registered: then listing the plugin (which services do, on worker threads where
    Reflex cannot define a state class) does not import its state. ``requires`` is enforced
    by the core the way its own private pages are; the plugin's state handlers must still act
    for the signed-in actor (``spoticlone.state``).
    """

    route: str
    title: str
    component: Callable[[], Any]
    on_load: Any = None
    description: str = ""
    requires: Requirement = None


@dataclasses.dataclass(frozen=True)
class NavEntry:
    """A main-navigation link: the desktop sidebar, the phone's bottom bar, or both."""

    label: str
    href: str
    icon: str = "puzzle"  # a Lucide icon name
    where: Literal["both", "desktop", "phone"] = "desktop"


@dataclasses.dataclass(frozen=True)
class PersonalData:
    """How a plugin that keeps data about people takes part in "Export my data" and deletion.

    ``export_user(session, user_id)`` returns a JSON-ready dict: it becomes
    ``plugins/<name>.json`` in the person's export, under ``about`` in its README. Secrets
    never leave: say that a token exists, never its value. ``erase_user(session, user_id)``
    deletes or anonymises every row of the plugin's own tables about that account, inside
    the erasure's transaction (do not commit). Both run for every installed plugin that was
    ever enabled, since a disabled plugin's tables still hold what it stored. A failing
    export is noted in the file; a failing erasure stops the account's erasure, which is
    retried by the next run of the deletion job (``docs/plugins.md``).
    """

    about: str
    export_user: Callable[[Any, int], dict[str, Any]]
    erase_user: Callable[[Any, int], None]


@dataclasses.dataclass(frozen=True)
class Subscription:
    """``handler(session, **payload)`` runs when ``event`` is emitted (``spoticlone.plugins.EVENTS``).

    It runs inside the user's transaction but in a SAVEPOINT: if it raises, only its own
    writes are undone, the error is logged and shown on the admin page, and the user's
    action succeeds. Network calls belong in a job (``task_modules``), never here.
    """

    event: str
    name: str
    handler: Callable[..., None]


@dataclasses.dataclass(frozen=True)
class Plugin:
    """A plugin's declaration, exported by its package under the ``spoticlone.plugins`` entry point."""

    name: str
    version: str
    requires_core: str
    description: str = ""
    capabilities: frozenset[str] = frozenset()
    http_hosts: tuple[str, ...] = ()
    settings_model: type | None = None
    pages: tuple[PluginPage, ...] = ()
    routers: tuple[Any, ...] = ()
    sidebar: tuple[NavEntry, ...] = ()
    #: Links in the account menu's administration part, shown to administrators only (API 1.1).
    admin_menu: tuple[NavEntry, ...] = ()
    subscriptions: tuple[Subscription, ...] = ()
    strategies: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    migrations: str | None = None
    task_modules: tuple[str, ...] = ()
    #: Its share of a person's export and erasure (API 1.1).
    personal_data: PersonalData | None = None

    @property
    def compiled_parts(self) -> bool:
        """Whether it adds anything built into the frontend (switching it takes a rebuild)."""
        return bool(self.pages or self.sidebar or self.admin_menu)


def _needs(plugin: Plugin, capability: str, present: bool) -> list[str]:
    if present and capability not in plugin.capabilities:
        return [f"it contributes {capability} but does not declare the {capability!r} capability"]
    return []


def check(plugin: Any, *, core_version: str, known_events: tuple[str, ...]) -> list[str]:
    """Everything wrong with ``plugin`` as sentences; empty when it may be enabled."""
    if not isinstance(plugin, Plugin):
        return [f"the entry point gives a {type(plugin).__name__}, not a spoticlone.plugins.Plugin"]
    problems: list[str] = []
    if not NAME_PATTERN.match(plugin.name):
        problems.append(f"its name {plugin.name!r} must be 2-40 lowercase letters, digits or _, "
                        "starting with a letter")
    try:
        if Version(core_version) not in SpecifierSet(plugin.requires_core):
            problems.append(f"it requires Spoticlone {plugin.requires_core}, this is {core_version}")
    except InvalidSpecifier:
        problems.append(f"requires_core {plugin.requires_core!r} is not a version range like '>=0.1,<1'")
    unknown = sorted(set(plugin.capabilities) - CAPABILITIES)
    if unknown:
        problems.append(f"unknown capabilities: {', '.join(unknown)}")
    problems += _needs(plugin, "pages", bool(plugin.pages))
    problems += _needs(plugin, "api", bool(plugin.routers))
    problems += _needs(plugin, "sidebar", bool(plugin.sidebar))
    problems += _needs(plugin, "admin_menu", bool(plugin.admin_menu))
    problems += _needs(plugin, "personal_data", plugin.personal_data is not None)
    problems += _needs(plugin, "events", bool(plugin.subscriptions))
    problems += _needs(plugin, "settings", plugin.settings_model is not None)
    problems += _needs(plugin, "tables", plugin.migrations is not None)
    problems += _needs(plugin, "strategies", bool(plugin.strategies))
    problems += _needs(plugin, "jobs", bool(plugin.task_modules))
    problems += _needs(plugin, "http", bool(plugin.http_hosts))
    for page in plugin.pages:
        if not page.route.startswith("/") or page.route != page.route.rstrip("/") or " " in page.route:
            problems.append(f"page route {page.route!r} must start with / and not end with /")
        if page.requires not in REQUIREMENTS:
            problems.append(f"page {page.route}: requires must be one of None, 'listener', 'artist', 'admin'")
    for entry in (*plugin.sidebar, *plugin.admin_menu):
        if not entry.href.startswith("/") or not entry.label.strip():
            problems.append(f"menu entry {entry.label!r} needs a label and a link starting with /")
    for sub in plugin.subscriptions:
        if sub.event not in known_events:
            problems.append(f"subscription {sub.name!r}: unknown event {sub.event!r}")
    if plugin.settings_model is not None:
        problems += _settings_problems(plugin.settings_model)
    return problems


def _settings_problems(model: type) -> list[str]:
    from pydantic import BaseModel, ValidationError

    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return ["settings_model must be a pydantic BaseModel"]
    try:
        model()
    except ValidationError:
        return ["every setting needs a default (the plugin starts with its defaults)"]
    return []
