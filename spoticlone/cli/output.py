"""Where the command line's words go: results on stdout, problems and progress on stderr.

One place for it, so that a command's output stays machine-readable (only results on stdout)
and the streams are looked up when written, as pytest's ``capsys`` replaces them per test.
The streams are written directly: the builtin ``print`` is not used anywhere in the package.
"""

from __future__ import annotations

import sys
from typing import TextIO


def say(message: str, *, end: str = "\n") -> None:
    """A result or a confirmation, on stdout; flushed, so lines reach a pipe or a log as they come."""
    _write(sys.stdout, message + end, flush=True)


def fail(message: str) -> None:
    """What went wrong and what to do about it, on stderr."""
    _write(sys.stderr, message + "\n")


def note(message: str) -> None:
    """Advice beside the result (a next step, a warning), on stderr so it stays out of the result."""
    _write(sys.stderr, message + "\n")


def progress(message: str, *, last: bool, on_stdout: bool = False) -> None:
    """Redraw the one progress line; ``last`` ends it with a newline.

    On stderr, except for the few counters (loudness, renditions, hash-audio) that have always
    drawn on stdout: ``on_stdout`` keeps them there, so what a script read from them is unchanged.
    """
    _write(sys.stdout if on_stdout else sys.stderr, f"\r{message}" + ("\n" if last else ""), flush=True)


def _write(stream: TextIO, text: str, *, flush: bool = False) -> None:
    stream.write(text)
    if flush:
        stream.flush()
