"""The child process of ``media.renditions``: cap itself, then become ffmpeg (``exec`` keeps the caps).

Kept apart from ``renditions`` for the same reason as ``loudness_child``: the child imports
nothing but the sandbox helpers, so starting it costs a few hundredths of a second.

Arguments (from the parent, never from a client): the source path, the per-file size cap in
MiB, the CPU-time cap in seconds, the output sample rate, then ``name=bits_per_second`` for
each rendition; each is written as ``<name>.m4a`` in the working directory.
"""

from __future__ import annotations

import os
import sys

from spoticlone.services.media.sandbox import limit_self

CHILD_MEMORY_MB = 1024


def encode_command(source: str, sample_rate: int, outputs: list[tuple[str, int]]) -> list[str]:
    """Decode the first audio stream once and encode one AAC-LC M4A per ``(name, bitrate)``.

    Tags, pictures and chapters are dropped (the catalog row carries them; a rendition is
    only sound); ``+faststart`` puts the index first so playback starts before the download
    ends and a seek is one range request; stereo at 44.1 or 48 kHz is what every browser's
    AAC decoder plays.
    """
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-loglevel", "error",
               "-threads", "1", "-i", source]
    for name, bitrate in outputs:
        command += ["-map", "0:a:0", "-map_metadata", "-1", "-map_chapters", "-1",
                    "-c:a", "aac", "-b:a", str(bitrate), "-ac", "2", "-ar", str(sample_rate),
                    "-movflags", "+faststart", "-f", "mp4", f"{name}.m4a"]
    return command


def parse_outputs(specs: list[str]) -> list[tuple[str, int]]:
    """``["low=96000", ...]`` as ``[("low", 96000), ...]``."""
    outputs = []
    for spec in specs:
        name, _, bitrate = spec.partition("=")
        outputs.append((name, int(bitrate)))
    return outputs


def main(argv: list[str]) -> None:
    """Cap this process, then become ffmpeg writing the renditions named in ``argv``."""
    source, file_mb, cpu_seconds, sample_rate, *specs = argv
    limit_self(memory_mb=CHILD_MEMORY_MB, cpu_seconds=int(cpu_seconds), file_mb=int(file_mb))
    command = encode_command(source, int(sample_rate), parse_outputs(specs))
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
