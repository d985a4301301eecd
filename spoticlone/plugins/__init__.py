"""The plugin API, version 1: what a ``pip install``-able package may add to Spoticlone.

A plugin is a normal Python package that exports one ``Plugin`` under the
``spoticlone.plugins`` entry point (``name = "package.module:plugin"``)::

    from spoticlone.plugins import NavEntry, Plugin, PluginPage, Subscription

    plugin = Plugin(
        name="hello_board", version="0.1.0", requires_core=">=0.1,<1",
        description="A board of what the class is playing.",
        capabilities=frozenset({"pages", "api", "sidebar", "events", "settings", "tables"}),
        settings_model=HelloSettings,            # pydantic model, every field with a default
        pages=(PluginPage("/p/hello_board", "Hello board", hello_page,
                          on_load=HelloState.load, requires="listener"),),
        routers=(router,),                       # served at /api/plugins/hello_board/...
        sidebar=(NavEntry("Hello board", "/p/hello_board", "sparkles"),),
        subscriptions=(Subscription(PLAY_RECORDED, "count", on_play),),
        migrations="hello_board:migrations",     # Alembic revisions, tables named hello_board_*
    )

Everything is off until an administrator enables it on ``/admin/plugins``. What each
part may do, and when a switch takes effect, is in ``docs/plugins.md``. Names exported
here are stable within one ``API_VERSION``; anything else in ``spoticlone`` may change.
"""

from __future__ import annotations

from typing import Any

from spoticlone.plugins.http import HostNotDeclared, http_client
from spoticlone.plugins.spec import CAPABILITIES, NavEntry, Plugin, PluginPage, Subscription
from spoticlone.services.core.events import (
    EVENTS,
    PLAY_RECORDED,
    PLAY_STARTED,
    TRACK_LIKED,
    TRACK_PUBLISHED,
    USER_FOLLOWED,
    USER_SIGNED_UP,
)

#: Bumped when a name below changes incompatibly; ``requires_core`` pins the core itself.
API_VERSION = 1

__all__ = [
    "API_VERSION",
    "CAPABILITIES",
    "EVENTS",
    "PLAY_RECORDED",
    "PLAY_STARTED",
    "TRACK_LIKED",
    "TRACK_PUBLISHED",
    "USER_FOLLOWED",
    "USER_SIGNED_UP",
    "HostNotDeclared",
    "NavEntry",
    "Plugin",
    "PluginPage",
    "Subscription",
    "http_client",
    "plugin_settings",
]


def plugin_settings(session: Any, name: str) -> Any:
    """The plugin ``name``'s settings: an instance of its ``settings_model``, validated.

    Its defaults until an administrator saves the form on ``/admin/plugins``; ``None`` for
    a plugin without settings.
    """
    from spoticlone.services.admin import plugins as service

    return service.settings_for(session, name=name)
