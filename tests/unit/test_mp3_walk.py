"""The MP3 frame walk reads its file a block at a time: the same verdicts wherever a block ends."""

from __future__ import annotations

import io

import pytest

from spoticlone.services.media import audio_integrity
from spoticlone.services.media.audio_integrity import Corrupt, Truncated, check_mp3, id3v2_size
from tests.data.audio import cover_png, write_mp3


@pytest.fixture(scope="module")
def mp3(tmp_path_factory) -> bytes:
    return write_mp3(tmp_path_factory.mktemp("walk") / "song.mp3", cover_png()).read_bytes()


def _walk(data: bytes) -> None:
    check_mp3(io.BytesIO(data))


@pytest.mark.parametrize("block", [5, 417, 418, 1000, 1 << 20])
def test_blocks_of_any_size_give_the_same_verdicts(mp3, block, monkeypatch):
    """Blocks shorter than a frame, ending inside a header, or holding the whole file."""
    monkeypatch.setattr(audio_integrity, "MP3_BLOCK", block)
    _walk(mp3)
    start = id3v2_size(mp3[:10])
    with pytest.raises(Truncated):
        _walk(mp3[:-300])  # cut inside the last frame
    junk = mp3[:start + 2000] + b"\x00" * 37 + mp3[start + 2000:]
    _walk(junk)  # stray bytes between frames, as players tolerate
    with pytest.raises(Corrupt):
        _walk(mp3[:start] + b"\x00" * 100_000)


def test_a_file_of_few_headers_remembers_them_and_stays_bounded(mp3, monkeypatch):
    decoded = []
    real = audio_integrity.mp3_frame
    monkeypatch.setattr(audio_integrity, "mp3_frame", lambda header: decoded.append(header) or real(header))
    _walk(mp3)
    frames = len([h for h in decoded if real(h)])
    assert 0 < frames <= audio_integrity.MP3_HEADERS_KEPT  # each distinct header decoded once
    assert frames < (len(mp3) - id3v2_size(mp3[:10])) // 418 / 2  # far fewer than the song's frames
