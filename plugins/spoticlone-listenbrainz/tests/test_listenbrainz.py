"""The ListenBrainz plugin against a fake ListenBrainz: connect, now playing, listens exactly once."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from pydantic import ValidationError
from spoticlone_listenbrainz import accounts
from spoticlone_listenbrainz.page import listenbrainz_page
from spoticlone_listenbrainz.settings import Settings
from spoticlone_listenbrainz.state import ListenBrainzState
from spoticlone_listenbrainz.tables import accounts as account_table, listens

from spoticlone.models import PlayEvent
from spoticlone.services.admin.plugins import update_settings
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.core.errors import Invalid, PermissionDenied
from spoticlone.services.listening.plays import report_progress, start_play
from spoticlone.testing import factories, render_page, run, state_for

GOOD = "good-token-123"


@pytest.fixture
def lb(session, enable_plugin, fake_lb):
    enable_plugin("listenbrainz")
    admin = factories.make_user(session, role="admin")
    update_settings(session, actor=admin, name="listenbrainz", values={"base_url": fake_lb.url})
    return fake_lb


def _connected_listener(session):
    user = factories.make_user(session)
    accounts.connect_with_service(session, actor=user, token=GOOD)
    return user


def _track(session):
    artist = factories.make_artist(session, stage_name="Nova Lines")
    return factories.make_track(session, title="Night Drive", artist_id=artist.id, duration_ms=200_000)


def _counted_play(session, user, track):
    """A play started 2 minutes ago and reported past the 30 s threshold (emits play_recorded)."""
    event = PlayEvent(track_id=track.id, user_id=user.id, source="track",
                      started_at=datetime.now(UTC) - timedelta(minutes=2))
    session.add(event)
    session.commit()
    report_progress(session, play_id=event.id, ms_played=60_000, user_id=user.id)
    return event.id


def test_connect_checks_the_token_and_stores_it_sealed(session, lb):
    user = _connected_listener(session)
    assert "GET /1/validate-token" in lb.requests
    shown = accounts.connection(session, actor=user)
    assert shown.connected and shown.user_name == "ana_lb"
    stored = session.connection().execute(sa.select(account_table.c.token_sealed)).scalar()
    assert GOOD not in stored and accounts.unseal(stored) == GOOD


def test_an_invalid_token_is_refused_with_a_clear_message(session, lb):
    user = factories.make_user(session)
    with pytest.raises(Invalid, match="did not accept that token"):
        accounts.connect_with_service(session, actor=user, token="wrong-token-999")
    with pytest.raises(Invalid, match="Paste your ListenBrainz user token"):
        accounts.connect_with_service(session, actor=user, token="bad token with spaces")
    assert not accounts.connection(session, actor=user).connected
    with pytest.raises(PermissionDenied):
        accounts.connection(session, actor=None)


def test_the_service_being_down_at_connect_is_said_plainly(session, lb):
    lb.stop()
    with pytest.raises(Invalid, match="could not be reached"):
        accounts.connect_with_service(session, actor=factories.make_user(session), token=GOOD)


def test_a_slow_service_at_connect_is_given_up_on_with_the_same_plain_message(session, lb, monkeypatch):
    """The listener's session is locked while the token is checked: the check has its own short timeout."""
    import httpx

    limit = accounts.CHECK_TIMEOUT
    assert max(limit.connect, limit.read, limit.write, limit.pool) < 4  # under the Redis lock's expiry
    monkeypatch.setattr(accounts, "CHECK_TIMEOUT", httpx.Timeout(0.2))
    lb.delay = 1.0
    user = factories.make_user(session)
    with pytest.raises(Invalid, match="could not be reached"):
        accounts.connect_with_service(session, actor=user, token=GOOD)
    assert not accounts.connection(session, actor=user).connected


def test_playing_now_is_sent_when_a_play_starts(session, lb, run_jobs):
    user = _connected_listener(session)
    start_play(session, track_id=_track(session).id, source="track", user_id=user.id)
    assert lb.of_type("playing_now") == []  # never during the listener's request
    run_jobs()
    (sent,) = lb.of_type("playing_now")
    meta = sent["payload"][0]["track_metadata"]
    assert meta["track_name"] == "Night Drive" and meta["artist_name"] == "Nova Lines"
    assert "listened_at" not in sent["payload"][0]


def test_a_listen_arrives_exactly_once_through_a_503(session, lb, run_jobs):
    user = _connected_listener(session)
    track = _track(session)
    lb.failures = [503]
    play_id = _counted_play(session, user, track)
    # the same play reported again never makes a second row
    report_progress(session, play_id=play_id, ms_played=90_000, user_id=user.id)
    assert session.connection().execute(sa.select(sa.func.count()).select_from(listens)).scalar() == 1
    assert run_jobs() == 1 and lb.of_type("single") == []  # 503: the job will be retried
    assert accounts.connection(session, actor=user).waiting == 1
    while run_jobs():
        pass
    (sent,) = lb.of_type("single")
    assert sent["payload"][0]["track_metadata"]["track_name"] == "Night Drive"
    assert isinstance(sent["payload"][0]["listened_at"], int)
    from spoticlone_listenbrainz.tasks import submit_listen

    assert submit_listen.call_local(play_id) == "already"  # a late duplicate job submits nothing
    assert len(lb.of_type("single")) == 1
    session.expire_all()
    shown = accounts.connection(session, actor=user)
    assert shown.sent == 1 and shown.waiting == 0


def test_listeners_without_a_token_and_anonymous_plays_send_nothing(session, lb, run_jobs):
    user = factories.make_user(session)
    track = _track(session)
    _counted_play(session, user, track)
    start_play(session, track_id=track.id, source="track", anonymous_session="a" * 32)
    run_jobs()
    assert lb.submissions == []


def test_disconnect_forgets_the_token(session, lb, run_jobs):
    user = _connected_listener(session)
    assert not accounts.disconnect(session, actor=user).connected
    _counted_play(session, user, _track(session))
    run_jobs()
    assert lb.submissions == [] and accounts.token_for(session, user.id) is None


def test_the_api_shows_only_my_own_connection(api, session, lb):
    ana = _connected_listener(session)
    bob = factories.make_user(session)
    assert api.get("/api/plugins/listenbrainz/account").status_code == 401
    bob_headers = {"Authorization": f"Bearer {factories.make_api_token(session, bob)}"}
    mine = api.get("/api/plugins/listenbrainz/account", headers=bob_headers).json()
    assert mine["connected"] is False and mine["user_name"] == ""
    refused = api.put("/api/plugins/listenbrainz/account", json={"token": "nope-nope-nope"}, headers=bob_headers)
    assert refused.status_code == 422 and "did not accept" in refused.text
    ana_headers = {"Authorization": f"Bearer {factories.make_api_token(session, ana)}"}
    assert api.get("/api/plugins/listenbrainz/account", headers=ana_headers).json()["user_name"] == "ana_lb"
    assert api.delete("/api/plugins/listenbrainz/account", headers=bob_headers).status_code == 200
    assert accounts.connection(session, actor=ana).connected  # Bob's disconnect is his own


def test_the_page_state_connects_and_shows_errors(session, lb):
    user = factories.make_user(session)
    state = state_for(ListenBrainzState, "/p/listenbrainz", session_token=create_session(session, user_id=user.id))
    run(ListenBrainzState.load, state)
    assert state.connected is False
    run(ListenBrainzState.save, state, {"token": "wrong-token-999"})
    assert "did not accept" in state.error and not state.connected
    run(ListenBrainzState.save, state, {"token": GOOD})
    assert state.connected and state.user_name == "ana_lb" and state.error == ""
    run(ListenBrainzState.disconnect, state)
    assert not state.connected


def test_the_page_renders():
    assert "listenbrainz-page" in render_page(listenbrainz_page)


def test_undeclared_service_hosts_are_refused():
    with pytest.raises(ValidationError, match="not allowed"):
        Settings(base_url="http://192.168.1.10")
    assert Settings().base_url == "https://api.listenbrainz.org"


def _erasure_due(session, user):
    from spoticlone.models import AccountDeletion

    row = AccountDeletion(user_id=user.id, due_at=datetime.now(UTC) - timedelta(minutes=1))
    session.add(row)
    session.commit()
    return row.id


def test_the_data_export_has_the_connection_and_listens_but_never_the_token(session, lb, run_jobs, tmp_path):
    import json
    import zipfile

    from spoticlone.integrations.media_store import LocalMediaStore
    from spoticlone.services.accounts.data_export_archive import write_archive

    user, other, track = _connected_listener(session), _connected_listener(session), _track(session)
    play_id = _counted_play(session, user, track)
    _counted_play(session, other, track)
    run_jobs()
    zip_path = tmp_path / "export.zip"
    write_archive(session, user=user, destination=zip_path, store=LocalMediaStore(tmp_path / "media"),
                  origin="http://127.0.0.1")
    with zipfile.ZipFile(zip_path) as archive:
        raw = archive.read("plugins/listenbrainz.json").decode()
        readme = archive.read("README.txt").decode()
    data = json.loads(raw)
    assert data["connection"]["listenbrainz_user_name"] == "ana_lb"
    assert "not included" in data["connection"]["token"]
    assert GOOD not in raw and "gAAAA" not in raw  # neither the token nor its sealed form
    assert [(x["play_event_id"], x["status"]) for x in data["listens"]] == [(play_id, "sent")]
    assert "plugins/listenbrainz.json" in readme and "ListenBrainz" in readme


def test_erasing_the_account_removes_its_token_and_listens_and_no_one_elses(session, lb, run_jobs):
    from spoticlone_listenbrainz.plugin import plugin

    from spoticlone.services.accounts.deletion_erase import erase_due

    user, other, third, track = (_connected_listener(session), _connected_listener(session),
                                 _connected_listener(session), _track(session))
    for listener in (user, other, third):
        _counted_play(session, listener, track)
    run_jobs()
    conn = session.connection()
    # The hook itself (the tables' ON DELETE CASCADE would hide a hook that does nothing).
    plugin.personal_data.erase_user(session, user.id)
    assert sorted(conn.execute(sa.select(account_table.c.user_id)).scalars()) == [other.id, third.id]
    assert sorted(conn.execute(sa.select(listens.c.user_id)).scalars()) == [other.id, third.id]
    session.commit()
    # And through the core's erasure of a whole account.
    _erasure_due(session, other)
    assert erase_due(session) == 1
    conn = session.connection()
    assert conn.execute(sa.select(account_table.c.user_id)).scalars().all() == [third.id]
    assert conn.execute(sa.select(listens.c.user_id)).scalars().all() == [third.id]
