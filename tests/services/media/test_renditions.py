"""Streaming renditions with ffmpeg: which tiers a track needs, what gets made, what is left behind."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
import soundfile
from sqlmodel import select

from spoticlone import cli
from spoticlone.models import TrackRendition
from spoticlone.services.core.errors import NotFound
from spoticlone.services.listening.streaming import resolve_stream
from spoticlone.services.media import renditions
from tests.factories import make_track

pytestmark = pytest.mark.skipif(renditions.ffmpeg_path() is None, reason="make setup installs ffmpeg")

RATE = 44_100


def tone(path: Path, seconds: float = 3.0, fmt: str = "FLAC") -> Path:
    t = np.arange(int(RATE * seconds)) / RATE
    wave = 0.3 * np.sin(2 * np.pi * 440 * t)
    soundfile.write(str(path), np.stack([wave, wave], axis=1), RATE, format=fmt, subtype="PCM_16")
    return path


def stored_files(store) -> set[str]:
    return {str(p.relative_to(store.root)) for p in store.root.rglob("*") if p.is_file()}


def probe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
                         capture_output=True, check=True, timeout=60)
    return json.loads(out.stdout)


@pytest.fixture(autouse=True)
def own_temp_dir(tmp_path, monkeypatch):
    """Each test's renditions are made under its own temporary folder, so "nothing left behind"
    sees only this test's leftovers, not another process's work in progress (the parallel phase)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


def leftover_temp_dirs() -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob("spoticlone-renditions-*"))


def names(tiers) -> list[str]:
    return [tier.name for tier in tiers]


@pytest.mark.parametrize(("audio_format", "bitrate", "expected"), [
    ("flac", 900_000, ["low", "normal", "high"]),
    ("wav", 1_411_200, ["low", "normal", "high"]),
    ("aiff", 128_000, ["low", "normal", "high"]),  # browsers cannot play it: always converted
    ("mp3", 320_000, ["low", "normal"]),
    ("mp3", 335_000, ["low", "normal"]),  # VBR near 320 counts as 320
    ("mp3", 160_000, ["low"]),
    ("mp3", 128_000, ["low"]),
    ("mp3", 96_000, []),
    ("ogg", 500_000, ["low", "normal", "high"]),
    ("m4a", 900_000, ["low", "normal", "high"]),  # Apple Lossless
])
def test_a_tier_is_made_only_when_the_original_is_above_it_or_lossless(audio_format, bitrate, expected):
    assert names(renditions.tiers_needed(audio_format=audio_format, bitrate=bitrate)) == expected


def test_a_missing_bitrate_is_estimated_from_size_and_length():
    # 3 MB over 3 minutes is ~133 kbps: above low, under normal.
    assert names(renditions.tiers_needed(audio_format="mp3", bitrate=None, file_size=3_000_000,
                                         duration_ms=180_000)) == ["low"]
    assert names(renditions.tiers_needed(audio_format="mp3", bitrate=None)) == ["low", "normal", "high"]


def test_the_original_setting_plays_the_upload_unless_browsers_cannot():
    kwargs = {"rendition_key": "audio/00/x.m4a"}
    assert renditions.choose("original", audio_format="flac", bitrate=900_000, **kwargs) == "original"
    assert renditions.choose("original", audio_format="aiff", bitrate=1_411_200, **kwargs) == "rendition"
    assert renditions.choose("normal", audio_format="flac", bitrate=900_000, **kwargs) == "rendition"
    assert renditions.choose("normal", audio_format="flac", bitrate=900_000, rendition_key=None) == "original"
    assert renditions.lookup_tier("original") == "high" and renditions.lookup_tier("low") == "low"


def test_a_lossless_track_gets_three_aac_renditions_once(session, store, tmp_path):
    key = store.put_file("audio", "flac", tone(tmp_path / "song.flac"))
    track = make_track(session, audio_key=key, audio_format="flac", mime_type="audio/flac", bitrate=700_000,
                       duration_ms=3000, sample_rate=RATE)
    assert renditions.make_renditions(session, track_id=track.id, store=store) == ["low", "normal", "high"]
    rows = {row.tier: row for row in session.exec(select(TrackRendition))}
    assert set(rows) == {"low", "normal", "high"}
    for tier, row in rows.items():
        assert row.source_key == key and row.mime_type == "audio/mp4"
        info = probe(store.path(row.key))
        assert info["streams"][0]["codec_name"] == "aac" and info["streams"][0]["channels"] == 2
        assert float(info["format"]["duration"]) == pytest.approx(3.0, abs=0.1)
        assert row.bitrate == renditions.TIER_BY_NAME[tier].bitrate
        assert row.file_size == store.path(row.key).stat().st_size
    assert rows["low"].file_size < rows["high"].file_size
    streamed = resolve_stream(session, track_id=track.id, store=store, quality="low")
    assert (streamed.key, streamed.mime_type, streamed.quality) == (rows["low"].key, "audio/mp4", "low")
    before = stored_files(store)
    assert renditions.make_renditions(session, track_id=track.id, store=store) == []
    assert stored_files(store) == before
    assert renditions.tracks_missing_renditions(session) == []
    assert not leftover_temp_dirs()


def test_a_high_bitrate_mp3_gets_only_the_lower_tiers(session, store, tmp_path):
    # ffmpeg reads by content: a WAV under an .mp3 key stands in for a 320 kbps MP3.
    key = store.put_file("audio", "mp3", tone(tmp_path / "song.wav", fmt="WAV"))
    track = make_track(session, audio_key=key, bitrate=320_000, duration_ms=3000)
    assert renditions.make_renditions(session, track_id=track.id, store=store) == ["low", "normal"]


def test_an_unreadable_file_gets_nothing_and_leaves_nothing(session, store, tmp_path):
    junk = tmp_path / "junk.flac"
    junk.write_bytes(b"fLaC" + b"\x00" * 4000)
    track = make_track(session, audio_key=store.put_file("audio", "flac", junk), audio_format="flac")
    before = stored_files(store)
    assert renditions.make_renditions(session, track_id=track.id, store=store) == []
    assert stored_files(store) == before
    assert session.exec(select(TrackRendition)).all() == []
    assert not leftover_temp_dirs()
    with pytest.raises(NotFound):
        renditions.make_renditions(session, track_id=10**9, store=store)


def test_a_failure_after_storing_removes_every_copy(session, store, tmp_path, monkeypatch):
    key = store.put_file("audio", "flac", tone(tmp_path / "song.flac", seconds=1))
    track = make_track(session, audio_key=key, audio_format="flac")
    before = stored_files(store)
    real_put, calls = store.put_file, []

    def put_then_fail(kind, extension, source):
        calls.append(extension)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_put(kind, extension, source)

    monkeypatch.setattr(store, "put_file", put_then_fail)
    with pytest.raises(OSError):
        renditions.make_renditions(session, track_id=track.id, store=store)
    assert stored_files(store) == before
    assert session.exec(select(TrackRendition)).all() == []


def test_ffmpeg_missing_or_hung_is_reported_not_raised(session, store, tmp_path, monkeypatch):
    source = tone(tmp_path / "song.flac", seconds=1)
    monkeypatch.setattr(renditions, "ffmpeg_path", lambda: None)
    with pytest.raises(renditions.RenditionError) as missing:
        renditions.encode_file(source, list(renditions.TIERS), out_dir=tmp_path)
    assert missing.value.reason == "no_ffmpeg"
    monkeypatch.undo()

    def hang(*args, timeout, **kwargs):
        raise subprocess.TimeoutExpired("ffmpeg", timeout)

    monkeypatch.setattr(renditions.sandbox, "run_module", hang)
    with pytest.raises(renditions.RenditionError) as slow:
        renditions.encode_file(source, list(renditions.TIERS), out_dir=tmp_path)
    assert slow.value.reason == "timeout"


def test_new_audio_replaces_the_renditions_of_the_old(session, store, tmp_path):
    first = store.put_file("audio", "flac", tone(tmp_path / "a.flac", seconds=1))
    track = make_track(session, audio_key=first, audio_format="flac")
    renditions.make_renditions(session, track_id=track.id, store=store)
    old_keys = set(session.exec(select(TrackRendition.key)))
    track.audio_key = store.put_file("audio", "flac", tone(tmp_path / "b.flac", seconds=1))
    session.add(track)
    session.commit()
    assert renditions.tracks_missing_renditions(session) == [track.id]
    assert renditions.make_renditions(session, track_id=track.id, store=store) == ["low", "normal", "high"]
    rows = session.exec(select(TrackRendition)).all()
    assert {row.source_key for row in rows} == {track.audio_key}
    assert not any(store.exists(key) for key in old_keys)


def test_deleting_a_track_deletes_its_rendition_files_after_the_commit(session, store, tmp_path):
    track = make_track(session, audio_key=store.put_file("audio", "flac", tone(tmp_path / "a.flac", seconds=1)),
                       audio_format="flac")
    renditions.make_renditions(session, track_id=track.id, store=store)
    keys = renditions.rendition_keys(session, [track.id])
    assert len(keys) == 3
    session.delete(track)
    session.flush()
    session.rollback()  # a rolled-back delete keeps them
    assert all(store.exists(key) for key in keys)
    session.delete(session.merge(track))
    session.commit()
    assert not any(store.exists(key) for key in keys)
    assert session.exec(select(TrackRendition)).all() == []


def test_the_cli_backfills_and_can_queue(engine, session, settings, tmp_path, capsys):
    """Under tests jobs run inline (``SPOTICLONE_JOBS_IMMEDIATE``): the queued job encodes."""
    from spoticlone.integrations.media_store import default_store

    store = default_store()
    first = make_track(session, audio_key=store.put_file("audio", "flac", tone(tmp_path / "a.flac", seconds=1)),
                       audio_format="flac")
    make_track(session, audio_key="audio/00/" + "1" * 32 + ".mp3", bitrate=96_000)  # needs none
    assert cli.main(["renditions"]) == 0
    assert "Made 3 renditions for 1 track." in capsys.readouterr().out
    second = make_track(session, audio_key=store.put_file("audio", "wav", tone(tmp_path / "b.wav", 1, "WAV")),
                        audio_format="wav")
    assert cli.main(["renditions", "--queue"]) == 0
    assert "Queued 1 track for the worker." in capsys.readouterr().out
    session.expire_all()
    made = {(row.track_id, row.tier) for row in session.exec(select(TrackRendition))}
    assert {(first.id, "high"), (second.id, "low"), (second.id, "high")} <= made
