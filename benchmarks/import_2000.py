"""Bulk import: ``cli import`` of 2,000 small files against a plain parse-hash-copy loop.

The issue's bar: importing 2,000 generated files takes at most 1.5x a plain loop that
parses each file with mutagen, hashes it and copies it, in one process, on the same files.
This script writes ``--files`` short tagged files (FLAC, WAV and MP3 in turn, each with
its own tone and noise so no two are the same audio; 40 artists, 200 albums), then in one
run measures:

- ``plain``: the reference, in this process: ``mutagen.File`` (tags and stream info),
  SHA-256 of the bytes, and a copy into a fresh folder; once with ``fsync`` after each
  copy, as the media store writes (an acknowledged file survives a crash), and once
  without, for context;
- ``import``: ``python -m spoticlone.cli import FOLDER --quiet`` through ``cli.main`` in
  this process, on an empty SQLite database: content checks and parsing in sandboxed
  children (several files per request), hashing, the duplicate check (one query per few
  files), a copy into the media store and the artist/album/genre/track rows, committed in
  batches, each batch's copies made durable (fsynced) before its commit;
- ``import again``: the same command a second time, where every file is a duplicate.

Both run ``--rounds`` times, interleaved, each import into a fresh database; the best time
of each side is kept. The ratio printed is import / plain (durable copy); the target is
at most 1.5. On a shared machine both wall times swing with other work (``fsync`` most of
all), so the CPU time each side used (this process and its children) is printed too: it
is what the import would need on an idle machine, divided among the cores.

The CPU time is also split between this process and the probe children, since the
children are the share a second core takes. ``--dir`` puts the files, copies and data
folder on another disk (``--dir /dev/shm`` shows the import against a loop whose ``fsync``
costs nothing, the quickest disk there is).

    .venv/bin/python benchmarks/import_2000.py --files 2000
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RATE = 22_050
SECONDS = 1.0


def tone(index: int, rate: int) -> np.ndarray:
    """A short stereo tone with its own pitch and noise: different audio for every file."""
    rng = np.random.default_rng(index)
    t = np.arange(int(rate * SECONDS)) / rate
    mono = 0.3 * np.sin(2 * np.pi * (110 + index % 800) * t) + 0.01 * rng.standard_normal(t.size)
    return np.stack([mono, mono], axis=1)


def generate(folder: Path, count: int) -> list[Path]:
    import lameenc
    import soundfile
    from mutagen.easyid3 import EasyID3
    from mutagen.flac import FLAC
    from mutagen.id3 import ID3, TALB, TCON, TIT2, TPE1, TRCK
    from mutagen.wave import WAVE

    paths = []
    for index in range(count):
        artist, album = f"Bench Artist {index % 40}", f"Bench Album {index % 200}"
        title, number = f"Bench Song {index}", str(index // 200 + 1)
        fmt = ("flac", "wav", "mp3")[index % 3]
        path = folder / f"{index // 200:02d}" / f"{index:05d}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "mp3":
            encoder = lameenc.Encoder()
            encoder.set_bit_rate(64)
            encoder.set_in_sample_rate(RATE)
            encoder.set_channels(2)
            encoder.set_quality(7)
            encoder.set_out_sample_rate(RATE)
            pcm = (tone(index, RATE) * 32767).astype("<i2").tobytes()
            path.write_bytes(bytes(encoder.encode(pcm) + encoder.flush()))
            tags = EasyID3()
            tags.update({"title": title, "artist": artist, "album": album, "genre": "Electronic",
                         "tracknumber": number})
            tags.save(path)
        elif fmt == "flac":
            soundfile.write(path, tone(index, RATE), RATE, format="FLAC", subtype="PCM_16")
            audio = FLAC(path)
            audio.update({"TITLE": title, "ARTIST": artist, "ALBUM": album, "GENRE": "Electronic",
                          "TRACKNUMBER": number})
            audio.save()
        else:
            soundfile.write(path, tone(index, RATE), RATE, format="WAV", subtype="PCM_16")
            audio = WAVE(path)
            audio.add_tags()
            for frame in (TIT2(encoding=3, text=title), TPE1(encoding=3, text=artist),
                          TALB(encoding=3, text=album), TCON(encoding=3, text="Electronic"),
                          TRCK(encoding=3, text=number)):
                audio.tags.add(frame)
            audio.save()
            assert isinstance(audio.tags, ID3)
        paths.append(path)
    return paths


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (the probe children)."""
    return sum(children_and_self())


def children_and_self() -> tuple[float, float]:
    """CPU time so far of this process, and of its finished children."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime, children.ru_utime + children.ru_stime


def plain_loop(paths: list[Path], target: Path, *, durable: bool) -> float:
    """The reference: parse with mutagen, hash and copy each file, one after the other."""
    import mutagen

    target.mkdir()
    started = time.perf_counter()
    for n, path in enumerate(paths):
        audio = mutagen.File(path)
        assert audio is not None and audio.info.length > 0
        _ = dict(audio.tags or {})
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        with open(path, "rb") as src, open(target / f"{n}{path.suffix}", "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            if durable:
                dst.flush()
                os.fsync(dst.fileno())
    return time.perf_counter() - started


def cli_import(folder: Path) -> tuple[float, int, str]:
    from spoticlone import cli

    out = io.StringIO()
    started = time.perf_counter()
    with redirect_stdout(out):
        code = cli.main(["import", str(folder), "--quiet"])
    return time.perf_counter() - started, code, out.getvalue().strip().splitlines()[0]


def fresh_database(folder: Path) -> None:
    """Point the app at an empty data folder (a new SQLite file and media store)."""
    from spoticlone.config import get_settings
    from spoticlone.db import create_schema, make_engine

    # Jobs queued, as in production: with SPOTICLONE_ENV=test alone they would run inline, and
    # the timed import would include measuring and transcoding every track (the worker's job).
    os.environ.update({"SPOTICLONE_DATA_DIR": str(folder), "SPOTICLONE_ENV": "test",
                       "SPOTICLONE_JOBS_IMMEDIATE": "false"})
    os.environ.pop("SPOTICLONE_DATABASE_URL", None)
    os.environ.pop("SPOTICLONE_REDIS_URL", None)
    get_settings.cache_clear()
    create_schema(make_engine(get_settings().resolved_database_url))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the best of each is kept")
    parser.add_argument("--dir", default=None, help="folder for the files and copies (default: the system's temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="spoticlone-import-bench-", dir=args.dir) as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        paths = generate(root / "music", args.files)
        size = sum(p.stat().st_size for p in paths)
        print(f"generated {len(paths)} files ({size / 2**20:.1f} MiB) in {time.perf_counter() - started:.1f} s")

        plain, loose, imports, agains, ok = [], [], [], [], True
        plain_cpu: list[float] = []
        import_cpu: list[float] = []
        child_cpu: list[float] = []  # the probe children's share of import_cpu
        n = len(paths)
        for round_ in range(args.rounds):
            # Interleaved, so a busy moment of a shared machine hits both sides alike.
            cpu = cpu_seconds()
            plain.append(plain_loop(paths, root / f"copy-{round_}", durable=True))
            plain_cpu.append(cpu_seconds() - cpu)
            loose.append(plain_loop(paths, root / f"loose-{round_}", durable=False))
            fresh_database(root / f"data-{round_}")
            mine, children = children_and_self()
            seconds, code, summary = cli_import(root / "music")
            import_cpu.append(cpu_seconds() - mine - children)
            child_cpu.append(children_and_self()[1] - children)
            again, code_again, summary_again = cli_import(root / "music")
            imports.append(seconds)
            agains.append(again)
            ok &= code == 0 and code_again == 0 and summary.startswith(f"Imported {n} files")
            print(f"round {round_ + 1}: plain {plain[-1]:.2f} s (CPU {plain_cpu[-1]:.2f} s), plain without fsync "
                  f"{loose[-1]:.2f} s, import {seconds:.2f} s (CPU {import_cpu[-1]:.2f} s, children "
                  f"{child_cpu[-1]:.2f} s; {summary}), again {again:.2f} s ({summary_again})")
        reference, imported = min(plain), min(imports)
        print(f"plain loop, fsync per copy : {reference:7.2f} s  ({1000 * reference / n:.2f} ms/file)")
        print(f"plain loop, no fsync       : {min(loose):7.2f} s  ({1000 * min(loose) / n:.2f} ms/file)")
        print(f"cli import                 : {imported:7.2f} s  ({1000 * imported / n:.2f} ms/file)")
        print(f"cli import again (all dup.): {min(agains):7.2f} s  ({1000 * min(agains) / n:.2f} ms/file)")
        print(f"import / plain loop (fsync): {imported / reference:.2f}x (target <= 1.5x); "
              f"import / plain loop (no fsync): {imported / min(loose):.2f}x")
        print(f"CPU time, plain loop (fsync): {min(plain_cpu):.2f} s; cli import (with its probe children): "
              f"{min(import_cpu):.2f} s; ratio {min(import_cpu) / min(plain_cpu):.2f}x")
        best = import_cpu.index(min(import_cpu))
        print(f"  of which the probe children: {child_cpu[best]:.2f} s, this process: "
              f"{import_cpu[best] - child_cpu[best]:.2f} s")
        if not ok:
            print("FAILED: the import did not take every file")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
