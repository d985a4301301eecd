"""Domain events and named registries: the extension points later features hang on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spoticlone.models import PlayEvent, utcnow
from spoticlone.services.core import events
from spoticlone.services.core.registry import Registry
from spoticlone.services.listening import plays
from tests.factories import make_track

ANON = "anon-session-token-0001"


@pytest.fixture
def heard():
    """A test subscriber of ``play_recorded``, removed again afterwards."""
    calls: list[int] = []
    events.subscribe(events.PLAY_RECORDED, "test.heard",
                     lambda session, *, event: calls.append(event.id))
    yield calls
    events.unsubscribe(events.PLAY_RECORDED, "test.heard")


def _listen(session, track, *ms_steps: int) -> int:
    play_id = plays.start_play(session, track_id=track.id, source="album", source_id="1",
                               anonymous_session=ANON)
    event = session.get(PlayEvent, play_id)
    event.started_at = utcnow() - timedelta(minutes=30)
    session.add(event)
    session.commit()
    for ms in ms_steps:
        plays.report_progress(session, play_id=play_id, ms_played=ms, anonymous_session=ANON)
    return play_id


def test_the_charts_are_the_first_subscriber_of_a_counted_play():
    assert events.subscribers(events.PLAY_RECORDED)[0] == "charts"


def test_a_counted_play_is_announced_once_and_an_uncounted_one_never(session, heard):
    track = make_track(session, duration_ms=240_000)
    counted = _listen(session, track, 10_000, 30_000, 60_000, 240_000)
    _listen(session, track, 5_000, 29_000)
    assert heard == [counted]


def test_a_failing_subscriber_rolls_the_play_back_with_it(session):
    track = make_track(session, duration_ms=240_000, play_count=3)

    def broken(session, *, event):
        raise RuntimeError("subscriber bug")

    events.subscribe(events.PLAY_RECORDED, "test.broken", broken)
    try:
        with pytest.raises(RuntimeError):
            _listen(session, track, 30_000)
    finally:
        events.unsubscribe(events.PLAY_RECORDED, "test.broken")
    session.rollback()
    session.refresh(track)
    assert track.play_count == 3  # neither the count nor the chart moved


def test_subscriber_names_are_unique_and_events_are_known(heard):
    with pytest.raises(ValueError, match="already registered"):
        events.subscribe(events.PLAY_RECORDED, "test.heard", lambda session, **_: None)
    with pytest.raises(ValueError, match="unknown event"):
        events.subscribe("play_recordd", "typo", lambda session, **_: None)


def test_a_registry_keeps_order_refuses_duplicates_and_forgets_on_request():
    formats = Registry[str]("audio formats")
    formats.register("mp3", "audio/mpeg")
    formats.register("flac", "audio/flac")
    assert formats.names() == ["mp3", "flac"]
    assert formats.get("flac") == "audio/flac" and "mp3" in formats and len(formats) == 2
    with pytest.raises(ValueError):
        formats.register("mp3", "audio/mp3")
    formats.unregister("mp3")
    with pytest.raises(KeyError):
        formats.get("mp3")
    with pytest.raises(KeyError):
        formats.unregister("mp3")
