"""EBU R128 loudness with ffmpeg: figures checked against tones of known loudness.

A 1 kHz sine of peak amplitude A in both channels measures 20*log10(A) LUFS (the K-weighting
gain at 1 kHz and the two-channel sum cancel the standard's -0.691 offset), and its true
peak is 20*log10(A) dBTP: so a tone at amplitude 0.1 must read -20 LUFS and -20 dBTP.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from spoticlone import cli
from spoticlone.models import TrackLoudness
from spoticlone.services.core.errors import NotFound
from spoticlone.services.media import loudness
from tests.factories import make_track

pytestmark = pytest.mark.skipif(loudness.ffmpeg_path() is None, reason="make setup installs ffmpeg")

RATE = 48_000


def sine(path: Path, amplitude: float, seconds: float = 4.0, fmt: str = "WAV") -> Path:
    t = np.arange(int(RATE * seconds)) / RATE
    tone = amplitude * np.sin(2 * np.pi * 1000 * t)
    soundfile.write(str(path), np.stack([tone, tone], axis=1), RATE, format=fmt, subtype="PCM_16")
    return path


@pytest.mark.parametrize(("amplitude", "expected"), [(0.1, -20.0), (0.5, -6.02), (0.02, -33.98)])
def test_tones_of_known_level_measure_what_the_standard_says(tmp_path, amplitude, expected):
    measured = loudness.measure_file(sine(tmp_path / "tone.wav", amplitude))
    assert measured.integrated_lufs == pytest.approx(expected, abs=0.2)
    assert measured.true_peak_dbtp == pytest.approx(expected, abs=0.2)


def test_lossless_and_wav_copies_of_one_tone_agree(tmp_path):
    wav = loudness.measure_file(sine(tmp_path / "tone.wav", 0.25))
    flac = loudness.measure_file(sine(tmp_path / "tone.flac", 0.25, fmt="FLAC"))
    assert flac == wav


def test_silence_reads_the_floor_and_has_no_peak(tmp_path):
    measured = loudness.measure_file(sine(tmp_path / "quiet.wav", 0.0))
    assert measured.integrated_lufs == loudness.SILENCE_FLOOR_LUFS
    assert measured.true_peak_dbtp is None


@pytest.mark.parametrize("content", [b"", b"not audio at all " * 64, b"RIFF\x00\x00\x00\x00WAVEfmt "])
def test_a_file_ffmpeg_cannot_read_is_refused_with_a_reason(tmp_path, content):
    path = tmp_path / "upload.mp3"
    path.write_bytes(content)
    with pytest.raises(loudness.LoudnessError) as refused:
        loudness.measure_file(path)
    assert refused.value.reason == "unmeasurable"


def test_no_ffmpeg_and_a_hung_child_are_reported_not_raised_raw(tmp_path, monkeypatch):
    path = sine(tmp_path / "tone.wav", 0.1, seconds=1)
    monkeypatch.setattr(loudness, "ffmpeg_path", lambda: None)
    with pytest.raises(loudness.LoudnessError) as missing:
        loudness.measure_file(path)
    assert missing.value.reason == "no_ffmpeg"
    monkeypatch.undo()

    def hang(*args, timeout, **kwargs):
        raise subprocess.TimeoutExpired("ffmpeg", timeout)

    monkeypatch.setattr(loudness.sandbox, "run_module", hang)
    with pytest.raises(loudness.LoudnessError) as slow:
        loudness.measure_file(path, timeout=1)
    assert slow.value.reason == "timeout"


def test_the_report_parser_needs_both_figures():
    report = ("  Integrated loudness:\n    I:         -14.3 LUFS\n    Threshold: -24.5 LUFS\n"
              "  True peak:\n    Peak:        -0.4 dBFS\n")
    assert loudness.parse_report(report) == loudness.Loudness(-14.3, -0.4)
    with pytest.raises(loudness.LoudnessError):
        loudness.parse_report("  Integrated loudness:\n    I:         -14.3 LUFS\n")


def test_a_track_gets_its_figures_and_an_unreadable_one_keeps_none(session, store, tmp_path):
    good = make_track(session, title="Tone", audio_key=store.put_file("audio", "wav", sine(tmp_path / "a.wav", 0.1)))
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"junk" * 100)
    bad = make_track(session, title="Junk", audio_key=store.put_file("audio", "wav", junk))
    assert set(loudness.unmeasured_track_ids(session)) >= {good.id, bad.id}

    assert loudness.measure_track(session, track_id=good.id, store=store).integrated_lufs == pytest.approx(-20, abs=0.2)
    assert loudness.measure_track(session, track_id=bad.id, store=store) is None
    session.expire_all()
    assert session.get(TrackLoudness, good.id).integrated_lufs == pytest.approx(-20, abs=0.2)
    assert session.get(TrackLoudness, good.id).true_peak_dbtp == pytest.approx(-20, abs=0.2)
    assert session.get(TrackLoudness, bad.id) is None
    assert good.id not in loudness.unmeasured_track_ids(session)
    with pytest.raises(NotFound):
        loudness.measure_track(session, track_id=10**9, store=store)


def test_the_cli_backfills_tracks_without_figures(engine, session, settings, tmp_path, capsys):
    from spoticlone.integrations.media_store import default_store

    store = default_store()
    key = store.put_file("audio", "wav", sine(tmp_path / "o.wav", 0.5))
    track = make_track(session, title="Old import", audio_key=key)
    assert cli.main(["loudness"]) == 0
    assert "Measured 1 track; 0 could not be measured." in capsys.readouterr().out
    session.expire_all()
    assert session.get(TrackLoudness, track.id).integrated_lufs == pytest.approx(-6.02, abs=0.2)


def test_the_cli_can_hand_the_backfill_to_the_job_worker(engine, session, settings, tmp_path, capsys):
    """Under tests jobs run inline (``SPOTICLONE_JOBS_IMMEDIATE``): the queued job measures."""
    from spoticlone.integrations.media_store import default_store

    key = default_store().put_file("audio", "wav", sine(tmp_path / "q.wav", 0.1))
    track = make_track(session, title="Queued", audio_key=key)
    assert cli.main(["loudness", "--queue"]) == 0
    assert "Queued 1 track for the worker." in capsys.readouterr().out
    session.expire_all()
    assert session.get(TrackLoudness, track.id).integrated_lufs == pytest.approx(-20, abs=0.2)
