"""Where the command line's words go: results on stdout, problems and progress on stderr.

One place for it, so that a command's output stays machine-readable (only results on stdout)
and the streams are looked up when written, as pytest's ``capsys`` replaces them per test.
"""

from __future__ import annotations

import sys


def say(message: str) -> None:
    """A result or a confirmation, on stdout."""
    print(message)


def fail(message: str) -> None:
    """What went wrong and what to do about it, on stderr."""
    print(message, file=sys.stderr)


def progress(message: str, *, last: bool) -> None:
    """Redraw the one progress line on stderr; ``last`` ends it with a newline."""
    print(f"\r{message}", end="\n" if last else "", file=sys.stderr, flush=True)
