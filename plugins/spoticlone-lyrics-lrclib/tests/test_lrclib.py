"""The LRCLIB plugin against a fake LRCLIB: found, not found, cached, rate limited, down."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from lrclib import fetching
from lrclib.plugin import plugin
from lrclib.settings import Settings
from lrclib.tables import cache
from pydantic import ValidationError

from spoticlone.models import Track
from spoticlone.plugins import HostNotDeclared, http_client
from spoticlone.services.admin.plugins import update_settings
from spoticlone.services.catalog.lyrics import lyrics_for_track
from spoticlone.services.listening.plays import start_play
from spoticlone.testing import factories

LRC = "[00:01.00]Hello there\n[00:04.50]Second line\n"
T0 = datetime(2026, 1, 1, 12, 0, 0)


def _song(session, title="Blue Sky", artist="Ana"):
    artist_row = factories.make_artist(session, stage_name=artist)
    return factories.make_track(session, title=title, artist_id=artist_row.id, duration_ms=180_000)


def _settings(fake, **extra):
    return Settings(base_url=fake.url, **extra)


def _fetch(session, fake, track_id, now=T0, **extra):
    with http_client(plugin) as client:
        return fetching.fetch(session, track_id=track_id, settings=_settings(fake, **extra), client=client, now=now)


def _status(session, track_id):
    return session.connection().execute(sa.select(cache.c.status).where(cache.c.track_id == track_id)).scalar()


def test_found_lyrics_are_stored_synced_marked_and_shown_by_the_player(session, enable_plugin, fake_lrclib):
    enable_plugin("lrclib")
    track = _song(session)
    fake_lrclib.add("Blue Sky", "Ana", LRC)
    assert _fetch(session, fake_lrclib, track.id).status == "found"
    asked = fake_lrclib.requests[0]
    assert asked["path"] == "/api/get" and asked["artist_name"] == "Ana" and asked["duration"] == "180"
    session.refresh(track)
    assert fetching.is_from_lrclib(track)
    shown = lyrics_for_track(session, track_id=track.id)
    assert shown.synced and [line.text for line in shown.lines] == ["Hello there", "Second line"]
    assert _status(session, track.id) == "found"


def test_a_miss_is_cached_and_not_asked_again(session, enable_plugin, fake_lrclib):
    enable_plugin("lrclib")
    track = _song(session, title="Unknown")
    assert _fetch(session, fake_lrclib, track.id).status == "not_found"
    assert _fetch(session, fake_lrclib, track.id, now=T0 + timedelta(days=1)).status == "cached"
    assert len(fake_lrclib.requests) == 1
    # after the TTL it is asked again
    assert _fetch(session, fake_lrclib, track.id, now=T0 + timedelta(days=15)).status == "not_found"
    assert len(fake_lrclib.requests) == 2


def test_unsynced_or_garbage_answers_count_as_not_found(session, enable_plugin, fake_lrclib):
    enable_plugin("lrclib")
    track = _song(session)
    fake_lrclib.add("Blue Sky", "Ana", None, plain="only plain words")
    assert _fetch(session, fake_lrclib, track.id).status == "not_found"
    session.refresh(track)
    assert track.synced_lyrics == ""


def test_requests_are_rate_limited(session, enable_plugin, fake_lrclib):
    enable_plugin("lrclib")
    first, second = _song(session, title="One", artist="A1"), _song(session, title="Two", artist="A2")
    assert _fetch(session, fake_lrclib, first.id).status == "not_found"
    waited = _fetch(session, fake_lrclib, second.id, now=T0 + timedelta(milliseconds=300))
    assert waited.status == "wait" and 0 < waited.wait_seconds <= 1
    assert len(fake_lrclib.requests) == 1
    assert _fetch(session, fake_lrclib, second.id, now=T0 + timedelta(seconds=1)).status == "not_found"
    assert len(fake_lrclib.requests) == 2


def test_server_down_marks_an_error_and_raises_for_a_retry(session, enable_plugin, fake_lrclib):
    enable_plugin("lrclib")
    track = _song(session)
    fake_lrclib.status = 503
    with pytest.raises(fetching.ServiceDown):
        _fetch(session, fake_lrclib, track.id)
    assert _status(session, track.id) == "error"
    fake_lrclib.status = None
    fake_lrclib.add("Blue Sky", "Ana", LRC)
    assert _fetch(session, fake_lrclib, track.id, now=T0 + timedelta(seconds=2)).status == "found"


def test_play_start_queues_a_lookup_after_commit_and_never_blocks(session, enable_plugin, fake_lrclib, run_jobs):
    enable_plugin("lrclib")
    update_settings(session, actor=factories.make_user(session, role="admin"), name="lrclib",
                    values={"base_url": fake_lrclib.url})
    track = _song(session)
    fake_lrclib.status = 503  # the service is down: the play still starts
    play_id = start_play(session, track_id=track.id, source="track", user_id=factories.make_user(session).id)
    assert play_id and fake_lrclib.requests == []  # nothing asked during the request
    assert _status(session, track.id) == "pending"
    assert run_jobs() == 1 and len(fake_lrclib.requests) == 1
    assert _status(session, track.id) == "error"
    # a second play while the lookup is being retried queues nothing new
    start_play(session, track_id=track.id, source="track", user_id=factories.make_user(session).id)
    fake_lrclib.status = None
    fake_lrclib.add("Blue Sky", "Ana", LRC)
    assert run_jobs() == 1  # only the retry of the first job (it waits out the rate limit, then asks)
    while run_jobs():
        pass
    assert len(fake_lrclib.requests) == 2 and _status(session, track.id) == "found"
    session.expire_all()
    assert lyrics_for_track(session, track_id=track.id).synced


def test_tracks_with_lyrics_are_never_looked_up(session, enable_plugin, fake_lrclib, run_jobs):
    enable_plugin("lrclib")
    track = _song(session)
    track.lyrics = "Words the artist wrote"
    session.add(track)
    session.commit()
    start_play(session, track_id=track.id, source="track", user_id=factories.make_user(session).id)
    assert run_jobs() == 0 and fake_lrclib.requests == [] and _status(session, track.id) is None
    assert session.get(Track, track.id).synced_lyrics == ""


def test_disabled_plugin_does_nothing(session, fake_lrclib, run_jobs):
    track = _song(session)
    start_play(session, track_id=track.id, source="track", user_id=factories.make_user(session).id)
    assert run_jobs() == 0 and fake_lrclib.requests == []


def test_undeclared_hosts_are_refused():
    with pytest.raises(ValidationError, match="not allowed"):
        Settings(base_url="http://10.0.0.5:9000")
    with pytest.raises(ValidationError, match="http"):
        Settings(base_url="file:///etc/passwd")
    with http_client(plugin) as client, pytest.raises(HostNotDeclared):
        client.get("http://example.org/api/get")
    assert Settings().base_url == "https://lrclib.net"


def test_rate_limit_setting_is_bounded():
    with pytest.raises(ValidationError):
        Settings(min_interval_ms=10)
