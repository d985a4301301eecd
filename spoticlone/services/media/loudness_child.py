"""The child process of ``media.loudness``: cap itself, then become ffmpeg (``exec`` keeps the caps).

Kept apart from ``loudness`` so the child imports nothing but the sandbox helpers: every
measurement starts a Python process, and importing the database layer there would cost more
than a short track's decoding.
"""

from __future__ import annotations

import os
import sys

from spoticlone.services.media.sandbox import limit_self

#: Generous for a long DJ mix at 1x+ decoding speed on a slow core; also the child's CPU cap.
TIMEOUT_SECONDS = 300
CHILD_MEMORY_MB = 1024


def ffmpeg_command(path: str) -> list[str]:
    """Decode the first audio stream once through ``ebur128``; write nothing but the report."""
    return ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-threads", "1", "-i", path,
            "-map", "0:a:0", "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"]


def main(argv: list[str]) -> None:
    """Cap this process, then become ffmpeg measuring ``argv[0]``."""
    limit_self(memory_mb=CHILD_MEMORY_MB, cpu_seconds=TIMEOUT_SECONDS, file_mb=1)
    command = ffmpeg_command(argv[0])
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
