"""``cli import`` and ``cli hash-audio``: progress lines, the summary, exit codes, --artist."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import select

from spoticlone import cli
from spoticlone.models import ArtistProfile, Track, TrackLoudness, TrackRendition, TrackStatus
from spoticlone.services.media import loudness
from tests.factories import make_artist


def _flac(path: Path, pitch: float = 220.0) -> Path:
    """A short real FLAC file (a soft two-note chord) with tags."""
    import soundfile
    from mutagen.flac import FLAC

    t = np.arange(44_100) / 44_100
    tone = 0.2 * (np.sin(2 * np.pi * pitch * t) + np.sin(2 * np.pi * 1.5 * pitch * t)) * np.exp(-2 * t)
    soundfile.write(str(path), tone, 44_100, format="FLAC", subtype="PCM_16")
    tags = FLAC(path)
    tags["TITLE"], tags["ARTIST"] = f"Tone {int(pitch)}", "Cli Tester"
    tags.save()
    return path


@pytest.fixture
def music(tmp_path) -> Path:
    folder = tmp_path / "music"
    folder.mkdir()
    _flac(folder / "a.flac", 220)
    _flac(folder / "b.flac", 330)
    return folder


def test_import_prints_each_file_and_a_summary_and_fails_if_any_was_refused(engine, session, tmp_path, music,
                                                                           capsys):
    fake = tmp_path / "fake.mp3"
    fake.write_text("this is not audio")
    code = cli.main(["import", str(music), str(fake), str(tmp_path / "gone.ogg")])
    out = capsys.readouterr().out
    assert code == 1
    assert f"OK        {music / 'a.flac'}  Cli Tester - Tone 220" in out
    assert f"REFUSED   {fake}  This file is not an audio file" in out
    assert "Imported 2 files (published) of 4 in " in out
    assert "Refused 2 files:\n  1 file: " in out and "no such file or folder" in out
    assert {t.status for t in session.exec(select(Track)).all()} == {TrackStatus.PUBLISHED}


def test_importing_the_same_files_again_reports_duplicates_and_succeeds(engine, session, music, capsys):
    assert cli.main(["import", str(music), "--quiet"]) == 0
    capsys.readouterr()
    shutil.copy(music / "a.flac", music / "copy-of-a.flac")
    assert cli.main(["import", str(music), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Imported 0 files (published) of 3" in out
    assert "Skipped 3 duplicates (the same audio is already in the catalog):" in out
    assert f"{music / 'copy-of-a.flac'}  =  track " in out and "Cli Tester - Tone 220" in out
    assert len(session.exec(select(Track)).all()) == 2


def test_import_for_an_artist_makes_drafts_unless_published(engine, session, music, tmp_path, capsys):
    artist = make_artist(session, stage_name="Studio Owner")
    assert cli.main(["import", str(music), "--artist", "studio-owner"]) == 0
    assert "Importing for Studio Owner (studio-owner" in capsys.readouterr().out
    tracks = session.exec(select(Track)).all()
    assert {(t.artist_id, t.status) for t in tracks} == {(artist.id, TrackStatus.DRAFT)}
    assert session.exec(select(ArtistProfile).where(ArtistProfile.stage_name == "Cli Tester")).first() is None

    more = tmp_path / "more"
    more.mkdir()
    _flac(more / "c.flac", 440)
    assert cli.main(["import", str(more), "--artist", str(artist.id), "--publish", "--quiet"]) == 0
    track = session.exec(select(Track).where(Track.title == "Tone 440")).one()
    assert (track.artist_id, track.status) == (artist.id, TrackStatus.PUBLISHED)


def test_an_unknown_artist_stops_before_any_file(engine, session, music, capsys):
    assert cli.main(["import", str(music), "--artist", "nobody-here"]) == 2
    assert "There is no artist with the slug or id 'nobody-here'. Nothing was imported." in capsys.readouterr().err
    assert session.exec(select(Track)).all() == []


def test_artist_and_artist_name_do_not_mix(engine, music, capsys):
    assert cli.main(["import", str(music), "--artist", "x", "--artist-name", "Y"]) == 2
    with pytest.raises(SystemExit) as exc:
        cli.main(["import", str(music), "--draft", "--publish"])
    assert exc.value.code == 2


def test_artist_name_sets_the_name_of_every_file(engine, session, music, capsys):
    assert cli.main(["import", str(music), "--artist-name", "Override Band", "--draft", "--quiet"]) == 0
    tracks = session.exec(select(Track)).all()
    assert {session.get(ArtistProfile, t.artist_id).stage_name for t in tracks} == {"Override Band"}
    assert {t.status for t in tracks} == {TrackStatus.DRAFT}


def test_help_explains_the_exit_status(capsys):
    with pytest.raises(SystemExit):
        cli.main(["import", "--help"])
    assert "1 when any file was refused" in " ".join(capsys.readouterr().out.split())


def test_hash_audio_fills_in_old_tracks(engine, session, music, capsys):
    assert cli.main(["import", str(music), "--quiet"]) == 0
    for track in session.exec(select(Track)).all():
        track.audio_sha256 = None
    session.commit()
    capsys.readouterr()
    assert cli.main(["hash-audio"]) == 0
    assert "Recorded the content hash of 2 tracks." in capsys.readouterr().out
    session.expire_all()
    expected = {hashlib.sha256((music / n).read_bytes()).hexdigest() for n in ("a.flac", "b.flac")}
    assert {t.audio_sha256 for t in session.exec(select(Track)).all()} == expected


def test_imported_music_is_handed_to_the_worker_for_loudness_and_renditions(engine, session, music, capsys):
    """As an upload does: imported songs get volume normalisation figures and quality tiers
    (jobs run inline under tests, so the work is done by the time the command returns)."""
    if loudness.ffmpeg_path() is None:
        pytest.skip("ffmpeg is not installed")
    assert cli.main(["import", str(music), "--quiet"]) == 0
    assert "Queued 2 track(s) for loudness and 2 for streaming renditions" in capsys.readouterr().out
    track_ids = set(session.exec(select(Track.id)).all())
    assert set(session.exec(select(TrackLoudness.track_id)).all()) == track_ids
    assert {row.track_id for row in session.exec(select(TrackRendition)).all()} == track_ids


def test_no_analysis_queues_nothing(engine, session, music, capsys):
    assert cli.main(["import", str(music), "--quiet", "--no-analysis"]) == 0
    assert "Queued" not in capsys.readouterr().out
    assert session.exec(select(TrackLoudness)).all() == []
