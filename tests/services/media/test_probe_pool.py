"""The long-lived probe children of bulk imports: same answers as ``run_probe``, same bounds."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from spoticlone.services.media import probe_pool
from spoticlone.services.media.audio_probe import ProbeError, run_probe
from spoticlone.services.media.probe_pool import ProbePool
from tests.data.audio import cover_png, write_mp3


def _syncsafe(n: int) -> bytes:
    return bytes(((n >> shift) & 0x7F) for shift in (21, 14, 7, 0))


def _id3_bomb(path: Path) -> Path:
    """An MP3 whose compressed ID3 frame inflates to 600 MB (a few hundred kB on disk)."""
    compressor, parts = zlib.compressobj(9), []
    chunk = b"A" * (1 << 20)
    for _ in range(600):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    payload = (600 << 20).to_bytes(4, "big") + b"".join(parts)
    write_mp3(path, cover_png(), frames=[])
    ID3().save(path)
    data = path.read_bytes()
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | byte
    frame = b"TXXX" + _syncsafe(len(payload)) + b"\x00\x09" + payload
    path.write_bytes(b"ID3\x04\x00\x00" + _syncsafe(len(frame)) + frame + data[10 + size:])
    return path


@pytest.mark.parametrize("fmt", ["mp3", "flac", "wav"])
def test_pool_answers_like_the_one_shot_probe(fmt, audio_samples):
    with ProbePool(1) as pool:
        assert pool.probe(audio_samples[fmt]) == run_probe(audio_samples[fmt])


def test_refusals_keep_the_child_serving(audio_samples, tmp_path):
    text = tmp_path / "notes.mp3"
    text.write_text("not audio at all")
    cut = tmp_path / "cut.flac"
    cut.write_bytes(audio_samples["flac"].read_bytes()[:-4000])
    with ProbePool(1) as pool:
        with pytest.raises(ProbeError) as first:
            pool.probe(text)
        with pytest.raises(ProbeError) as second:
            pool.probe(cut)
        assert (first.value.reason, second.value.reason) == ("not_audio", "truncated")
        assert pool.probe(audio_samples["mp3"]).audio_format == "mp3"


def test_a_decompression_bomb_kills_only_its_child(audio_samples, tmp_path):
    bomb = _id3_bomb(tmp_path / "bomb.mp3")
    with ProbePool(1, memory_mb=256) as pool:
        with pytest.raises(ProbeError) as refused:
            pool.probe(bomb)
        assert refused.value.reason in ("crashed", "corrupt")
        assert pool.probe(audio_samples["ogg"]).audio_format == "ogg"


def test_a_silent_child_times_out_and_is_replaced(audio_samples, monkeypatch):
    with ProbePool(1, timeout=5) as pool:
        pool.probe(audio_samples["mp3"])
        child = pool._idle.get()
        child.proc.send_signal(19)  # SIGSTOP: the child hangs as a spinning parser would
        pool._idle.put(child)
        pool.timeout = 0.5
        with pytest.raises(ProbeError) as hung:
            pool.probe(audio_samples["mp3"])
        assert hung.value.reason == "timeout"
        assert child.proc.poll() is not None
        pool.timeout = 30
        assert pool.probe(audio_samples["flac"]).audio_format == "flac"


def test_children_are_recycled_and_end_with_the_pool(audio_samples, monkeypatch):
    monkeypatch.setattr(probe_pool, "RECYCLE_AFTER", 2)
    pool = ProbePool(1)
    seen = []
    for _ in range(3):
        pool.probe(audio_samples["wav"])
        child = pool._idle.get()
        seen.append(child)
        pool._idle.put(child)
    assert seen[0] is seen[1] and seen[2] is not seen[1]
    assert seen[0].proc.poll() is not None
    pool.close()
    assert seen[2].proc.poll() is not None
    with pytest.raises(RuntimeError):
        pool.probe(audio_samples["wav"])


def test_the_child_does_not_import_the_database_layer():
    root = Path(__file__).resolve().parents[3]
    probe = ("import sys, spoticlone.services.media.probe_pool; "
             "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'spoticlone.models') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
