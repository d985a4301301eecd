"""The local media store: generated keys only, no escape from the root, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from spoticlone.integrations.media_store import InvalidKey, LocalMediaStore, is_valid_key, new_key


@pytest.fixture
def store(tmp_path) -> LocalMediaStore:
    return LocalMediaStore(tmp_path / "media")


def test_new_keys_are_random_valid_and_use_the_given_extension():
    keys = {new_key("audio", ".MP3") for _ in range(50)}
    assert len(keys) == 50
    for key in keys:
        kind, fan_out, name = key.split("/")
        assert is_valid_key(key) and kind == "audio" and name.startswith(fan_out) and name.endswith(".mp3")


@pytest.mark.parametrize("kind, ext", [("secrets", "mp3"), ("audio", "m/p3"), ("audio", "x"), ("audio", "../sh")])
def test_new_key_refuses_unknown_kinds_and_bad_extensions(kind, ext):
    with pytest.raises(ValueError):
        new_key(kind, ext)


@pytest.mark.parametrize(
    "key",
    [
        "../etc/passwd",
        "audio/../../etc/passwd",
        "/etc/passwd",
        "audio/3f/" + "a" * 32,
        "audio/3f/" + "A" * 32 + ".mp3",
        "audio/3f/" + "a" * 32 + ".mp3/../../x",
        "audio\\3f\\" + "a" * 32 + ".mp3",
        "music/3f/" + "a" * 32 + ".mp3",
        "",
    ],
)
def test_paths_outside_the_key_format_are_refused(store, key):
    assert not is_valid_key(key)
    with pytest.raises(InvalidKey):
        store.path(key)
    with pytest.raises(InvalidKey):
        store.open(key)
    with pytest.raises(InvalidKey):
        store.delete(key)
    assert store.exists(key) is False


def test_put_bytes_and_put_file_round_trip(store, tmp_path):
    key = store.put_bytes("covers", "jpg", b"picture")
    assert store.exists(key) and store.path(key).read_bytes() == b"picture"
    assert store.path(key).resolve().is_relative_to(store.root)
    source = tmp_path / "client name; rm -rf.flac"
    source.write_bytes(b"x" * 3_000_000)
    audio_key = store.put_file("audio", "flac", source)
    with store.open(audio_key) as handle:
        assert handle.read() == source.read_bytes()
    assert "client" not in audio_key
    store.delete(audio_key)
    store.delete(audio_key)  # deleting twice is harmless
    assert not store.exists(audio_key)


def test_failed_write_leaves_no_partial_file(store, tmp_path):
    missing = tmp_path / "gone.mp3"
    with pytest.raises(FileNotFoundError):
        store.put_file("audio", "mp3", missing)
    assert [p for p in store.root.rglob("*") if p.is_file()] == []


def test_write_is_atomic_temp_file_then_rename(store, monkeypatch):
    """The final name appears only via os.replace, from a temp file in the same folder."""
    import os

    calls = []
    real_replace = os.replace

    def spy(src, dst):
        calls.append((src, dst))
        assert os.path.dirname(src) == os.path.dirname(dst)
        assert os.path.basename(src).startswith(".incoming-")
        assert not os.path.exists(dst)
        return real_replace(src, dst)

    monkeypatch.setattr("spoticlone.integrations.atomic.os.replace", spy)
    key = store.put_bytes("avatars", "png", b"data")
    assert len(calls) == 1 and str(calls[0][1]) == str(store.path(key))
    assert [p.name for p in store.path(key).parent.iterdir()] == [store.path(key).name]


def test_put_file_copies_into_a_temporary_file_renamed_into_place(store, tmp_path, monkeypatch):
    """A reader never sees part of a copied file either: it appears by ``os.replace`` of a full copy."""
    import os

    source = tmp_path / "song.flac"
    source.write_bytes(os.urandom(200_000))
    calls = []
    real_replace = os.replace

    def spy(src, dst):
        calls.append((str(src), str(dst)))
        assert os.path.basename(src).startswith(".incoming-") and os.path.dirname(src) == os.path.dirname(dst)
        assert Path(src).read_bytes() == source.read_bytes() and not os.path.exists(dst)
        return real_replace(src, dst)

    monkeypatch.setattr("spoticlone.integrations.atomic.os.replace", spy)
    key = store.put_file("audio", "flac", source)
    assert calls == [(calls[0][0], str(store.path(key)))]
    assert store.path(key).read_bytes() == source.read_bytes()
    assert [p.name for p in store.path(key).parent.iterdir()] == [store.path(key).name]


@pytest.mark.parametrize("errno_name", ["EINVAL", "ENOSYS"])
def test_put_file_copies_where_the_system_cannot_send_file_to_file(store, tmp_path, monkeypatch, errno_name):
    import errno
    import os

    def refuse(*_args):
        raise OSError(getattr(errno, errno_name), "not here")

    monkeypatch.setattr("spoticlone.integrations.atomic.os.sendfile", refuse)
    source = tmp_path / "song.wav"
    source.write_bytes(os.urandom(3 * 1024 * 1024 + 7))  # more than one read
    key = store.put_file("audio", "wav", source)
    assert store.path(key).read_bytes() == source.read_bytes()


def test_a_copy_failing_half_way_leaves_nothing(store, tmp_path, monkeypatch):
    import errno
    import os

    real = os.sendfile

    def fail_after_first(out, src, offset, count):
        if offset:
            raise OSError(errno.EIO, "disk gone")
        return real(out, src, offset, 1000)

    monkeypatch.setattr("spoticlone.integrations.atomic.os.sendfile", fail_after_first)
    source = tmp_path / "song.flac"
    source.write_bytes(b"x" * 5000)
    with pytest.raises(OSError, match="disk gone"):
        store.put_file("audio", "flac", source)
    assert [p for p in store.root.rglob("*") if p.is_file()] == []
