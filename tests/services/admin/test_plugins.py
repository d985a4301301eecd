"""Plugins as an administrator runs them: discovery problems, switches, settings, isolation."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import select

from spoticlone.models import Genre, PluginState, Role, TrackLike
from spoticlone.plugins import activation, http_client, installed, plugin_settings
from spoticlone.plugins.spec import NavEntry, Plugin, PluginPage, Subscription, check
from spoticlone.services.admin import plugins
from spoticlone.services.core import events
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.library import collection
from tests import factories
from tests.plugin_helpers import BROKEN, GOOD, RAISING, fake_plugins, forget_plugins
from tests.sql_log import statements_run


@pytest.fixture
def catalog(monkeypatch, tmp_path):
    found = fake_plugins(
        monkeypatch, tmp_path,
        {"good_plugin": GOOD, "raising_plugin": RAISING, "broken_plugin": BROKEN},
        {"good": "good_plugin:plugin", "raising": "raising_plugin:plugin", "broken": "broken_plugin:plugin"},
    )
    activation.load_subscribers()
    yield found
    forget_plugins()


@pytest.fixture
def admin(session):
    return factories.make_user(session, role=Role.ADMIN)


def test_discovery_reports_a_plugin_that_fails_to_import(catalog):
    assert catalog["good"].usable and catalog["raising"].usable
    assert not catalog["broken"].usable
    assert "failed to import" in catalog["broken"].problems[0]
    assert "this_module_does_not_exist" in catalog["broken"].problems[0]
    assert catalog["charts"].builtin and catalog["charts"].usable


def test_only_admins_list_plugins(session, catalog, admin):
    listener = factories.make_user(session)
    with pytest.raises(PermissionDenied):
        plugins.list_plugins(session, actor=listener)
    with pytest.raises(PermissionDenied):
        plugins.list_plugins(session, actor=None)
    rows = {p.name: p for p in plugins.list_plugins(session, actor=admin)}
    assert rows["charts"].enabled and rows["charts"].builtin
    assert not rows["good"].enabled and rows["good"].capabilities == ["api", "events", "http", "settings"]
    assert not rows["broken"].usable and rows["broken"].problems


def test_everything_is_off_until_an_admin_enables_it(session, catalog, admin):
    assert plugins.enabled_names(session) == set()
    info = plugins.set_enabled(session, actor=admin, name="good", enabled=True)
    assert info.enabled and plugins.is_enabled(session, name="good")
    info = plugins.set_enabled(session, actor=admin, name="good", enabled=False)
    assert not info.enabled and plugins.enabled_names(session) == set()


def test_broken_builtin_and_unknown_plugins_cannot_be_switched(session, catalog, admin):
    with pytest.raises(Invalid, match=r"failed to import"):
        plugins.set_enabled(session, actor=admin, name="broken", enabled=True)
    with pytest.raises(Invalid, match="always on"):
        plugins.set_enabled(session, actor=admin, name="charts", enabled=False)
    with pytest.raises(NotFound):
        plugins.set_enabled(session, actor=admin, name="nope", enabled=True)
    with pytest.raises(PermissionDenied):
        plugins.set_enabled(session, actor=factories.make_user(session), name="good", enabled=True)
    assert session.exec(select(PluginState)).all() == []


def test_settings_are_validated_by_the_plugin_model(session, catalog, admin):
    assert plugin_settings(session, "good").greeting == "hi"
    info = plugins.update_settings(session, actor=admin, name="good",
                                   values={"greeting": "hello", "limit": "7", "api_token": "s3cret"})
    fields = {f.name: f for f in info.settings}
    assert fields["greeting"].value == "hello" and fields["limit"].kind == "number"
    assert fields["api_token"].kind == "secret" and fields["api_token"].value == ""  # never shown back
    assert plugin_settings(session, "good").api_token == "s3cret"
    # A blank secret keeps the stored one.
    plugins.update_settings(session, actor=admin, name="good", values={"api_token": ""})
    assert plugin_settings(session, "good").api_token == "s3cret"
    for bad in ({"limit": "99"}, {"greeting": ""}, {"limit": "many"}, {"unknown": "x"}, {"greeting": "x" * 3000}):
        with pytest.raises(Invalid):
            plugins.update_settings(session, actor=admin, name="good", values=bad)
    assert plugin_settings(session, "good").limit == 7


def test_a_raising_subscriber_never_fails_the_users_action(session, catalog, admin):
    plugins.set_enabled(session, actor=admin, name="raising", enabled=True)
    plugins.set_enabled(session, actor=admin, name="good", enabled=True)
    session.commit()
    listener = factories.make_user(session)
    track = factories.make_track(session)
    good = __import__("good_plugin")
    collection.like_track(session, actor=listener, track_id=track.id)
    assert session.exec(select(TrackLike).where(TrackLike.user_id == listener.id)).one()
    # Its own writes were rolled back with its savepoint; the next subscriber still ran.
    assert session.exec(select(Genre).where(Genre.slug == "plugin-wrote-this")).first() is None
    assert good.CALLS == [(listener.id, track.id)]
    row = session.get(PluginState, "raising")
    session.refresh(row)
    assert "the remote service is down" in row.last_error and row.error_at is not None
    listed = {p.name: p for p in plugins.list_plugins(session, actor=admin)}
    assert "RuntimeError" in listed["raising"].last_error


def test_a_disabled_plugins_subscriber_does_nothing(session, catalog):
    good = __import__("good_plugin")
    good.CALLS.clear()
    listener = factories.make_user(session)
    track = factories.make_track(session)
    collection.like_track(session, actor=listener, track_id=track.id)
    assert good.CALLS == []
    assert "good.count" in events.subscribers(events.TRACK_LIKED)


def test_whether_a_plugin_is_on_is_read_once_and_a_switch_is_seen_at_once(session, catalog, admin):
    """Subscribers ask on every event: a disabled plugin costs no query (not even a savepoint)
    once its state is known, and enabling or disabling it is seen by the very next event."""
    good = __import__("good_plugin")
    good.CALLS.clear()
    listener = factories.make_user(session)
    tracks = [factories.make_track(session) for _ in range(4)]
    session.commit()
    with statements_run(session.get_bind()) as statements:
        collection.like_track(session, actor=listener, track_id=tracks[0].id)
        first = [s for s in statements if "pluginstate" in s.lower() or "SAVEPOINT" in s.upper()]
        statements.clear()
        collection.like_track(session, actor=listener, track_id=tracks[1].id)
        again = [s for s in statements if "pluginstate" in s.lower() or "SAVEPOINT" in s.upper()]
    assert first and again == []
    assert good.CALLS == []
    plugins.set_enabled(session, actor=admin, name="good", enabled=True)
    session.commit()
    collection.like_track(session, actor=listener, track_id=tracks[2].id)
    assert good.CALLS == [(listener.id, tracks[2].id)]
    plugins.set_enabled(session, actor=admin, name="good", enabled=False)
    session.commit()
    collection.like_track(session, actor=listener, track_id=tracks[3].id)
    assert good.CALLS == [(listener.id, tracks[2].id)]


def test_http_is_limited_to_declared_hosts(catalog):
    plugin = catalog["good"].plugin
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"ok": True}))
    with http_client(plugin, transport=transport) as client:
        assert client.get("https://allowed.example/x").json() == {"ok": True}
        with pytest.raises(httpx.RequestError, match=r"may not call evil\.example"):
            client.get("https://evil.example/steal")


def _page() -> None:
    return None


@pytest.mark.parametrize("plugin, problem", [
    (Plugin(name="Bad Name", version="1", requires_core=">=0"), "name"),
    (Plugin(name="old", version="1", requires_core=">=2"), "requires Spoticlone >=2"),
    (Plugin(name="spec", version="1", requires_core="whatever"), "not a version range"),
    (Plugin(name="sneaky", version="1", requires_core=">=0", pages=(PluginPage("/p/x", "X", _page),)),
     "does not declare the 'pages' capability"),
    (Plugin(name="ev", version="1", requires_core=">=0", capabilities=frozenset({"events"}),
            subscriptions=(Subscription("no_such_event", "x", _page),)), "unknown event"),
    ("not a plugin", "not a spoticlone.plugins.Plugin"),
])
def test_declarations_are_checked(plugin, problem):
    problems = check(plugin, core_version="0.1.0", known_events=events.EVENTS)
    assert any(problem in p for p in problems), problems


def test_a_page_may_not_shadow_the_core_or_another_plugin():
    def declare(name, route):
        return Plugin(name=name, version="1", requires_core=">=0", capabilities=frozenset({"pages", "sidebar"}),
                      pages=(PluginPage(route, "T", _page),), sidebar=(NavEntry("T", route),))

    items = [installed.Installed(n, "d", p, []) for n, p in (
        ("a", declare("a", "/charts")), ("b", declare("b", "/api/x")),
        ("c", declare("c", "/p/board")), ("d", declare("d", "/p/board")))]
    installed.route_conflicts(items)
    problems = {item.name: " ".join(item.problems) for item in items}
    assert "shadow a core page" in problems["a"] and "shadow a core page" in problems["b"]
    assert problems["c"] == "" and "already the page of plugin 'c'" in problems["d"]


def test_a_database_not_migrated_yet_keeps_plugins_off_quietly(settings, caplog):
    """``make run`` on a fresh machine imports the app before migrating: no alarming warning then."""
    with caplog.at_level("DEBUG", logger=activation.__name__):
        assert activation._enabled_names() == set()
    assert not [r for r in caplog.records if r.levelname == "WARNING"]
    assert "not migrated" in caplog.text


def test_the_enabled_plugins_are_read_once_the_table_exists(session, catalog, admin):
    plugins.set_enabled(session, actor=admin, name="good", enabled=True)
    session.commit()
    assert activation._enabled_names() == {"good"}
