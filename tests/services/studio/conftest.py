"""Fixtures shared by the studio's service tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def folder(tmp_path, audio_samples) -> Path:
    """A folder to import: three songs, the FLAC twice, and two files that are refused."""
    music = tmp_path / "music"
    music.mkdir()
    for fmt in ("flac", "mp3", "wav"):
        shutil.copy(audio_samples[fmt], music / f"song.{fmt}")
    shutil.copy(audio_samples["flac"], music / "same-song-again.flac")
    (music / "notes.mp3").write_text("not audio at all")
    (music / "empty.ogg").write_bytes(b"")
    return music
