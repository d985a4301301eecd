"""The page decorator every page uses: route, title, description and ``on_load``.

Pages are collected here and added to the app by ``register_pages`` instead of
``rx.page`` so the app module decides when (and whether) they are registered, and
tests can import page modules without building an app.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import reflex as rx

from spoticlone.branding import page_title
from spoticlone.components.layout import shell
from spoticlone.services.core.registry import Registry


@dataclasses.dataclass(frozen=True)
class PageSpec:
    route: str
    title: str | rx.Var
    description: str
    on_load: Any
    render: Callable[[], rx.Component]


#: Every page by route. A second page at a taken route is refused (``ValueError``) instead
#: of silently replacing the first; a plugin's pages register the same way as the core's.
PAGES: Registry[PageSpec] = Registry("pages")


def page(route: str, title: str, description: str, *, on_load: Any = None,
         dynamic_title: rx.Var | None = None) -> Callable:
    """Register the decorated function as the page at ``route`` inside the app shell.

    ``title`` is the static title; ``dynamic_title`` (a state var) replaces it in the
    browser once the entity is loaded. Crawlers get per-entity tags from the
    server-side Open Graph middleware, not from here.
    """

    def decorator(fn: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        @functools.wraps(fn)
        def render() -> rx.Component:
            # The "add anyway?" dialog answers a track-row menu on any page: once per page.
            # Imported here, at render time: the dialog pulls in the playlist states.
            from spoticlone.components.add_to_playlist import already_added_dialog
            from spoticlone.components.report_dialog import report_dialog

            return rx.fragment(shell(fn()), already_added_dialog(), report_dialog())

        PAGES.register(route, PageSpec(
            route=route,
            title=dynamic_title if dynamic_title is not None else page_title(title),
            description=description,
            on_load=on_load,
            render=render,
        ))
        return fn

    return decorator


def _with_auth(on_load: Any) -> list:
    """Every page first learns who is signed in (the shell's account menu needs it).

    A page whose own ``on_load`` is ``AuthState.require_account`` already refreshes.
    """
    from spoticlone.state.auth.signed_in import AuthState

    handlers = list(on_load) if isinstance(on_load, (list, tuple)) else ([on_load] if on_load else [])
    if any(getattr(h, "fn", None) is AuthState.require_account.fn for h in handlers):
        return handlers
    return [AuthState.refresh, *handlers]


def register_pages(app: rx.App) -> None:
    """Add every page collected by :func:`page` to ``app``.

    A page's ``on_load`` handlers run as one event (``state.page_load``).
    """
    from spoticlone.state.page_load import combined_on_load

    for _route, spec in PAGES.items():
        app.add_page(
            spec.render,
            route=spec.route,
            title=spec.title,
            description=spec.description,
            on_load=combined_on_load(spec.route, _with_auth(spec.on_load)),
        )
