"""The account menu's administration links come from one registry, the core's and plugins' alike."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.components import layout
from spoticlone.plugins import activation, installed
from spoticlone.plugins.builtin import ADMINISTRATION
from spoticlone.plugins.spec import NavEntry, Plugin, check
from spoticlone.services.core import events


def test_the_core_admin_links_are_registered_by_its_builtin_plugin():
    labels = [entry.label for _name, entry in layout.ADMIN_MENU.items()]
    assert labels[:len(ADMINISTRATION.admin_menu)] == [entry.label for entry in ADMINISTRATION.admin_menu]
    assert "Plugins" in labels and "Audit log" in labels
    assert routes.ADMIN_PLUGINS in str(layout.account_area())


@pytest.fixture
def board_admin():
    plugin = Plugin(name="board", version="1", requires_core=">=0", capabilities=frozenset({"admin_menu"}),
                    admin_menu=(NavEntry("Board moderation", "/p/board/moderate", "shield"),))
    item = installed.Installed("board", "spoticlone-board", plugin, [])
    activation._contribute(item)
    yield item
    layout.ADMIN_MENU.unregister("board:Board moderation")
    installed.COMPILED.discard("board")


def test_an_enabled_plugin_adds_an_admin_link_shown_to_administrators_only(board_admin):
    assert list(layout.ADMIN_MENU.names())[-1] == "board:Board moderation"
    menu = str(layout.account_area())
    assert "/p/board/moderate" in menu and "Board moderation" in menu
    # Inside the same condition as the core's admin links, after them.
    admin_part = menu[menu.index('"admin"'):]
    assert admin_part.index(routes.ADMIN_AUDIT) < admin_part.index("/p/board/moderate")


def test_admin_links_need_their_capability_and_a_path():
    undeclared = Plugin(name="board", version="1", requires_core=">=0",
                        admin_menu=(NavEntry("Board", "/p/board"),))
    assert any("'admin_menu' capability" in p
               for p in check(undeclared, core_version="0.1.0", known_events=events.EVENTS))
    outward = Plugin(name="board", version="1", requires_core=">=0", capabilities=frozenset({"admin_menu"}),
                     admin_menu=(NavEntry("Board", "https://elsewhere.example"),))
    assert any("link starting with /" in p for p in check(outward, core_version="0.1.0", known_events=events.EVENTS))
    assert outward.compiled_parts and not Plugin(name="x", version="1", requires_core=">=0").compiled_parts
