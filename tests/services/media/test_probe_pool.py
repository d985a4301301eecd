"""The long-lived probe children of bulk imports: same answers as ``run_probe``, same bounds.

Several files per request (``probe_many``): each file gets its own answer, and a bad one spoils
none of the others.
"""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from spoticlone.services.media import probe_pool
from spoticlone.services.media.audio_probe import ProbeError, ProbeResult, run_probe
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


def test_a_batch_answers_each_file_in_order_with_one_request(audio_samples, monkeypatch):
    requests = []
    ask = probe_pool._Child.ask
    monkeypatch.setattr(probe_pool._Child, "ask", lambda self, paths, timeout, stores=None, hashing=False:
                        requests.append(len(paths)) or ask(self, paths, timeout, stores, hashing))
    paths = [audio_samples[fmt] for fmt in ("mp3", "flac", "wav", "ogg", "mp3")]
    with ProbePool(1) as pool:
        answers = pool.probe_many(paths)
    assert answers == [run_probe(path) for path in paths]
    assert requests == [len(paths)]
    assert answers[0].cover and answers[1].cover  # each file's own embedded picture came back


def test_embedded_pictures_are_taken_once_and_never_given_to_a_later_request(audio_samples, tmp_path):
    """Each picture file is read and removed; a request's names are its own, so a file without a
    picture never comes back with one an earlier request left behind."""
    with ProbePool(1) as pool:
        first = pool.probe_many([audio_samples["mp3"], audio_samples["flac"]])
        child = pool._idle.get()
        pool._idle.put(child)
        assert first[0].cover and first[1].cover
        assert list(Path(child.folder.name).iterdir()) == []  # both pictures taken
        bare = tmp_path / "bare.mp3"
        bare.write_bytes(audio_samples["mp3"].read_bytes())
        ID3().save(bare)  # the same audio with an empty tag: no picture
        second = pool.probe_many([bare, audio_samples["mp3"]])
    assert second == [run_probe(bare), run_probe(audio_samples["mp3"])]
    assert second[0].cover is None and second[1].cover == first[0].cover


def test_refused_files_do_not_spoil_their_batch(audio_samples, tmp_path):
    text = tmp_path / "notes.mp3"
    text.write_text("not audio at all")
    cut = tmp_path / "cut.flac"
    cut.write_bytes(audio_samples["flac"].read_bytes()[:-4000])
    with ProbePool(1) as pool:
        answers = pool.probe_many([audio_samples["mp3"], text, cut, audio_samples["wav"]])
        child = pool._idle.get()
        pool._idle.put(child)
    assert [a.reason if isinstance(a, ProbeError) else a.audio_format for a in answers] == [
        "mp3", "not_audio", "truncated", "wav"]
    assert child is not None and child.used == 4  # refusals are ordinary answers: the child kept serving


def test_a_file_that_kills_its_child_is_refused_alone(audio_samples, tmp_path):
    bomb = _id3_bomb(tmp_path / "bomb.mp3")
    paths = [audio_samples["flac"], bomb, audio_samples["ogg"], audio_samples["mp3"]]
    with ProbePool(1, memory_mb=256) as pool:
        answers = pool.probe_many(paths)
    assert isinstance(answers[1], ProbeError) and answers[1].reason in ("crashed", "corrupt")
    assert [a.audio_format for a in answers if isinstance(a, ProbeResult)] == ["flac", "ogg", "mp3"]


def test_a_file_that_hangs_its_child_times_out_alone(audio_samples, monkeypatch):
    """A child that stops answering mid-batch is killed; the files after that one go to a fresh child."""
    started = []
    real_child = probe_pool._Child

    def child(*args):
        started.append(real_child(*args))
        return started[-1]

    monkeypatch.setattr(probe_pool, "_Child", child)
    with ProbePool(1, timeout=5) as pool:
        pool.probe(audio_samples["mp3"])  # the first child is up
        started[0].proc.send_signal(19)  # SIGSTOP: it hangs as a spinning parser would
        pool.timeout = 1
        answers = pool.probe_many([audio_samples["flac"], audio_samples["wav"]])
    assert isinstance(answers[0], ProbeError) and answers[0].reason == "timeout"
    assert isinstance(answers[1], ProbeResult) and answers[1].audio_format == "wav"
    assert len(started) == 2 and started[0].proc.poll() is not None


def test_a_batch_longer_than_a_child_may_serve_is_split_between_children(audio_samples, monkeypatch):
    monkeypatch.setattr(probe_pool, "RECYCLE_AFTER", 2)
    with ProbePool(1) as pool:
        answers = pool.probe_many([audio_samples["wav"]] * 5)
    assert [a.audio_format for a in answers] == ["wav"] * 5


def test_probe_raises_what_probe_many_answers(tmp_path):
    text = tmp_path / "notes.flac"
    text.write_text("not audio")
    with ProbePool(1) as pool, pytest.raises(ProbeError) as refused:
        pool.probe(text)
    assert refused.value.reason == "not_audio"


def test_accepted_files_are_copied_where_asked_and_refused_ones_never(audio_samples, tmp_path):
    """The child copies each file it accepts to the given place plus the detected extension;
    a refused file, and one that kills its child half-way, leave nothing there."""
    store = tmp_path / "store"
    text = tmp_path / "notes.mp3"
    text.write_text("not audio")
    bomb = _id3_bomb(tmp_path / "bomb.mp3")
    paths = [audio_samples["flac"], text, bomb, audio_samples["mp3"]]
    places = [str(store / f"{n:02d}" / f"file{n}") for n in range(len(paths))]
    with ProbePool(1, memory_mb=256, store_mb=50) as pool:
        answers = pool.probe_many(paths, stores=places)
    assert answers[0].extension == "flac" and answers[3].extension == "mp3"
    assert isinstance(answers[1], ProbeError) and isinstance(answers[2], ProbeError)
    stored = sorted(p.relative_to(store).as_posix() for p in store.rglob("*") if p.is_file())
    assert stored == ["00/file0.flac", "03/file3.mp3"]  # no temporaries, nothing of the refused
    assert (store / "00" / "file0.flac").read_bytes() == audio_samples["flac"].read_bytes()


def test_a_copy_that_fails_refuses_its_file_and_the_child_serves_on(audio_samples, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the folder should be")
    with ProbePool(1, store_mb=50) as pool:
        answers = pool.probe_many([audio_samples["wav"], audio_samples["ogg"]],
                                  stores=[str(blocked / "xx" / "song"), str(tmp_path / "ok" / "song")])
    assert isinstance(answers[0], ProbeError) and answers[0].reason == "unstored"
    assert answers[1].extension == "ogg" and (tmp_path / "ok" / "song.ogg").is_file()


def test_the_child_hashes_what_it_accepts_and_a_file_it_cannot_open_is_unreadable(audio_samples, tmp_path):
    """With ``hashing`` each accepted file's answer carries the SHA-256 of its bytes, whether the
    child copies it or not; a file gone before the child opens it is refused as unreadable, which
    is not a crash: the same child answers the rest of the request."""
    from spoticlone.services.media.duplicates import hash_file

    gone = tmp_path / "gone.mp3"
    places = [str(tmp_path / "store" / "a"), str(tmp_path / "store" / "b"), None]
    with ProbePool(1, store_mb=50) as pool:
        answers = pool.probe_many([audio_samples["flac"], gone, audio_samples["mp3"]], stores=places, hashing=True)
        child = pool._idle.get_nowait()
        assert child is not None and child.alive and child.used == 3  # one child served all three
        pool._idle.put(child)
        plain = pool.probe_many([audio_samples["wav"]])
    assert answers[0].sha256 == hash_file(audio_samples["flac"])
    assert answers[2].sha256 == hash_file(audio_samples["mp3"])
    assert (tmp_path / "store" / "a.flac").read_bytes() == audio_samples["flac"].read_bytes()
    assert isinstance(answers[1], ProbeError) and answers[1].reason == "unreadable"
    assert not (tmp_path / "store" / "b.mp3").exists()
    assert plain[0].sha256 is None  # only hashed when asked
