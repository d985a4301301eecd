"""A corpus of hostile files through the upload API: every one refused, clearly, leaving nothing.

The files are generated here (truncations of every format at many offsets, empty and
random files, documents, images and archives named like audio, polyglots, headers that
declare enormous sizes, an ID3 decompression bomb). Each goes through
``POST /api/v1/studio/uploads`` with the ingestion job running inline, so a file is refused
either by the upload (a 4xx with a sentence) or by the job (``failed`` with a sentence).
Files that reach the sandboxed probe cost a child process each, so they are sent a few at
a time.

A 2 GB sparse file is then sent straight to the ASGI app, counting the bytes the server
asks for: it must answer 413 having read no more than the cap (nothing at all when the
size is declared).
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import random
import tarfile
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image
from sqlmodel import select

from spoticlone.models import Album, AudioUpload, Role, Track, UploadStatus
from spoticlone.services.media.ingestion import MESSAGES, NOT_AUDIO
from spoticlone.services.studio import uploads
from tests import factories
from tests.aio import run_async
from tests.data.audio import cover_png, write_mp3

URL = "/api/v1/studio/uploads"
AUDIO_EXTENSIONS = ("mp3", "flac", "wav", "aiff", "ogg", "opus", "m4a")
CLEAR_REASONS = {NOT_AUDIO, uploads.EMPTY, uploads.TOO_SMALL, *MESSAGES.values()}


def _syncsafe(n: int) -> bytes:
    return bytes(((n >> shift) & 0x7F) for shift in (21, 14, 7, 0))


def _truncations(audio_samples) -> list[tuple[str, bytes]]:
    files = []
    for fmt, path in sorted(audio_samples.items()):
        data = path.read_bytes()
        # Header-deep cuts (refused on arrival, under 1 kB) and two that reach the parser, which
        # costs a child process each: a third of the file, and all of it but the last byte.
        cuts = {1, 2, 3, 5, 9, 13, 17, 30, 41, 63, 200, 700, 1023, len(data) // 3, len(data) - 1}
        files += [(f"cut-{n}.{fmt}", data[:n]) for n in sorted(cuts)]
    return files


def _documents() -> list[tuple[str, bytes]]:
    docs = {
        "text": b"These are the lyrics of my song, not the song. " * 40,
        "html": b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        "json": b'{"title": "Sine Song", "artist": "Nova Drive"}',
        "csv": b"title,artist\nSine Song,Nova Drive\n" * 20,
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "pdf": b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        "elf": b"\x7fELF\x02\x01\x01" + b"\0" * 500,
        "exe": b"MZ\x90\x00" + b"\0" * 500 + b"This program cannot be run in DOS mode",
        "script": b"#!/bin/sh\nrm -rf /\n",
        "utf16": "Ceci n'est pas une chanson".encode("utf-16"),
    }
    return [(f"{kind}.{ext}", body) for kind, body in docs.items() for ext in AUDIO_EXTENSIONS]


def _images() -> list[tuple[str, bytes]]:
    files = []
    for fmt in ("PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF", "ICO"):
        out = io.BytesIO()
        Image.new("RGB", (32, 32), (10, 200, 90)).save(out, fmt)
        files += [(f"cover-{fmt.lower()}.{ext}", out.getvalue()) for ext in ("mp3", "flac", "m4a")]
    return files


def _archives(song: bytes) -> list[tuple[str, bytes]]:
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("song.mp3", song)
    tarred = io.BytesIO()
    with tarfile.open(fileobj=tarred, mode="w") as archive:
        info = tarfile.TarInfo("song.mp3")
        info.size = len(song)
        archive.addfile(info, io.BytesIO(song))
    packed = {"zip": zipped.getvalue(), "gz": gzip.compress(song), "tar": tarred.getvalue(),
              "bz2": bz2.compress(song), "xz": lzma.compress(song),
              "7z": b"7z\xbc\xaf\x27\x1c\x00\x04" + song[:2000], "rar": b"Rar!\x1a\x07\x01\x00" + song[:2000]}
    return [(f"album-{kind}.{ext}", body) for kind, body in packed.items() for ext in ("mp3", "flac")]


def _random_files() -> list[tuple[str, bytes]]:
    noise = random.Random(20261203)  # seeded: the corpus is the same every run
    files = []
    for size in (1, 7, 64, 999, 12_345, 200_000):
        for ext in ("mp3", "flac", "ogg", "wav", "bin"):
            body = bytearray(noise.randbytes(size))
            body[0] = 0x00  # a random first byte of 0xFF could start an MP3 frame header
            files.append((f"noise-{size}.{ext}", bytes(body)))
    return files


def _polyglots(samples) -> list[tuple[str, bytes]]:
    mp3, flac, m4a = samples["mp3"].read_bytes(), samples["flac"].read_bytes(), samples["m4a"].read_bytes()
    png = cover_png()
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("readme.txt", "hello " * 500)  # stored, not compressed: a few kB
    pk = zipped.getvalue()
    id3_then_zip = b"ID3\x04\x00\x00" + _syncsafe(10) + b"\0" * 10 + pk
    return [
        ("id3-then-zip.mp3", id3_then_zip),
        ("flac-magic-then-png.flac", b"fLaC" + png + b"\0" * 2000),
        ("wav-header-then-html.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"<html>" * 400),
        ("ftyp-then-jpeg.m4a", m4a[:32] + b"\xff\xd8\xff\xe0" + b"\0" * 2000),
        ("opus-head-then-pdf.opus", samples["opus"].read_bytes()[:80] + b"%PDF-1.7" + b"\0" * 2000),
        ("png-then-mp3.mp3", png + mp3),
        ("zip-then-flac.flac", pk + flac),
        ("gif-comment-mp3.mp3", b"GIF89a" + mp3),
    ]


def _huge_declared_sizes(samples, tmp_path) -> list[tuple[str, bytes]]:
    flac, wav, m4a = samples["flac"].read_bytes(), samples["wav"].read_bytes(), samples["m4a"].read_bytes()
    ogg = samples["ogg"].read_bytes()
    mp3_audio = write_mp3(tmp_path / "plain.mp3", cover_png(), frames=[]).read_bytes()
    files = [
        # FLAC STREAMINFO claiming a 16 MB metadata block.
        ("flac-huge-block.flac", flac[:4] + bytes([flac[4]]) + b"\xff\xff\xff" + flac[8:]),
        # WAV whose RIFF and data chunks claim 4 GB.
        ("wav-huge-chunks.wav", wav[:4] + b"\xff\xff\xff\xff" + wav[8:40] + b"\xff\xff\xff\xff" + wav[44:]),
        # The first MP4 box claims 4 GB; then a 64-bit size of 2^63.
        ("m4a-huge-box.m4a", b"\xff\xff\xff\xff" + m4a[4:]),
        ("m4a-huge-largesize.m4a", b"\x00\x00\x00\x01" + m4a[4:8] + b"\x7f" + b"\xff" * 7 + m4a[8:]),
        # An Ogg page header whose segment table promises 255 x 255 bytes that are not there.
        ("ogg-huge-page.ogg", ogg[:26] + b"\xff" + b"\xff" * 255 + b"\0" * 100),
    ]
    # An ID3 tag claiming 256 MB (the largest syncsafe size) in front of real MP3 audio.
    files.append(("id3-huge-tag.mp3", b"ID3\x04\x00\x00" + _syncsafe(2**28 - 1) + mp3_audio))
    # A small tag whose one frame claims 200 MB.
    frame = b"TIT2" + _syncsafe(200 << 20) + b"\x00\x00\x03" + b"Sine"
    files.append(("id3-huge-frame.mp3", b"ID3\x04\x00\x00" + _syncsafe(len(frame)) + frame + mp3_audio))
    # A zlib-compressed ID3 frame that inflates to 600 MB inside a 600 kB file.
    compressor, parts = zlib.compressobj(9), []
    for _ in range(600):
        parts.append(compressor.compress(b"A" * (1 << 20)))
    payload = (600 << 20).to_bytes(4, "big") + b"".join(parts) + compressor.flush()
    bomb = b"TXXX" + _syncsafe(len(payload)) + b"\x00\x09" + payload
    files.append(("id3-bomb.mp3", b"ID3\x04\x00\x00" + _syncsafe(len(bomb)) + bomb + mp3_audio))
    return files


def _bad_aiffs(samples) -> list[tuple[str, bytes]]:
    """AIFF files whose IFF chunks lie about their sizes or their sound."""
    aiff = samples["aiff"].read_bytes()
    comm, ssnd = aiff.index(b"COMM"), aiff.index(b"SSND")
    png = cover_png()

    def patched(at: int, value: bytes, data: bytes = aiff) -> bytes:
        return data[:at] + value + data[at + len(value):]

    no_sound = aiff[:ssnd]
    no_sound = patched(4, (len(no_sound) - 8).to_bytes(4, "big"), no_sound)
    aifc = b"FORM" + (4 + 8 + 24).to_bytes(4, "big") + b"AIFC" + b"COMM" + (24).to_bytes(4, "big") + (
        b"\x00\x02" + b"\x00\x01\x00\x00" + b"\x00\x10" + b"\x40\x0e\xac\x44" + b"\0" * 6 + b"XXXX\x00\x00")
    return [
        ("aiff-huge-form.aiff", patched(4, b"\xff\xff\xff\xff")),
        ("aiff-huge-sound.aiff", patched(ssnd + 4, b"\xff\xff\xff\xf0")),
        ("aiff-zero-channels.aiff", patched(comm + 8, b"\x00\x00")),
        ("aiff-more-frames-than-sound.aiff", patched(comm + 10, b"\x7f\xff\xff\xff")),
        ("aiff-no-sound.aiff", no_sound + b"\0" * 2000),
        ("aifc-unknown-codec.aiff", aifc + b"\0" * 2000),
        ("aiff-magic-then-png.aiff", b"FORM\x00\x00\x10\x00AIFF" + png + b"\0" * 4000),
        ("aiff-named-mp3-cut.mp3", aiff[: len(aiff) // 2]),
    ]


@pytest.fixture
def artist_token(session):
    user = factories.make_user(session, username="hostile", role=Role.ARTIST)
    factories.make_artist(session, stage_name="Hostile Tester", user_id=user.id)
    return factories.make_api_token(session, user)


def _reason(response) -> str:
    """Why the file was refused: the upload's 4xx detail or the job's error ("" if accepted)."""
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code == 202:
        assert body["status"] == "failed", body
        return body["error"]
    assert 400 <= response.status_code < 500
    return body["detail"]


def test_every_hostile_file_is_refused_with_a_reason_and_leaves_nothing(
    api, artist_token, session, settings, audio_samples, tmp_path
):
    corpus = (_truncations(audio_samples) + _documents() + _images() + _random_files()
              + _archives(audio_samples["mp3"].read_bytes()) + _polyglots(audio_samples)
              + _huge_declared_sizes(audio_samples, tmp_path) + _bad_aiffs(audio_samples)
              + [("empty.mp3", b""), ("empty.flac", b""), ("empty", b"")])
    assert len(corpus) >= 200

    def send(item):
        name, data = item
        return name, api.post(URL, params={"filename": name}, content=data,
                              headers={"Authorization": f"Bearer {artist_token}"})

    with ThreadPoolExecutor(max_workers=2) as pool:  # the parser runs in child processes
        results = list(pool.map(send, corpus))

    unclear = {name: reason for name, response in results if (reason := _reason(response)) not in CLEAR_REASONS}
    assert not unclear, unclear
    assert session.exec(select(Track)).all() == [] and session.exec(select(Album)).all() == []
    assert {row.status for row in session.exec(select(AudioUpload)).all()} <= {UploadStatus.FAILED}
    assert [p for p in (settings.data_dir / uploads.FOLDER).rglob("*") if p.is_file()] == []
    assert [p for p in settings.media_dir.rglob("*") if p.is_file()] == []


def _asgi_post(app, token: str, path, *, declare: bool, chunk: int = 256 * 1024) -> tuple[int, bytes, int]:
    """POST the file at ``path`` straight to the ASGI app; returns (status, body, bytes handed over)."""
    size = path.stat().st_size
    headers = [(b"host", b"testserver"), (b"authorization", f"Bearer {token}".encode()),
               (b"content-type", b"application/octet-stream")]
    if declare:
        headers.append((b"content-length", str(size).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": URL, "raw_path": URL.encode(), "root_path": "",
             "query_string": b"filename=huge.wav", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    handed, messages = 0, []

    async def run():
        nonlocal handed
        with open(path, "rb") as handle:

            async def receive():
                nonlocal handed
                data = handle.read(chunk)
                handed += len(data)
                return {"type": "http.request", "body": data, "more_body": handed < size}

            async def send(message):
                messages.append(message)

            await app(scope, receive, send)

    run_async(run())
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], body, handed


def test_a_sparse_2_gb_file_is_refused_without_being_read(artist_token, engine, settings, tmp_path, monkeypatch):
    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.config import get_settings
    from spoticlone.db import session_scope

    monkeypatch.setenv("SPOTICLONE_MAX_UPLOAD_MB", "2")
    get_settings.cache_clear()
    sparse = tmp_path / "huge.wav"
    with open(sparse, "wb") as handle:
        handle.truncate(2 * 1024**3)  # 2 GB of holes: no disk used, all of it readable

    app = create_api()

    def session_override():
        with session_scope(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override

    status, body, handed = _asgi_post(app, artist_token, sparse, declare=True)
    assert (status, handed) == (413, 0)
    assert b"larger than the 2 MB limit" in body

    status, body, handed = _asgi_post(app, artist_token, sparse, declare=False)
    assert status == 413 and b"larger than the 2 MB limit" in body
    assert 2 * 1024**2 < handed <= 2 * 1024**2 + 256 * 1024  # the cap and one chunk, not 2 GB
    assert [p for p in (settings.data_dir / uploads.FOLDER).rglob("*") if p.is_file()] == []
