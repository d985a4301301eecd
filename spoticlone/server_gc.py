"""The server worker's garbage collector: freeze what start-up built, collect cycles less often.

Under simulated listeners (``benchmarks/load_listeners.py``, the README's load section) the
worst UI round trips were not slow handlers but whole-process pauses: CPython's full
(generation-2) collections walk every container object the worker holds (the imported
modules, the app's pages and components, SQLAlchemy's mappers, every session's state tree in
the memory state manager) while every listener waits, and they grew from 0.05 s to 1-3 s as
sessions came and went.

``tune_worker`` runs once in the worker, as a lifespan task of the app: after Granian's
worker has built the app and before it serves anyone. It

- collects once, then ``gc.freeze()``-s everything still alive: what start-up built lives as
  long as the process, so moving it to the permanent generation (never walked again) frees
  no less garbage and takes it out of every later collection. Reflex already freezes the
  parent's heap before Granian forks the worker; this also covers what the worker builds
  after the fork (the app instance, its routes, the compiled pages);
- raises the young generations' thresholds (``SPOTICLONE_GC_THRESHOLDS``, default
  ``50000,20,1`` instead of CPython's ``700,10,10``). Reference counting frees an event's
  garbage the moment it is dropped; the collector is only for reference cycles, and at 700 a
  busy worker ran it many times a second over objects that were still alive. The third
  number stays low on purpose: a session's state tree is a cycle (parent and substates point
  at each other), so the sessions the state manager expires are freed only by a full
  collection. With 1, CPython runs one whenever the old generation has grown by a quarter
  since the last, which keeps that garbage bounded; a high value (100) made full collections
  practically never happen, and memory would grow with every session that ever connected.

It also shortens the interpreter's switch interval (``SPOTICLONE_GIL_SWITCH_MS``, default 1 ms
instead of CPython's 5): the event loop and the worker threads that run the services' queries
share one GIL, and when a thread holds it the loop waits up to the whole interval before it
can read the next websocket message or send an update. Under 200 simulated listeners (the
README's *Load*, alternating runs) the UI p95 was 0.24-0.34 s at 1 ms against
1.1 s at 5 ms and 1.4 s at 0.5 ms (where switching costs more than it saves), and when the machine
was slower 0.6-1.05 s against 1.27 s; at 1 ms the worker also served more events per second.

``SPOTICLONE_GC_THRESHOLDS=off`` changes nothing (CPython's defaults, no freeze). Either way
full collections are timed, and one of a second or more is logged as a warning: it stalled
every listener of the worker that long.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from typing import Any

logger = logging.getLogger(__name__)

#: A full collection at least this long (seconds) is logged as a warning.
SLOW_FULL_COLLECTION_S = 1.0


def parse_thresholds(value: str) -> tuple[int, int, int] | None:
    """``"off"`` -> None; ``"50000,20,1"`` -> the three generation thresholds."""
    if value.strip().lower() == "off":
        return None
    parts = [int(part) for part in value.split(",")]
    if len(parts) != 3 or parts[0] < 1 or any(part < 0 for part in parts):
        raise ValueError(f"expected 'off' or three thresholds like 50000,20,1, not {value!r}")
    return parts[0], parts[1], parts[2]


def tune(thresholds: tuple[int, int, int] | None) -> None:
    """Freeze the live heap and set ``thresholds``; None (the off switch) leaves gc alone."""
    if thresholds is None:
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)


class FullCollectionTimer:
    """A ``gc.callbacks`` entry that times generation-2 collections and logs the slow ones."""

    def __init__(self, slow_s: float = SLOW_FULL_COLLECTION_S) -> None:
        self.slow_s = slow_s
        self.started: float | None = None
        self.count = 0
        self.longest_s = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self.started = time.perf_counter()
            return
        if self.started is None:
            return
        took, self.started = time.perf_counter() - self.started, None
        self.count += 1
        self.longest_s = max(self.longest_s, took)
        level = logging.WARNING if took >= self.slow_s else logging.DEBUG
        logger.log(level, "full garbage collection paused the worker for %.2f s (%d objects frozen)",
                   took, gc.get_freeze_count())


_timer: FullCollectionTimer | None = None


def tune_worker() -> None:
    """Lifespan task (``spoticlone.spoticlone``): apply the settings in this worker, once."""
    global _timer
    from spoticlone.config import get_settings

    settings = get_settings()
    thresholds = parse_thresholds(settings.gc_thresholds)
    tune(thresholds)
    sys.setswitchinterval(settings.gil_switch_ms / 1000)
    if _timer is None:
        _timer = FullCollectionTimer()
        gc.callbacks.append(_timer)
    logger.info("garbage collector: %s", f"thresholds {thresholds}, {gc.get_freeze_count()} objects frozen"
                if thresholds else "CPython's defaults (SPOTICLONE_GC_THRESHOLDS=off)")
