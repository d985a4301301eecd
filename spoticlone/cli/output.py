"""Where the command line's words go: results on stdout, problems and progress on stderr.

One place for it, so that a command's output stays machine-readable (only results on stdout)
and the streams are looked up when written, as pytest's ``capsys`` replaces them per test.
"""

from __future__ import annotations

import sys


def say(message: str, *, end: str = "\n") -> None:
    """A result or a confirmation, on stdout; flushed, so lines reach a pipe or a log as they come."""
    print(message, end=end, flush=True)


def fail(message: str) -> None:
    """What went wrong and what to do about it, on stderr."""
    print(message, file=sys.stderr)


def note(message: str) -> None:
    """Advice beside the result (a next step, a warning), on stderr so it stays out of the result."""
    print(message, file=sys.stderr)


def progress(message: str, *, last: bool, on_stdout: bool = False) -> None:
    """Redraw the one progress line; ``last`` ends it with a newline.

    On stderr, except for the few counters (loudness, renditions, hash-audio) that have always
    drawn on stdout: ``on_stdout`` keeps them there, so what a script read from them is unchanged.
    """
    print(f"\r{message}", end="\n" if last else "", file=sys.stdout if on_stdout else sys.stderr, flush=True)
