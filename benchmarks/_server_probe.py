"""What ``load_listeners.py`` reads about the server under test: CPU, memory, state in Redis.

From ``/proc`` (the server's whole process tree: granian runs the app in a child process)
and from Redis (``MEMORY USAGE`` of each session's keys).
"""

from __future__ import annotations

import os
import statistics
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc), for CPU and RSS of a server's process tree."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children[ppid].append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def tree_cpu_seconds(pid: int | None) -> float:
    if not pid:
        return 0.0
    total = 0.0
    for p in tree_pids(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    return total


def tree_rss_mb(pid: int | None) -> float:
    if not pid:
        return float("nan")
    total = 0
    for p in tree_pids(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def redis_state_size(url: str) -> dict:
    """Bytes Reflex keeps in Redis per session token (keys are ``<token>_<state path>``)."""
    import redis

    client = redis.Redis.from_url(url)
    per_token: dict[str, int] = defaultdict(int)
    for key in client.scan_iter(count=1000):
        name = key.decode(errors="replace")
        token = name.split("_", 1)[0]
        if len(token) != 36:
            continue
        usage: Any = client.memory_usage(key)  # a sync client: an int (None when the key just expired)
        per_token[token] += int(usage or 0)
    sizes = sorted(per_token.values())
    if not sizes:
        return {"sessions_in_redis": 0}
    return {"sessions_in_redis": len(sizes), "state_kb_median": round(statistics.median(sizes) / 1024, 1),
            "state_kb_p95": round(percentile(sizes, 0.95) / 1024, 1), "state_kb_max": round(sizes[-1] / 1024, 1)}


#: The reference: a fixed amount of plain Python arithmetic, timed in CPU time (not wall time,
#: so waiting for a core while the server is busy does not count as slowness).
_PACE_LOOP = """
import sys, time
n = int(sys.argv[1])
while True:
    started = time.process_time()
    x = 0
    for i in range(n):
        x += i * i
    print(round((time.process_time() - started) * 1000, 3), flush=True)
    time.sleep(1.0)
"""


class MachinePace:
    """How fast this machine runs Python while a level runs: the reference for its figures.

    On a shared virtual machine the same work takes very different times from one minute to
    the next (here a fixed loop took 360-650 ms within a few minutes of an idle machine), so
    two load runs' latencies compare only next to how fast the machine was during each. A
    separate process times ``loops`` iterations of a fixed loop once a second (about 2% of a
    core) for as long as the level runs; ``summary`` gives the median and range in ms.
    """

    def __init__(self, loops: int = 200_000) -> None:
        import subprocess
        import sys

        self._proc = subprocess.Popen([sys.executable, "-c", _PACE_LOOP, str(loops)],
                                      stdout=subprocess.PIPE, text=True)

    def stop(self) -> list[float]:
        """End the probe; the times it measured (ms each)."""
        self._proc.terminate()
        out, _ = self._proc.communicate(timeout=10)
        return [float(line) for line in out.split() if line.strip()]

    @staticmethod
    def summary(times: list[float]) -> dict[str, float] | None:
        if not times:
            return None
        return {"median": round(statistics.median(times), 1), "min": round(min(times), 1),
                "max": round(max(times), 1), "samples": len(times)}
