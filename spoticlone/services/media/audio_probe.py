"""Parse an untrusted audio file in a child process with memory and CPU limits.

mutagen is not hardened against hostile input: a 200 KB MP3 whose ID3 frame is
zlib-compressed can inflate to hundreds of megabytes, and a crafted header can
make a parser spin. Parsing in a short-lived child (``python -m
spoticlone.services.media.audio_probe FILE COVER_OUT MEM_MB CPU_S``) means the worst a
file can do is get that child killed; the server only sees a failed probe.

The child sets its own ``RLIMIT_AS`` / ``RLIMIT_CPU`` / ``RLIMIT_FSIZE`` before it
reads a byte of the file and the parent adds a wall-clock timeout on top
(``services.media.sandbox``, shared with picture decoding). The child prints one JSON
object; the embedded cover goes to the ``COVER_OUT`` file rather than base64 on
stdout.

The format is decided from the file's first bytes, never from its name, and the
matching mutagen class is used directly (``mutagen.File`` scores by filename too).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from spoticlone.services.core.registry import Registry
from spoticlone.services.media import sandbox

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class AudioFormat:
    """One accepted audio format: what it is stored and served as, how it is read and checked.

    ``open`` turns an open binary file, at its start, into a mutagen file; ``check`` reads
    the whole file (the same handle, at any position, plus that mutagen file) and raises
    ``audio_integrity.Truncated`` or ``Corrupt``, or ``ProbeError("not_audio")`` for a codec
    we do not play. Both run in the probe's child process, so they may be slow or crash
    without harming the server. The file is opened once for sniffing, parsing and checking.
    """

    name: str
    extension: str
    mime_type: str
    open: Callable[[BinaryIO], Any]
    check: Callable[[BinaryIO, Any], None]


#: Every format ingestion accepts, by the name stored in ``Track.audio_format``. A header
#: sniffed by ``detect_kind`` must name one of these; the child process imports this
#: module, so a format registered at import time is known on both sides.
AUDIO_FORMATS: Registry[AudioFormat] = Registry("audio formats")


class ProbeError(Exception):
    """The probe refused the file; ``reason`` is one of the keys of ``REASONS``."""

    REASONS = ("not_audio", "truncated", "corrupt", "timeout", "crashed", "unstored")

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ProbeResult:
    """What the child found, already in plain Python types."""

    audio_format: str
    extension: str
    mime_type: str
    duration_ms: int
    bitrate: int | None
    sample_rate: int | None
    channels: int | None
    tags: dict = field(default_factory=dict)
    cover: bytes | None = None
    sha256: str | None = None  # of the file's bytes, when the pool was asked to hash (``probe_many``)


# Child side: runs inside the sandboxed probe process and only parses bytes.


def detect_kind(head: bytes) -> str | None:
    """Container/codec from the first bytes of a file (``None`` = not a supported format)."""
    from spoticlone.services.media.audio_integrity import mp3_frame

    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        if b"OpusHead" in head[28:64]:
            return "opus"
        if b"\x01vorbis" in head[28:64]:
            return "ogg"
        return None
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:3] == b"ID3":
        return "id3"  # MP3 or an ID3-prefixed FLAC: decided after skipping the tag
    if mp3_frame(head[:4]) and len(head) > 4:
        return "mp3"
    return None


def _open(handle: BinaryIO, head: bytes, kind: str):
    """The mutagen object for ``kind``, plus a corrected kind for ID3-prefixed files."""
    from spoticlone.services.media.audio_integrity import id3v2_size, mp3_frame

    if kind == "id3":
        handle.seek(id3v2_size(head[:10]))
        after = handle.read(4)
        if after == b"fLaC":
            kind = "flac"
        elif mp3_frame(after) or after[:1] in (b"\0", b"\xff"):
            kind = "mp3"  # padding between the tag and the first frame is common
        else:
            raise ProbeError("not_audio", "ID3 tag not followed by audio")
    if kind not in AUDIO_FORMATS:
        raise ProbeError("not_audio", f"no registered audio format {kind!r}")
    handle.seek(0)
    return AUDIO_FORMATS.get(kind).open(handle), kind


def _mutagen(module: str, name: str) -> Callable[[BinaryIO], Any]:
    """Open with ``mutagen.<module>.<name>``, imported on first use (in the child only)."""

    def open_file(handle: BinaryIO) -> Any:
        import importlib

        return getattr(importlib.import_module(f"mutagen.{module}"), name)(handle)

    return open_file


def _check_mp3(handle: BinaryIO, audio: Any) -> None:
    from spoticlone.services.media import audio_integrity as integrity

    if getattr(audio.info, "layer", 3) != 3:
        raise ProbeError("not_audio", "MPEG layer other than III")
    integrity.check_mp3(handle)


def _check_flac(handle: BinaryIO, audio: Any) -> None:
    from spoticlone.services.media import audio_integrity as integrity

    info = audio.info
    integrity.check_flac(handle, total_samples=info.total_samples, max_blocksize=info.max_blocksize,
                         max_framesize=info.max_framesize)


def _check_ogg(handle: BinaryIO, audio: Any) -> None:
    from spoticlone.services.media import audio_integrity as integrity

    integrity.check_ogg(handle)


def _check_wav(handle: BinaryIO, audio: Any) -> None:
    from spoticlone.services.media import audio_integrity as integrity

    integrity.check_wav(handle)


def _check_aiff(handle: BinaryIO, audio: Any) -> None:
    from spoticlone.services.media import audio_integrity as integrity

    integrity.check_aiff(handle)


def _check_m4a(handle: BinaryIO, audio: Any) -> None:
    from spoticlone.services.media import audio_integrity as integrity

    codec = getattr(audio.info, "codec", "") or ""
    if not (codec.startswith("mp4a") or codec == "alac"):
        raise ProbeError("not_audio", f"MP4 codec {codec!r} is not audio we play")
    integrity.check_mp4(handle)


for _format in (
    AudioFormat("mp3", "mp3", "audio/mpeg", _mutagen("mp3", "MP3"), _check_mp3),
    AudioFormat("flac", "flac", "audio/flac", _mutagen("flac", "FLAC"), _check_flac),
    AudioFormat("ogg", "ogg", "audio/ogg", _mutagen("oggvorbis", "OggVorbis"), _check_ogg),
    AudioFormat("opus", "opus", "audio/ogg", _mutagen("oggopus", "OggOpus"), _check_ogg),
    AudioFormat("wav", "wav", "audio/wav", _mutagen("wave", "WAVE"), _check_wav),
    AudioFormat("m4a", "m4a", "audio/mp4", _mutagen("mp4", "MP4"), _check_m4a),
    # Lossless PCM like WAV; most browsers cannot play it, so it streams through a rendition.
    AudioFormat("aiff", "aiff", "audio/aiff", _mutagen("aiff", "AIFF"), _check_aiff),
):
    AUDIO_FORMATS.register(_format.name, _format)


def probe_in_process(path: str, cover_out: str | None) -> dict:
    """Detect, parse, verify and read tags. Called in the child; raises ``ProbeError``."""
    from mutagen import MutagenError

    from spoticlone.services.media import audio_integrity as integrity
    from spoticlone.services.media.audio_tags import extract_tags

    try:
        handle = open(path, "rb")  # closed by the ``with`` below
    except OSError as exc:  # missing, or not ours to read: not a parse to count as a crash
        raise ProbeError("unreadable", f"{type(exc).__name__}: {exc}") from exc
    with handle:
        head = handle.read(64)
        kind = detect_kind(head)
        if kind is None:
            raise ProbeError("not_audio", f"unrecognised header {head[:12]!r}")
        try:
            audio, kind = _open(handle, head, kind)
            AUDIO_FORMATS.get(kind).check(handle, audio)
        except integrity.Truncated as exc:
            raise ProbeError("truncated", str(exc)) from exc
        except (integrity.Corrupt, MutagenError, ValueError, KeyError, IndexError, EOFError) as exc:
            raise ProbeError("corrupt", f"{type(exc).__name__}: {exc}") from exc
    info = audio.info
    length = float(getattr(info, "length", 0) or 0)
    if length <= 0:
        raise ProbeError("corrupt", "no audio duration")
    tags = extract_tags(audio, kind)
    cover = tags.pop("cover", None)
    if cover and cover_out:
        with open(cover_out, "wb") as picture:
            picture.write(cover)
    found = AUDIO_FORMATS.get(kind)
    audio_format, extension, mime = found.name, found.extension, found.mime_type
    return {
        "ok": True,
        "audio_format": audio_format,
        "extension": extension,
        "mime_type": mime,
        "duration_ms": round(length * 1000),
        "bitrate": int(getattr(info, "bitrate", 0) or 0) or None,
        # Opus always decodes at 48 kHz; its header only records the encoder's input rate.
        "sample_rate": 48000 if kind == "opus" else int(getattr(info, "sample_rate", 0) or 0) or None,
        "channels": int(getattr(info, "channels", 0) or 0) or None,
        "cover": bool(cover and cover_out),
        "tags": tags,
    }


def _limit_self(memory_mb: int, cpu_seconds: int) -> None:
    # The cover file is the only write.
    sandbox.limit_self(memory_mb=memory_mb, cpu_seconds=cpu_seconds, file_mb=32)


def main(argv: list[str]) -> int:
    """Entry point of the child process; exit 0 with JSON on stdout, 2 on bad usage."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if len(argv) != 4:
        log.error("usage: audio_probe FILE COVER_OUT MEMORY_MB CPU_SECONDS")
        return 2
    path, cover_out, memory_mb, cpu_seconds = argv
    _limit_self(int(memory_mb), int(cpu_seconds))
    try:
        result = probe_in_process(path, cover_out or None)
    except ProbeError as exc:
        result = {"ok": False, "reason": exc.reason, "detail": exc.detail[:500]}
    sys.stdout.write(json.dumps(result))
    return 0


# Parent side: starts the sandboxed child and turns its output into a result.


def run_probe(
    path: Path, *, timeout: float = 30.0, memory_mb: int = 512, cpu_seconds: int = 20
) -> ProbeResult:
    """Probe ``path`` in a limited child process; raise ``ProbeError`` if it is refused."""
    with tempfile.TemporaryDirectory(prefix="spoticlone-probe-") as tmp:
        cover_out = Path(tmp) / "cover.bin"
        args = [str(Path(path).resolve()), str(cover_out), str(memory_mb), str(cpu_seconds)]
        try:
            proc = sandbox.run_module("spoticlone.services.media.audio_probe", args, timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired as exc:
            raise ProbeError("timeout", f"no answer within {timeout}s") from exc
        stderr = proc.stderr.decode("utf-8", "replace")[-2000:]
        if proc.returncode != 0:
            log.warning("audio probe exited with %s for %s: %s", proc.returncode, path, stderr)
            raise ProbeError("crashed", f"exit status {proc.returncode}")
        try:
            data = json.loads(proc.stdout)
        except ValueError as exc:
            log.warning("audio probe printed no JSON for %s: %s", path, stderr)
            raise ProbeError("crashed", "unreadable probe output") from exc
        if not data.get("ok"):
            raise ProbeError(data.get("reason", "corrupt"), data.get("detail", ""))
        cover = cover_out.read_bytes() if data["cover"] and cover_out.is_file() else None
    return ProbeResult(
        audio_format=data["audio_format"],
        extension=data["extension"],
        mime_type=data["mime_type"],
        duration_ms=int(data["duration_ms"]),
        bitrate=data["bitrate"],
        sample_rate=data["sample_rate"],
        channels=data["channels"],
        tags=data["tags"],
        cover=cover,
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
