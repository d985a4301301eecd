"""Studio uploads: a large file through the app, against copying the same file on the same disk.

The issue sets two bars for a 500 MB upload: the server's memory grows by at most 64 MB
(the body is streamed to disk, never held), and throughput is at least a quarter of a plain
copy of the same file on the same disk. This script builds a WAV file of ``--mb`` megabytes
(a real header, then silence written to disk, not a sparse file), then measures in one run:

- ``copy``: the reference, a user-space copy in 1 MiB blocks (``shutil.copyfileobj``) to a
  new file in the same folder, after one warm-up read so both sides find the source cached;
- ``upload``: ``POST /api/v1/studio/uploads`` through the ASGI app in this process, fed 1 MiB
  per ``receive`` as a server would (the route hashes and writes it to disk), with the
  background ingestion job left queued (it is not part of receiving the upload).

Memory is the growth of this process's peak resident size during the upload; nothing else
runs in the process, so it is the server side's. The kernel's own copy (``copy_file_range``,
what ``cp`` uses) is also printed, for context: it never enters user space.

    .venv/bin/python benchmarks/uploads.py --mb 500
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import struct
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CHUNK = 1024 * 1024


def wav_file(path: Path, megabytes: int) -> Path:
    """A valid 16-bit stereo 48 kHz WAV header followed by ``megabytes`` MiB of silence."""
    data_size = megabytes * CHUNK
    header = b"RIFF" + struct.pack("<I", 36 + data_size) + b"WAVEfmt " + struct.pack(
        "<IHHIIHH", 16, 1, 2, 48_000, 48_000 * 4, 4, 16) + b"data" + struct.pack("<I", data_size)
    block = bytes(CHUNK)
    with path.open("wb") as handle:
        handle.write(header)
        for _ in range(megabytes):
            handle.write(block)
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


async def post_file(app, path: Path, token: str) -> tuple[int, bytes]:
    """POST ``path`` to the upload route straight through ASGI, 1 MiB per ``receive``.

    No HTTP client in between (FastAPI's TestClient reads a whole request body into memory
    before the app sees it), so the memory that grows is the server side's.
    """
    size = path.stat().st_size
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/v1/studio/uploads", "raw_path": b"/api/v1/studio/uploads",
        "query_string": b"filename=long.wav", "root_path": "", "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 3000),
        "headers": [(b"host", b"127.0.0.1:3000"), (b"authorization", f"Bearer {token}".encode()),
                    (b"content-type", b"application/octet-stream"), (b"content-length", str(size).encode())],
    }
    answer: dict = {"status": 0, "body": b""}
    with path.open("rb") as handle:
        async def receive() -> dict:
            block = handle.read(CHUNK)
            return {"type": "http.request", "body": block, "more_body": bool(block) and handle.tell() < size}

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["body"] += message.get("body", b"")

        await app(scope, receive, send)
    return answer["status"], answer["body"]


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=500, help="file size in MiB (default 500)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="spoticlone-upload-bench-"))
    os.environ.update(SPOTICLONE_DATA_DIR=str(work / "data"), SPOTICLONE_ENV="test",
                      SPOTICLONE_JOBS_IMMEDIATE="false", SPOTICLONE_MAX_UPLOAD_MB=str(max(args.mb + 1, 10)))
    try:
        from spoticlone.api.app import create_api
        from spoticlone.db import create_schema, get_engine, session_scope
        from spoticlone.models import ArtistProfile, Role, User
        from spoticlone.services.auth.api_sessions import start_api_session
        from spoticlone.services.auth.passwords import hash_password

        source = wav_file(work / "long.wav", args.mb)
        size_mb = source.stat().st_size / CHUNK
        engine = get_engine()
        create_schema(engine)
        with session_scope(engine) as session:
            user = User(email="bench@example.org", username="bench", password_hash=hash_password("x" * 12),
                        role=Role.ARTIST, email_verified=True)
            session.add(user)
            session.commit()
            session.add(ArtistProfile(stage_name="Bench", slug="bench", user_id=user.id))
            session.commit()
            token = start_api_session(session, user_id=user.id).access_token

        with source.open("rb") as handle:  # warm the page cache for both sides
            while handle.read(CHUNK):
                pass

        def user_copy() -> None:
            with source.open("rb") as src, (work / "copy.wav").open("wb") as dst:
                shutil.copyfileobj(src, dst, CHUNK)

        def kernel_copy() -> None:
            shutil.copyfile(source, work / "kernel.wav")

        copy_s = timed(user_copy)
        kernel_s = timed(kernel_copy)
        for name in ("copy.wav", "kernel.wav"):
            (work / name).unlink()

        app = create_api()
        before = peak_rss_mb()
        started = time.perf_counter()
        status, body = asyncio.run(post_file(app, source, token))
        upload_s = time.perf_counter() - started
        growth = peak_rss_mb() - before
        if status != 202:
            print(f"upload refused: {status} {body[:300]!r}")
            return 1
        print(f"file: {size_mb:.0f} MiB WAV")
        print(f"copy (reference, 1 MiB blocks): {copy_s:.2f} s = {size_mb / copy_s:.0f} MiB/s")
        print(f"kernel copy (copy_file_range, context only): {kernel_s:.2f} s = {size_mb / kernel_s:.0f} MiB/s")
        print(f"upload through the app: {upload_s:.2f} s = {size_mb / upload_s:.0f} MiB/s "
              f"= {copy_s / upload_s:.2f} of the copy's throughput (bar: at least 0.25)")
        print(f"peak memory growth during the upload: {growth:.1f} MiB (bar: at most 64)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
