"""Which file a stream serves for each quality: the tier's rendition, else the original."""

from __future__ import annotations

import pytest

from spoticlone.models import TrackRendition, TrackStatus
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.listening.streaming import resolve_stream
from tests.factories import make_track, make_user


def _rendition(session, store, track, tier: str, *, source_key: str | None = None) -> str:
    key = store.put_bytes("audio", "m4a", f"{tier} aac bytes".encode() * 10)
    session.add(TrackRendition(track_id=track.id, tier=tier, key=key, source_key=source_key or track.audio_key,
                               mime_type="audio/mp4", bitrate=96_000, file_size=0))
    session.commit()
    return key


@pytest.fixture
def flac(session, store):
    key = store.put_bytes("audio", "flac", b"fLaC" + b"\x01" * 5000)
    return make_track(session, audio_key=key, audio_format="flac", mime_type="audio/flac", bitrate=900_000)


def test_each_quality_gets_its_rendition_and_original_the_upload(session, store, flac):
    low = _rendition(session, store, flac, "low")
    high = _rendition(session, store, flac, "high")
    info = resolve_stream(session, track_id=flac.id, store=store, quality="low")
    assert (info.key, info.mime_type, info.quality) == (low, "audio/mp4", "low")
    assert info.file_size == store.path(low).stat().st_size
    assert resolve_stream(session, track_id=flac.id, store=store, quality="high").key == high
    original = resolve_stream(session, track_id=flac.id, store=store, quality="original")
    assert (original.key, original.mime_type, original.quality) == (flac.audio_key, "audio/flac", "original")
    assert resolve_stream(session, track_id=flac.id, store=store).key == flac.audio_key
    assert info.etag_basis != original.etag_basis


def test_a_rendition_not_made_yet_falls_back_to_the_original(session, store, flac):
    info = resolve_stream(session, track_id=flac.id, store=store, quality="normal")
    assert (info.key, info.quality) == (flac.audio_key, "original")


def test_a_stale_or_missing_rendition_is_never_served(session, store, flac):
    _rendition(session, store, flac, "low", source_key="audio/00/" + "a" * 32 + ".flac")
    assert resolve_stream(session, track_id=flac.id, store=store, quality="low").key == flac.audio_key
    session.delete(session.get(TrackRendition, (flac.id, "low")))
    session.commit()
    gone = _rendition(session, store, flac, "low")
    store.delete(gone)
    assert resolve_stream(session, track_id=flac.id, store=store, quality="low").key == flac.audio_key


def test_an_original_browsers_cannot_play_streams_as_high(session, store):
    aiff = make_track(session, audio_key=store.put_bytes("audio", "aiff", b"FORM" + b"\x00" * 100),
                      audio_format="aiff", mime_type="audio/aiff")
    assert resolve_stream(session, track_id=aiff.id, store=store, quality="original").key == aiff.audio_key
    high = _rendition(session, store, aiff, "high")
    info = resolve_stream(session, track_id=aiff.id, store=store, quality="original")
    assert (info.key, info.quality) == (high, "high")


def test_quality_changes_nothing_about_who_may_listen(session, store, flac):
    draft = make_track(session, audio_key=flac.audio_key, audio_format="flac", status=TrackStatus.DRAFT)
    _rendition(session, store, draft, "normal")
    for actor in (None, make_user(session)):
        for quality in ("low", "normal", "high", "original"):
            with pytest.raises(NotFound):
                resolve_stream(session, track_id=draft.id, actor=actor, store=store, quality=quality)


@pytest.mark.parametrize("quality", ["", "ultra", "NORMAL", "../audio"])
def test_an_unknown_quality_is_refused(session, store, flac, quality):
    with pytest.raises(Invalid):
        resolve_stream(session, track_id=flac.id, store=store, quality=quality)
