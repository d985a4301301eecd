"""The plugin API, version 1.1: what a ``pip install``-able package may add to Spoticlone.

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
        admin_menu=(NavEntry("Hello board admin", "/p/hello_board/admin", "sparkles"),),  # 1.1
        subscriptions=(Subscription(PLAY_RECORDED, "count", on_play),),
        migrations="hello_board:migrations",     # Alembic revisions, tables named hello_board_*
        personal_data=PersonalData("What each listener pinned.", export_user, erase_user),  # 1.1
    )

Everything is off until an administrator enables it on ``/admin/plugins``. What each
part may do, and when a switch takes effect, is in ``docs/plugins.md``. Names exported
here are stable within one ``API_VERSION``; anything else in ``spoticlone`` may change.
"""

from __future__ import annotations

from typing import Any

from spoticlone.plugins.http import HostNotDeclared, http_client
from spoticlone.plugins.spec import CAPABILITIES, NavEntry, PersonalData, Plugin, PluginPage, Subscription
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
#: Bumped when names are added within ``API_VERSION``. 1.1 added ``Plugin.admin_menu``,
#: ``Plugin.personal_data`` (``PersonalData``: export and erasure of a person's data), the
#: ``admin_menu`` and ``personal_data`` capabilities, and the automatic rebuild when a plugin
#: with compiled parts is switched. On a 1.0 core, a plugin passing the new fields fails to
#: import (an unknown keyword) and the admin page says so; it can check ``API_MINOR`` first.
API_MINOR = 1

__all__ = [
    "API_MINOR",
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
    "PersonalData",
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
