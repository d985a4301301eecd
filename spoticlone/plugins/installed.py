"""Which plugins are installed, found through the ``spoticlone.plugins`` entry points.

Discovery never raises: a package that fails to import, exports something that is not a
``Plugin``, needs another core version, or claims a route the core or another plugin
already has, is kept in the catalog with its problems, logged, and never activated.
This module imports no web framework, so services and the job worker can read it.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import threading
from collections.abc import Callable
from importlib import metadata

from spoticlone.plugins.spec import Plugin, check

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "spoticlone.plugins"

#: Paths the server answers itself: a plugin page may not start with one of these.
RESERVED_PREFIXES = frozenset({"api", "rest", "_event", "_upload", "ping", "_health", "assets",
                               "metrics", "favicon.ico", "player.js", "spoticlone.css"})


@dataclasses.dataclass
class Installed:
    """One installed plugin as discovery left it (``plugin`` is None when it did not load)."""

    name: str
    distribution: str
    plugin: Plugin | None
    problems: list[str]
    builtin: bool = False

    @property
    def usable(self) -> bool:
        return self.plugin is not None and not self.problems


_lock = threading.Lock()
_catalog: dict[str, Installed] | None = None
#: Plugins whose pages and sidebar entries this process compiled (set by activation).
COMPILED: set[str] = set()
#: Called with ``(name, enabled)`` after an administrator switched a plugin (activation
#: mounts or removes its API routes in this process).
_listeners: list[Callable[[str, bool], None]] = []


def core_version() -> str:
    import spoticlone

    return spoticlone.__version__


def known_events() -> tuple[str, ...]:
    from spoticlone.services.core import events

    return tuple(events.EVENTS)


def _load_entry_point(ep: metadata.EntryPoint) -> Installed:
    dist = ep.dist.name if ep.dist is not None else "?"
    try:
        obj = ep.load()
    except Exception as exc:  # an installed package must never take the core down
        log.exception("plugin %s (%s) failed to import", ep.name, dist)
        return Installed(ep.name, dist, None, [f"it failed to import: {type(exc).__name__}: {exc}"])
    problems = check(obj, core_version=core_version(), known_events=known_events())
    plugin = obj if isinstance(obj, Plugin) else None
    if plugin is not None and plugin.name != ep.name:
        problems.append(f"its entry point is named {ep.name!r} but the plugin is {plugin.name!r}")
    return Installed(ep.name, dist, plugin, problems)


def _core_routes() -> set[str]:
    from spoticlone import routes

    return set(routes.ALL_ROUTES)


def _first_segment(route: str) -> str:
    return route.strip("/").split("/", 1)[0]


def route_conflicts(found: list[Installed]) -> None:
    """Refuse a page route that shadows the core's, a reserved path, or another plugin's."""
    core = _core_routes()
    core_segments = {_first_segment(r) for r in core if r != "/"} | RESERVED_PREFIXES
    owner: dict[str, str] = {}
    for item in found:
        if item.plugin is None:
            continue
        for page in item.plugin.pages:
            if item.builtin:
                owner[page.route] = item.name
                continue
            if page.route in core or _first_segment(page.route) in core_segments or page.route == "/":
                item.problems.append(f"its page {page.route} would shadow a core page; pick another route "
                                     "(plugin pages usually live under /p/)")
            elif page.route in owner:
                item.problems.append(f"its page {page.route} is already the page of plugin {owner[page.route]!r}")
            else:
                owner[page.route] = item.name


def discover(builtins: tuple[Plugin, ...] = ()) -> dict[str, Installed]:
    """Every installed plugin by name: the core's built-in ones first, then the entry points."""
    found = [Installed(p.name, "spoticlone", p, [], builtin=True) for p in builtins]
    seen = {item.name for item in found}
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        item = _load_entry_point(ep)
        if item.name in seen:
            item.problems.append(f"another installed plugin is already named {item.name!r}")
            item.name = f"{item.name} ({item.distribution})"
        seen.add(item.name)
        found.append(item)
    route_conflicts(found)
    for item in found:
        if item.problems:
            log.error("plugin %s is not usable: %s", item.name, "; ".join(item.problems))
    return {item.name: item for item in found}


def catalog(*, refresh: bool = False) -> dict[str, Installed]:
    """The installed plugins of this process (discovered once, or again with ``refresh``)."""
    global _catalog
    with _lock:
        if _catalog is None or refresh:
            # By name: the built-in plugins import the web layer, which services (and their
            # type check) must not pull in.
            builtin = importlib.import_module("spoticlone.plugins.builtin")
            _catalog = discover(builtin.core_plugins())
        return _catalog


def reset() -> None:
    """Forget what was discovered (tests installing a plugin, a refresh after ``pip install``)."""
    global _catalog
    with _lock:
        _catalog = None


def on_change(listener: Callable[[str, bool], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def changed(name: str, enabled: bool) -> None:
    """Tell this process's activation that ``name`` was switched (its API routes follow at once)."""
    for listener in list(_listeners):
        try:
            listener(name, enabled)
        except Exception:
            log.exception("applying plugin %s's new state failed", name)
