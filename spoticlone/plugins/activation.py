"""Turning installed plugins into parts of the running app, and back.

Three kinds of parts, switched three ways:

* pages, sidebar and admin-menu entries are compiled into the frontend: ``load_plugins``
  registers those of the built-in and enabled plugins once per process, before the app is
  built, so switching one takes the next build (``rebuild.py``: under ``make run`` the
  supervisor rebuilds and restarts by itself; the admin page shows its progress);
* API routers are switched live: ``include_plugin_routers`` mounts the enabled ones under
  ``/api/plugins/<name>`` when the API is built, and an administrator's switch mounts or
  removes them in this process at once (OpenAPI follows);
* event subscribers of every usable plugin are registered, but each run first checks the
  plugin is enabled *in the database*, so a switch reaches every process (web, worker)
  immediately. Each runs in a SAVEPOINT: its failure is logged and shown on the admin
  page, and never fails the user's action.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import threading
import weakref
from typing import Any

from spoticlone.plugins import installed
from spoticlone.plugins.spec import Plugin, PluginPage, Subscription

log = logging.getLogger(__name__)

API_PREFIX = "/api/plugins"

#: Strategy kinds a plugin may extend: ``module:attribute`` of the core's registry.
STRATEGY_REGISTRIES = {
    "generators": "spoticlone.services.discovery.engine:GENERATORS",
    "radio": "spoticlone.services.discovery.radio_strategies:RADIO_STRATEGIES",
}

_lock = threading.RLock()
_pages_loaded = False
_subscribers_loaded = False
_apps: weakref.WeakSet = weakref.WeakSet()
_mounted: dict[tuple[int, str], list[Any]] = {}
_subscribed: list[tuple[str, str]] = []


def _enabled_names() -> set[str]:
    """The enabled plugins according to the database (none if it cannot be read yet).

    A database without the plugin table is one not migrated yet (``make run`` on a fresh
    machine imports the app to migrate it): no plugin can be enabled there, so that is said
    quietly; any other failure is a warning.
    """
    from sqlalchemy import inspect as sa_inspect

    from spoticlone.db import session_scope
    from spoticlone.models import PluginState
    from spoticlone.services.admin import plugins as service

    try:
        with session_scope() as session:
            if not sa_inspect(session.connection()).has_table(PluginState.__tablename__):
                log.debug("no plugin table yet (the database is not migrated): third-party plugins stay off")
                return set()
            return service.enabled_names(session)
    except Exception as exc:  # noqa: BLE001 - a database not migrated yet: everything stays off
        log.warning("plugin states could not be read (%s); third-party plugins stay off",
                    str(exc).splitlines()[0][:200])
        return set()


def _broken(item: installed.Installed, what: str, exc: BaseException) -> None:
    log.exception("plugin %s: %s failed", item.name, what)
    item.problems.append(f"its {what} failed: {type(exc).__name__}: {exc}")


def load_plugins() -> None:
    """Register the pages, sidebar and admin-menu entries, strategies and jobs of the built-in and enabled
    plugins, and the subscribers of every usable one. Once per process; never raises."""
    global _pages_loaded
    with _lock:
        load_subscribers()
        if _pages_loaded:
            return
        _pages_loaded = True
        enabled = _enabled_names()
        for item in installed.catalog().values():
            if item.usable and (item.builtin or item.name in enabled):
                try:
                    _contribute(item)
                except Exception as exc:  # noqa: BLE001 - a broken plugin never takes the core down
                    _broken(item, "activation", exc)


def load_subscribers() -> None:
    """Register every usable plugin's subscribers (each checks the enabled flag when it runs)."""
    global _subscribers_loaded
    with _lock:
        if _subscribers_loaded:
            return
        _subscribers_loaded = True
        installed.on_change(_apply_change)
        from spoticlone.plugins import rebuild

        installed.on_change(rebuild.on_switch)  # under `make run`: ask the supervisor for a new build
        from spoticlone.services.core import events

        for item in installed.catalog().values():
            if not item.usable or item.plugin is None:
                continue
            for sub in item.plugin.subscriptions:
                try:
                    events.subscribe(sub.event, f"{item.name}.{sub.name}",
                                     sub.handler if item.builtin else _isolated(item.name, sub))
                    _subscribed.append((sub.event, f"{item.name}.{sub.name}"))
                except Exception as exc:  # noqa: BLE001 - reported on the admin page instead
                    _broken(item, f"subscription {sub.name!r}", exc)


def unload_subscribers() -> None:
    """Remove the subscribers ``load_subscribers`` added (a re-scan after installing a plugin)."""
    global _subscribers_loaded
    from spoticlone.services.core import events

    with _lock:
        while _subscribed:
            event, name = _subscribed.pop()
            events.unsubscribe(event, name)
        _subscribers_loaded = False


def worker_modules() -> tuple[str, ...]:
    """For the job worker: subscribers registered, and the task modules of enabled plugins."""
    load_subscribers()
    enabled = _enabled_names()
    return tuple(module for item in installed.catalog().values()
                 if item.usable and item.plugin and (item.builtin or item.name in enabled)
                 for module in item.plugin.task_modules)


def _isolated(name: str, sub: Subscription):
    def run(session, **payload) -> None:
        from spoticlone.services.admin import plugins as service

        if service.known_enabled(session, name=name) is False:
            return  # switched off, known without a query: not even the savepoint
        try:
            with session.begin_nested():
                if service.is_enabled(session, name=name):
                    sub.handler(session, **payload)
        except Exception as exc:
            log.exception("plugin %s: subscriber %s of %s failed", name, sub.name, sub.event)
            message = f"{sub.event} subscriber {sub.name!r} raised {type(exc).__name__}: {exc}"
            try:
                with session.begin_nested():
                    service.record_error(session, name=name, error=message)
            except Exception:
                log.exception("plugin %s: its error could not be recorded", name)

    run.__name__ = f"{name}.{sub.name}"
    return run


def _contribute(item: installed.Installed) -> None:
    plugin = item.plugin
    assert plugin is not None
    for page in plugin.pages:
        _register_page(page)
    _register_sidebar(item)
    _register_admin_menu(item)
    for kind, parts in plugin.strategies.items():
        registry = _strategy_registry(kind)
        for strategy_name, strategy in parts.items():
            registry.register(strategy_name if item.builtin else f"{plugin.name}.{strategy_name}", strategy)
    for module in plugin.task_modules:
        importlib.import_module(module)
    if item.builtin:
        from spoticlone.api.routers import ROUTERS

        for index, router in enumerate(plugin.routers):
            ROUTERS.register(plugin.name if index == 0 else f"{plugin.name}-{index}", router)
    installed.COMPILED.add(item.name)


def _strategy_registry(kind: str):
    if kind not in STRATEGY_REGISTRIES:
        raise ValueError(f"unknown strategy kind {kind!r}; known: {', '.join(STRATEGY_REGISTRIES)}")
    module, _, attribute = STRATEGY_REGISTRIES[kind].partition(":")
    return getattr(importlib.import_module(module), attribute)


def _register_sidebar(item: installed.Installed) -> None:
    from spoticlone.components.layout import SIDEBAR, NavEntry

    assert item.plugin is not None
    for entry in item.plugin.sidebar:
        key = entry.label if item.builtin else f"{item.name}:{entry.label}"
        if item.builtin and key in SIDEBAR:
            continue  # the core's navigation, registered by the shell itself to keep its place
        SIDEBAR.register(key, NavEntry(entry.label, entry.href, entry.icon, where=entry.where))


def _register_admin_menu(item: installed.Installed) -> None:
    from spoticlone.components.layout import ADMIN_MENU, NavEntry

    assert item.plugin is not None
    for entry in item.plugin.admin_menu:
        key = entry.label if item.builtin else f"{item.name}:{entry.label}"
        if item.builtin and key in ADMIN_MENU:
            continue  # the core's entries, registered by the shell itself to keep their place
        ADMIN_MENU.register(key, NavEntry(entry.label, entry.href, entry.icon))


def _register_page(spec: PluginPage) -> None:
    from spoticlone.components.plugin_pages import guarded_component
    from spoticlone.components.template import page
    from spoticlone.state.auth.signed_in import AuthState

    # A plain function stands for handlers imported only now (see ``PluginPage``); an event
    # handler is not a function.
    on_load = spec.on_load() if inspect.isfunction(spec.on_load) else spec.on_load
    handlers = list(on_load) if isinstance(on_load, (list, tuple)) else ([on_load] if on_load is not None else [])
    if spec.requires is not None:
        handlers = [AuthState.require_account, *handlers]
    page(spec.route, spec.title, spec.description or spec.title, on_load=handlers or None)(
        guarded_component(spec.component, spec.requires))


def include_plugin_routers(app) -> None:
    """Mount the enabled third-party plugins' routers on a freshly built API app."""
    enabled = _enabled_names()
    with _lock:
        _apps.add(app)
        for item in installed.catalog().values():
            if item.usable and not item.builtin and item.name in enabled:
                _mount(app, item)


def _catch_all_index(app) -> int:
    for index, route in enumerate(app.router.routes):
        if getattr(route, "path", None) in ("/api", "/api/{path:path}") and not getattr(
                route, "include_in_schema", True):
            return index
    return len(app.router.routes)


def _mount(app, item: installed.Installed) -> None:
    key = (id(app), item.name)
    if key in _mounted or item.plugin is None:
        return
    before = list(app.router.routes)
    for router in item.plugin.routers:
        app.include_router(router, prefix=f"{API_PREFIX}/{item.name}",
                           tags=[f"plugin: {item.name}"])
    added = [route for route in app.router.routes if route not in before]
    # The catch-all for unknown /api paths must stay last: move the new routes before it.
    app.router.routes[:] = [route for route in app.router.routes if route not in added]
    position = _catch_all_index(app)
    app.router.routes[position:position] = added
    _mounted[key] = added
    app.openapi_schema = None


def _unmount(app, name: str) -> None:
    added = _mounted.pop((id(app), name), None)
    if added:
        app.router.routes[:] = [route for route in app.router.routes if route not in added]
        app.openapi_schema = None


def _apply_change(name: str, enabled: bool) -> None:
    item = installed.catalog().get(name)
    if item is None or item.builtin:
        return
    with _lock:
        for app in list(_apps):
            if enabled and item.usable:
                _mount(app, item)
            else:
                _unmount(app, name)


def plugin(name: str) -> Plugin | None:
    """The declaration of the installed plugin ``name`` (None if unknown or broken)."""
    item = installed.catalog().get(name)
    return item.plugin if item is not None and item.usable else None
