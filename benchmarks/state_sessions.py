"""State manager: event latency after N past sessions, memory manager vs Reflex's disk one.

Reflex's default state manager ("disk") pickles every session into ``.states/`` and, on
every pass of its write queue (every 2 s while anyone is active), lists and stats every
state file to purge old ones: the more sessions were opened in the last hour, the more
each pass costs, and that work competes with event handling. The app now runs on the
memory manager (one worker) or Redis (see ``rxconfig.py``).

Both managers are measured in the same run, on the app's real state tree: first
``--past`` sessions are created (and, for the disk manager, written out), then
``--active`` sessions send an event every ``--interval-ms`` for ``--seconds``; an event
is what Reflex does for one: lock and load the session's state, change a var, compute
the delta, save. Latency counts from when the event was due (so waiting for an event
loop busy with the write queue counts, as a client would see it); ``cpu`` is the
process's CPU time over the measured wall time, and ``idle cpu`` the same for a few
seconds after the events stop. The growth factor is p95 at
the largest N over p95 with no past sessions. No assertion on wall-clock times: the
memory manager's growth should stay near 1, the disk manager's grows with N.

    .venv/bin/python benchmarks/state_sessions.py --past 0,500,1500
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _tree(state) -> list:
    """Every state of the tree, root first, in a stable order."""
    out = [state]
    for name in sorted(state.substates):
        out.extend(_tree(state.substates[name]))
    return out


async def _event(manager, token, search_state, n: int, touch: int = 0) -> float:
    """One event; ``touch`` more states are marked changed, as visiting pages does."""
    started = time.perf_counter()
    async with manager.modify_state(token) as root:
        search = await root.get_state(search_state)
        search.query = f"query {n}"
        for state in _tree(root)[:touch]:
            state._was_touched = True
        root.get_delta()
        root._clean()
    return (time.perf_counter() - started) * 1000


async def _measure(mode: str, past: int, args, states_dir: Path) -> dict:
    from reflex.istate.manager.disk import StateManagerDisk
    from reflex.istate.manager.memory import StateManagerMemory
    from reflex.istate.manager.token import BaseStateToken
    from reflex.state import State

    from spoticlone.state.search import SearchState

    os.environ["REFLEX_STATES_WORKDIR"] = str(states_dir)
    manager = StateManagerDisk() if mode == "disk" else StateManagerMemory()
    try:
        for i in range(past):
            token = BaseStateToken(ident=f"past-{i:06d}", cls=State)
            await _event(manager, token, SearchState, i, touch=args.states_per_session)
        if mode == "disk":
            while manager._write_queue:  # let the past sessions reach the disk
                await asyncio.sleep(0.2)
        files = sum(1 for _ in states_dir.glob("*.pkl"))

        latencies: list[float] = []
        interval = args.interval_ms / 1000
        started = time.monotonic()
        cpu_started = time.process_time()

        async def session(k: int) -> None:
            # Events are due on a fixed schedule; latency counts from when an event was
            # due, so time spent waiting for a busy event loop is included, as a client sees it.
            token = BaseStateToken(ident=f"active-{k:04d}", cls=State)
            due = started + k * interval / args.active  # spread the sessions' ticks
            n = 0
            while due < started + args.seconds:
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                await _event(manager, token, SearchState, n)
                latencies.append((time.monotonic() - due) * 1000)
                n += 1
                due = max(due + interval, time.monotonic())

        await asyncio.gather(*(session(k) for k in range(args.active)))
        cpu = (time.process_time() - cpu_started) / (time.monotonic() - started)
        # Then nobody sends anything: what does the manager cost an idle server?
        idle_started, idle_cpu_started = time.monotonic(), time.process_time()
        await asyncio.sleep(args.idle_seconds)
        idle_cpu = (time.process_time() - idle_cpu_started) / (time.monotonic() - idle_started)
    finally:
        await manager.close()
    return {
        "mode": mode, "past": past, "files": files, "events": len(latencies),
        "p50": statistics.median(latencies), "p95": _percentile(latencies, 0.95), "cpu": cpu,
        "idle_cpu": idle_cpu,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--past", default="0,500,1500", help="comma-separated past-session counts")
    parser.add_argument("--active", type=int, default=25, help="concurrently active sessions")
    parser.add_argument("--interval-ms", type=float, default=100, help="pause between a session's events")
    parser.add_argument("--seconds", type=float, default=8, help="measured time per configuration")
    parser.add_argument("--idle-seconds", type=float, default=4,
                        help="then measure CPU with no events for this long")
    parser.add_argument("--states-per-session", type=int, default=10,
                        help="states each past session changed (pages it visited)")
    args = parser.parse_args()
    pasts = [int(n) for n in args.past.split(",")]

    import spoticlone.spoticlone  # noqa: F401  - the app's whole state tree, as served

    rows = []
    for mode in ("memory", "disk"):
        for past in pasts:
            with tempfile.TemporaryDirectory(prefix="state-bench-") as tmp:
                row = asyncio.run(_measure(mode, past, args, Path(tmp)))
            rows.append(row)
            print(f"{mode:>6}  past={past:>6}  files={row['files']:>7}  events={row['events']:>5}  "
                  f"p50={row['p50']:7.2f} ms  p95={row['p95']:7.2f} ms  cpu={row['cpu']:4.0%}  "
                  f"idle cpu={row['idle_cpu']:4.0%}", flush=True)

    print()
    for mode in ("memory", "disk"):
        mine = [row for row in rows if row["mode"] == mode]
        base, last = mine[0], mine[-1]
        print(f"{mode}: p95 after {last['past']} past sessions is "
              f"{last['p95'] / base['p95']:.2f}x the p95 after {base['past']}")
    memory_last = [row for row in rows if row["mode"] == "memory"][-1]
    disk_last = [row for row in rows if row["mode"] == "disk"][-1]
    print(f"at {disk_last['past']} past sessions: disk p95 / memory p95 = "
          f"{disk_last['p95'] / memory_last['p95']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
