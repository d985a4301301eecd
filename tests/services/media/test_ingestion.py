"""Ingestion end to end: real files in, rows and media out (or nothing at all)."""

from __future__ import annotations

import io
import logging
import random
import zlib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import event
from sqlmodel import select

from spoticlone.models import Album, AlbumKind, ArtistProfile, Genre, Track, TrackFeaturedArtist
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.media.images import ImageRejected, reencode_image
from spoticlone.services.media.ingestion import NOT_AUDIO, IngestOverrides, ingest_file
from tests.data.audio import LRC, LYRICS, SAMPLE_RATES, SECONDS, TAGS, cover_png, write_mp3

NOISE = random.Random(1234)  # seeded: a corrupt-file test must fail the same way every run
FORMATS = ["mp3", "flac", "wav", "ogg", "opus", "m4a"]
SYNCED = {"mp3", "flac", "ogg"}  # which samples carry synced lyrics (see tests/data/audio.py)


def sample(audio_samples, fmt: str) -> Path:
    if fmt not in audio_samples:
        pytest.skip(f"no {fmt} encoder available in this environment")
    return audio_samples[fmt]


def media_files(settings) -> list[Path]:
    root = settings.media_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_nothing_left(session, settings) -> None:
    session.rollback()
    for model in (Track, Album, ArtistProfile, Genre, TrackFeaturedArtist):
        assert session.exec(select(model)).all() == [], model.__name__
    assert media_files(settings) == []


def copy_as(path: Path, target: Path, data: bytes | None = None) -> Path:
    target.write_bytes(path.read_bytes() if data is None else data)
    return target


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_ingests_with_its_metadata(fmt, session, store, audio_samples):
    result = ingest_file(session, store=store, source=sample(audio_samples, fmt))

    track = session.get(Track, result.track_id)
    assert track.audio_format == fmt
    assert abs(track.duration_ms / 1000 - SECONDS) <= 0.2
    assert track.sample_rate == (48000 if fmt == "opus" else SAMPLE_RATES[fmt])
    assert track.bitrate and track.bitrate > 0
    assert track.file_size == sample(audio_samples, fmt).stat().st_size
    assert track.title == TAGS["title"]
    assert track.track_number == TAGS["track"] and track.disc_number == TAGS["disc"]
    assert track.release_date == date(2021, 5, 3)
    assert track.audio_key.endswith("." + ("opus" if fmt == "opus" else fmt))
    assert store.path(track.audio_key).read_bytes() == sample(audio_samples, fmt).read_bytes()
    assert session.get(ArtistProfile, track.artist_id).stage_name == TAGS["artist"]
    assert session.get(Genre, track.genre_id).name == TAGS["genre"]
    album = session.get(Album, track.album_id)
    assert album.title == TAGS["album"] and album.release_date == date(2021, 5, 3)
    assert album.cover_key == track.cover_key is not None
    with Image.open(store.path(track.cover_key)) as cover:
        assert cover.format == "JPEG" and cover.size == (64, 48) and not cover.getexif()
    featured = session.exec(select(TrackFeaturedArtist).where(TrackFeaturedArtist.track_id == track.id)).all()
    assert [session.get(ArtistProfile, f.artist_id).stage_name for f in featured] == [TAGS["featured"]]
    assert track.lyrics == LYRICS
    assert (track.synced_lyrics != "") == (fmt in SYNCED)


@pytest.mark.parametrize("fmt", sorted(SYNCED))
def test_synced_lyrics_are_captured_as_lrc(fmt, session, store, audio_samples):
    track = session.get(Track, ingest_file(session, store=store, source=audio_samples[fmt]).track_id)
    assert "[00:00.50]First line of the song" in track.synced_lyrics
    assert "[00:01.75]Second line of the song" in track.synced_lyrics
    if fmt == "ogg":  # only an LRC-formatted LYRICS comment: plain text is derived from it
        assert track.synced_lyrics == LRC
        assert track.lyrics == LYRICS


def test_reingesting_links_existing_artist_album_genre(session, store, audio_samples):
    first = ingest_file(session, store=store, source=audio_samples["mp3"])
    second = ingest_file(
        session, store=store, source=audio_samples["flac"], overrides=IngestOverrides(genre="ELECTRONIC")
    )
    assert (first.created_artist, first.created_album, first.created_genre) == (True, True, True)
    assert (second.created_artist, second.created_album, second.created_genre) == (False, False, False)
    assert (second.artist_id, second.album_id, second.genre_id) == (first.artist_id, first.album_id, first.genre_id)
    assert len(session.exec(select(ArtistProfile)).all()) == 2  # main artist + the guest
    # Same embedded picture: the album's cover file is reused, not stored twice.
    assert second.cover_key == first.cover_key
    assert len(list((store.root / "covers").rglob("*.jpg"))) == 1
    slugs = {session.get(Track, r.track_id).slug for r in (first, second)}
    assert slugs == {"sine-song", "sine-song-2"}


def test_overrides_win_over_tags(session, store, audio_samples):
    existing = ArtistProfile(stage_name="Chosen One", slug="chosen-one")
    session.add(existing)
    session.commit()
    overrides = IngestOverrides(
        title="Other Title", featured_artists=(), album="Single Thing", album_kind=AlbumKind.SINGLE,
        genre="Ambient", track_number=1, disc_number=2, release_date=date(1999, 12, 31),
        lyrics="la la", licence="CC BY 4.0", explicit=True, artist_id=existing.id,
    )
    result = ingest_file(session, store=store, source=audio_samples["mp3"], overrides=overrides)
    track = session.get(Track, result.track_id)
    album = session.get(Album, result.album_id)
    assert (track.title, track.track_number, track.disc_number) == ("Other Title", 1, 2)
    assert (track.lyrics, track.licence, track.explicit) == ("la la", "CC BY 4.0", True)
    assert track.release_date == date(1999, 12, 31) and track.artist_id == existing.id
    assert (album.title, album.kind, album.artist_id) == ("Single Thing", AlbumKind.SINGLE, existing.id)
    assert session.get(Genre, track.genre_id).name == "Ambient"
    assert session.exec(select(TrackFeaturedArtist)).all() == []
    assert not result.created_artist


def test_overrides_artist_by_name_and_unknown_artist_id(session, store, audio_samples, settings):
    overrides = IngestOverrides(artist="Café Noir")
    result = ingest_file(session, store=store, source=audio_samples["wav"], overrides=overrides)
    assert session.get(ArtistProfile, result.artist_id).slug == "cafe-noir"
    with pytest.raises(NotFound):
        ingest_file(session, store=store, source=audio_samples["wav"], overrides=IngestOverrides(artist_id=9999))


def test_missing_tags_fall_back_to_stem_and_unknown_artist(session, store, tmp_path):
    path = write_mp3(tmp_path / "My Demo Take.mp3", cover_png(), frames=[])
    result = ingest_file(session, store=store, source=path)
    track = session.get(Track, result.track_id)
    assert track.title == "My Demo Take"
    assert session.get(ArtistProfile, track.artist_id).stage_name == "Unknown Artist"
    assert result.album_id is None and result.genre_id is None and track.cover_key is None


def test_mislabelled_extension_is_stored_by_content(session, store, audio_samples, tmp_path):
    liar = copy_as(audio_samples["ogg"], tmp_path / "really-ogg.mp3")
    result = ingest_file(session, store=store, source=liar)
    track = session.get(Track, result.track_id)
    assert (track.audio_format, track.mime_type) == ("ogg", "audio/ogg")
    assert track.audio_key.endswith(".ogg")


def _reject(session, store, settings, path: Path, message: str | None = NOT_AUDIO) -> Invalid:
    with pytest.raises(Invalid) as info:
        ingest_file(session, store=store, source=path)
    if message:
        assert info.value.message == message
    assert_nothing_left(session, settings)
    return info.value


def test_text_renamed_as_mp3_is_rejected(session, store, settings, tmp_path):
    path = tmp_path / "song.mp3"
    path.write_text("Definitely a song. " * 500)
    _reject(session, store, settings, path)


def test_png_renamed_as_flac_is_rejected(session, store, settings, tmp_path):
    _reject(session, store, settings, copy_as(Path(), tmp_path / "song.flac", cover_png((300, 300))))


def test_empty_file_is_rejected(session, store, settings, tmp_path):
    path = tmp_path / "empty.mp3"
    path.write_bytes(b"")
    assert "empty" in _reject(session, store, settings, path, None).message


@pytest.mark.parametrize("fmt", FORMATS)
def test_truncated_file_is_rejected(fmt, session, store, settings, audio_samples, tmp_path):
    data = sample(audio_samples, fmt).read_bytes()
    path = copy_as(Path(), tmp_path / f"cut.{fmt}", data[: int(len(data) * 0.6)])
    _reject(session, store, settings, path, None)


@pytest.mark.parametrize(
    "name, make",
    [
        ("flac-header-then-noise.flac", lambda good: b"fLaC" + NOISE.randbytes(8000)),
        ("noise.mp3", lambda good: NOISE.randbytes(40_000)),
        ("mp3-start-then-noise.mp3", lambda good: good[:3000] + NOISE.randbytes(len(good) - 3000)),
        ("wav-without-data.wav", lambda good: good[:44]),
        ("ogg-header-then-noise.ogg", lambda good: b"OggS" + NOISE.randbytes(5000)),
    ],
)
def test_corrupt_files_are_rejected(name, make, session, store, settings, audio_samples, tmp_path):
    source = audio_samples["wav" if name.endswith(".wav") else "mp3"].read_bytes()
    _reject(session, store, settings, copy_as(Path(), tmp_path / name, make(source)), None)


def test_file_over_the_size_limit_is_refused_before_parsing(session, store, settings, tmp_path, monkeypatch):
    from spoticlone.config import get_settings

    monkeypatch.setenv("SPOTICLONE_MAX_UPLOAD_MB", "1")
    get_settings.cache_clear()
    path = tmp_path / "big.wav"
    path.write_bytes(b"\0" * (1024 * 1024 + 1))
    assert "larger than the 1 MB limit" in _reject(session, store, settings, path, None).message


def test_decompression_bomb_in_id3_is_contained(session, store, settings, tmp_path):
    """A compressed ID3 frame inflating to 600 MB kills only the probe child, not the server."""
    from mutagen.id3 import ID3

    compressor, parts = zlib.compressobj(9), []
    chunk = b"A" * (1 << 20)
    for _ in range(600):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    payload = (600 << 20).to_bytes(4, "big") + b"".join(parts)
    path = write_mp3(tmp_path / "bomb.mp3", cover_png(), frames=[])
    ID3().save(path)  # ensure an ID3v2.4 header exists; then splice in the hostile frame by hand
    frame = b"TXXX" + _syncsafe(len(payload)) + b"\x00\x09" + payload  # compressed + data-length flags
    data = path.read_bytes()
    audio = data[10 + _tag_size(data) :]
    header = b"ID3\x04\x00\x00" + _syncsafe(len(frame))
    path.write_bytes(header + frame + audio)
    _reject(session, store, settings, path, None)


def _syncsafe(n: int) -> bytes:
    return bytes(((n >> shift) & 0x7F) for shift in (21, 14, 7, 0))


def _tag_size(data: bytes) -> int:
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | byte
    return size


def test_broken_cover_is_dropped_with_a_warning(session, store, tmp_path, caplog):
    from mutagen import id3

    frames = [
        id3.TIT2(encoding=3, text="No Cover"),
        id3.APIC(encoding=3, mime="image/jpeg", type=3, data=b"\xff\xd8junk" * 50),
    ]
    path = write_mp3(tmp_path / "broken-cover.mp3", b"", frames=frames)
    with caplog.at_level(logging.WARNING, logger="spoticlone.services.media.ingestion"):
        result = ingest_file(session, store=store, source=path)
    assert result.cover_key is None and result.warnings
    assert "cover" in caplog.text


def test_cover_is_downscaled_and_huge_pictures_refused():
    big = io.BytesIO()
    Image.new("RGB", (2400, 1600), (1, 2, 3)).save(big, "PNG")
    with Image.open(io.BytesIO(reencode_image(big.getvalue()))) as out:
        assert out.format == "JPEG" and out.size == (1200, 800) and out.mode == "RGB"
    bomb = io.BytesIO()
    Image.new("1", (8000, 6000)).save(bomb, "PNG")  # 48 MP, a few kB on disk
    with pytest.raises(ImageRejected):
        reencode_image(bomb.getvalue())


def test_failure_after_media_written_removes_everything(session, store, settings, audio_samples):
    class CoverWriteFails(type(store)):
        def put_bytes(self, kind, extension, data):
            raise OSError("disk full")

    with pytest.raises(OSError):
        ingest_file(session, store=CoverWriteFails(store.root), source=audio_samples["mp3"])
    assert_nothing_left(session, settings)


def test_database_failure_rolls_back_rows_and_media(session, store, settings, audio_samples):
    def fail(_session):
        raise RuntimeError("database went away")

    event.listen(session, "before_commit", fail)
    try:
        with pytest.raises(RuntimeError):
            ingest_file(session, store=store, source=audio_samples["flac"])
    finally:
        event.remove(session, "before_commit", fail)
    assert_nothing_left(session, settings)
