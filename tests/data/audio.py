"""Generate tiny real audio files of every supported format, tagged like real releases.

Files are made at test time (a few seconds of a sine tone) instead of being checked
in, so the repository stays small and every encoder path is exercised. M4A needs an
AAC encoder: PyAV (``av``) ships one inside its wheel; without it the "m4a" sample
is simply absent and its tests skip.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

SECONDS = 3.0
TAGS = {
    "title": "Sine Song",
    "artist": "Sine Artist",
    "featured": "Guest Singer",
    "album": "Test Tones",
    "track": 3,
    "disc": 1,
    "genre": "Electronic",
    "date": "2021-05-03",
}
LYRICS = "First line of the song\nSecond line of the song"
LRC = "[ar:Sine Artist]\n[00:00.50]First line of the song\n[00:01.75]Second line of the song"
SAMPLE_RATES = {"mp3": 44100, "flac": 44100, "wav": 44100, "ogg": 44100, "opus": 48000, "m4a": 44100,
                "aiff": 44100}


def cover_png(size: tuple[int, int] = (64, 48), color=(200, 30, 90)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def tone(rate: int, seconds: float = SECONDS) -> np.ndarray:
    """Stereo float32 sine (440 Hz left, 660 Hz right), shape (frames, 2)."""
    t = np.arange(int(rate * seconds)) / rate
    return np.stack([0.3 * np.sin(2 * np.pi * 440 * t), 0.3 * np.sin(2 * np.pi * 660 * t)], axis=1).astype(
        np.float32
    )


def _id3_frames(cover: bytes, *, synced: bool) -> list:
    from mutagen import id3

    frames = [
        id3.TIT2(encoding=3, text=TAGS["title"]),
        id3.TPE1(encoding=3, text=[TAGS["artist"], TAGS["featured"]]),
        id3.TALB(encoding=3, text=TAGS["album"]),
        id3.TRCK(encoding=3, text=f"{TAGS['track']}/10"),
        id3.TPOS(encoding=3, text=f"{TAGS['disc']}/1"),
        id3.TCON(encoding=3, text=TAGS["genre"]),
        id3.TDRC(encoding=3, text=TAGS["date"]),
        id3.APIC(encoding=3, mime="image/png", type=3, desc="cover", data=cover),
        id3.USLT(encoding=3, lang="eng", desc="", text=LYRICS),
    ]
    if synced:
        frames.append(
            id3.SYLT(
                encoding=3, lang="eng", format=2, type=1, desc="",
                text=[("First line of the song", 500), ("Second line of the song", 1750)],
            )
        )
    return frames


def _vorbis_tags(tags, cover: bytes, *, lyrics_key: str, lyrics: str, extra: dict | None = None) -> None:
    import base64

    from mutagen.flac import Picture

    tags["title"] = TAGS["title"]
    tags["artist"] = [TAGS["artist"], TAGS["featured"]]
    tags["album"] = TAGS["album"]
    tags["tracknumber"] = str(TAGS["track"])
    tags["discnumber"] = str(TAGS["disc"])
    tags["genre"] = TAGS["genre"]
    tags["date"] = TAGS["date"]
    tags[lyrics_key] = lyrics
    for key, value in (extra or {}).items():
        tags[key] = value
    if cover is not None:
        picture = Picture()
        picture.type, picture.mime, picture.width, picture.height, picture.depth = 3, "image/png", 64, 48, 24
        picture.data = cover
        tags["metadata_block_picture"] = base64.b64encode(picture.write()).decode("ascii")


def write_mp3(path: Path, cover: bytes, *, rate: int = 44100, frames: list | None = None) -> Path:
    import lameenc
    from mutagen.id3 import ID3

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(128)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(2)
    encoder.set_quality(5)
    pcm = (tone(rate) * 32767).astype("<i2").tobytes()
    path.write_bytes(bytes(encoder.encode(pcm) + encoder.flush()))
    tags = ID3()
    for frame in frames if frames is not None else _id3_frames(cover, synced=True):
        tags.add(frame)
    tags.save(path)
    return path


def write_m4a(path: Path, cover: bytes) -> Path | None:
    try:
        import av
    except ImportError:
        return None
    from mutagen.mp4 import MP4, MP4Cover

    rate = SAMPLE_RATES["m4a"]
    pcm = np.ascontiguousarray(tone(rate).T)
    with av.open(str(path), "w", format="ipod") as container:
        stream = container.add_stream("aac", rate=rate, layout="stereo")
        for start in range(0, pcm.shape[1], 1024):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(pcm[:, start : start + 1024]), format="fltp", layout="stereo"
            )
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    audio = MP4(path)
    audio["\xa9nam"] = TAGS["title"]
    audio["\xa9ART"] = [TAGS["artist"], TAGS["featured"]]
    audio["\xa9alb"] = TAGS["album"]
    audio["trkn"] = [(TAGS["track"], 10)]
    audio["disk"] = [(TAGS["disc"], 1)]
    audio["\xa9gen"] = TAGS["genre"]
    audio["\xa9day"] = TAGS["date"]
    audio["\xa9lyr"] = LYRICS
    audio["covr"] = [MP4Cover(cover, imageformat=MP4Cover.FORMAT_PNG)]
    audio.save()
    return path


def make_samples(directory: Path) -> dict[str, Path]:
    """Write one tagged sample per format into ``directory``; keys are format names."""
    import soundfile as sf
    from mutagen.aiff import AIFF
    from mutagen.flac import FLAC, Picture
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis
    from mutagen.wave import WAVE

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    cover = cover_png()
    samples: dict[str, Path] = {"mp3": write_mp3(directory / "sample.mp3", cover)}

    flac = directory / "sample.flac"
    sf.write(flac, tone(SAMPLE_RATES["flac"]), SAMPLE_RATES["flac"], format="FLAC", subtype="PCM_16")
    audio = FLAC(flac)
    _vorbis_tags(audio, None, lyrics_key="lyrics", lyrics=LYRICS, extra={"syncedlyrics": LRC})
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/png", cover
    audio.add_picture(picture)
    audio.save()
    samples["flac"] = flac

    wav = directory / "sample.wav"
    sf.write(wav, tone(SAMPLE_RATES["wav"]), SAMPLE_RATES["wav"], format="WAV", subtype="PCM_16")
    audio = WAVE(wav)
    audio.add_tags()
    for frame in _id3_frames(cover, synced=False):
        audio.tags.add(frame)
    audio.save()
    samples["wav"] = wav

    aiff = directory / "sample.aiff"
    sf.write(aiff, tone(SAMPLE_RATES["aiff"]), SAMPLE_RATES["aiff"], format="AIFF", subtype="PCM_16")
    audio = AIFF(aiff)
    audio.add_tags()
    for frame in _id3_frames(cover, synced=False):
        audio.tags.add(frame)
    audio.save()
    samples["aiff"] = aiff

    ogg = directory / "sample.ogg"
    sf.write(ogg, tone(SAMPLE_RATES["ogg"]), SAMPLE_RATES["ogg"], format="OGG", subtype="VORBIS")
    audio = OggVorbis(ogg)
    _vorbis_tags(audio, cover, lyrics_key="lyrics", lyrics=LRC)  # LRC in LYRICS counts as synced
    audio.save()
    samples["ogg"] = ogg

    if "OPUS" in sf.available_subtypes("OGG"):
        opus = directory / "sample.opus"
        sf.write(opus, tone(SAMPLE_RATES["opus"]), SAMPLE_RATES["opus"], format="OGG", subtype="OPUS")
        audio = OggOpus(opus)
        _vorbis_tags(audio, cover, lyrics_key="unsyncedlyrics", lyrics=LYRICS)
        audio.save()
        samples["opus"] = opus

    if m4a := write_m4a(directory / "sample.m4a", cover):
        samples["m4a"] = m4a
    return samples
