"""``cli media-sweep``: a dry run that lists the stray files, ``--delete`` that removes them, bad ages refused."""

from __future__ import annotations

import os
import time

from spoticlone import cli
from spoticlone.config import get_settings
from spoticlone.services.lifecycle.sweep_status import last_sweep
from tests.factories import make_artist, make_track


def _old(store, extension: str = "mp3") -> str:
    key = store.put_bytes("audio", extension, os.urandom(2000))
    when = time.time() - 3 * 24 * 3600
    os.utime(store.path(key), (when, when))
    return key


def test_a_dry_run_lists_the_strays_and_delete_removes_only_them(engine, session, store, capsys):
    kept, stray = _old(store), _old(store)
    make_track(session, artist_id=make_artist(session).id, audio_key=kept)
    assert cli.main(["media-sweep"]) == 0
    captured = capsys.readouterr()
    assert "Looked at 2 media files" in captured.out and "Found 1 stray file (0.0 MB; 0 left mid-write" in captured.out
    assert f"  {stray}  (2 kB)" in captured.out and kept not in captured.out
    assert "Nothing was deleted" in captured.err and store.exists(stray)
    found = last_sweep(get_settings().data_dir)  # what the admin page shows
    assert found is not None and (found.files, found.size_bytes, found.older_than_hours) == (1, 2000, 24)
    assert cli.main(["media-sweep", "--delete"]) == 0
    assert "Removed 1 file." in capsys.readouterr().out
    assert store.exists(kept) and not store.exists(stray)
    left = last_sweep(get_settings().data_dir)
    assert left is not None and left.files == 0 and left.checked_at >= found.checked_at
    assert cli.main(["media-sweep"]) == 0
    assert "No stray files older than 24 hours." in capsys.readouterr().out


def test_an_age_under_an_hour_is_refused_before_anything_is_read(engine, store, capsys):
    stray = _old(store)
    assert cli.main(["media-sweep", "--older-than-hours", "0.5", "--delete"]) == 1
    assert "--older-than-hours must be between 1 and" in capsys.readouterr().err
    assert store.exists(stray)
