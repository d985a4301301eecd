"""Songs and a cover picture for the studio journey, made at test time.

Each song is a soft chord with a fade and a little noise, so every run's files hash
differently (uploads are refused as duplicates by content hash); the first one is a FLAC
file tagged like a real release, with the cover embedded.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

RATE = 44100
SONG_SECONDS = 12.0


def song(seed: int, seconds: float = SONG_SECONDS) -> np.ndarray:
    """A soft major chord that fades in and out, plus a little noise (a unique hash per run)."""
    rng = np.random.default_rng()
    t = np.arange(int(RATE * seconds)) / RATE
    root = 196.0 * 2 ** (seed / 12)
    wave = sum(np.sin(2 * np.pi * root * ratio * t) for ratio in (1.0, 1.26, 1.5)) / 3
    envelope = np.minimum(1.0, np.minimum(t / 0.5, (seconds - t) / 0.5))
    mono = 0.35 * wave * envelope + 0.003 * rng.standard_normal(t.size)
    return np.stack([mono, np.roll(mono, 200)], axis=1).astype(np.float32)


def cover_jpeg(path: Path) -> Path:
    """A 1000×1000 dusk-harbour picture: a gradient sky, a sun and a few light stripes."""
    from PIL import Image, ImageDraw

    size = 1000
    image = Image.new("RGB", (size, size))
    pixels = image.load()
    for y in range(size):
        f = y / size
        row = (int(40 + 200 * f), int(30 + 60 * f), int(90 + 40 * (1 - f)))
        for x in range(size):
            pixels[x, y] = row
    draw = ImageDraw.Draw(image)
    draw.ellipse((330, 360, 670, 700), fill=(255, 190, 90))
    draw.rectangle((0, 640, size, size), fill=(20, 30, 70))
    for i in range(9):
        y = 670 + i * 36
        draw.rectangle((280 + i * 18, y, 720 - i * 18, y + 8), fill=(255, 170, 80))
    image.save(path, "JPEG", quality=90)
    return path


def write_songs(directory: Path, cover: Path, songs: Sequence[tuple[str, str, str]], *, artist: str,
                album: str) -> list[Path]:
    """One file per ``(file name, title, licence)``, its format from the name; the first is tagged
    with the title, ``artist``, ``album``, plain lyrics and ``cover`` (the journey's FLAC)."""
    import soundfile as sf
    from mutagen.flac import FLAC, Picture

    paths = []
    for index, (name, _title, _licence) in enumerate(songs):
        path = directory / name
        fmt = {"flac": "FLAC", "wav": "WAV", "ogg": "OGG"}[path.suffix[1:]]
        subtype = "VORBIS" if fmt == "OGG" else "PCM_16"
        sf.write(path, song(index * 4), RATE, format=fmt, subtype=subtype)
        paths.append(path)
    tagged = FLAC(paths[0])
    tagged["title"] = songs[0][1]
    tagged["artist"] = artist
    tagged["album"] = album
    tagged["tracknumber"] = "1"
    tagged["genre"] = "Ambient"
    tagged["date"] = "2026"
    tagged["lyrics"] = "Morning on the harbour\nSalt upon the breeze"
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/jpeg", cover.read_bytes()
    tagged.add_picture(picture)
    tagged.save()
    return paths
