"""Starting a play (``POST /api/v1/plays``) against ``GET /api/health``, in the same run.

Every unsafe request passes the write guard (archive switch, terms in force) before its
route; a play is the most frequent write there is. This times both requests in process
(``TestClient`` over ``create_api()``, the full middleware stack, a temporary SQLite
database with one published track), interleaved so that both see the same machine, and
prints p50/p95 of each and the ratio of the p95s. Plays are timed twice, interleaved: as
shipped (the guard's per-process cache of the switch and the terms, ``core.db_cache``) and
with that cache expiring at once (every play takes the worker thread and the queries, as
before the cache).

    .venv/bin/python benchmarks/plays.py --requests 2000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _quantiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49] * 1000, cuts[94] * 1000


def _use_cache(caches: tuple, ttl: float) -> None:
    """Set the caches' lifetime (0: every read queries), forgetting what they hold."""
    for cache in caches:
        cache._ttl = ttl
        cache._values.clear()


def _guard_alone(requests: int, caches: tuple, ttl: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """p50 and p95 of the write guard's decision for an anonymous play: cached, and with its queries."""
    from starlette.requests import Request

    from spoticlone.api import write_guard

    scope = {"type": "http", "method": "POST", "path": "/api/v1/plays", "headers": [], "query_string": b""}
    quick, full = [], []
    write_guard.refusal_for(Request(scope))  # fills the cache
    for _ in range(requests):
        start = time.perf_counter()
        assert write_guard.surely_allowed("/api/v1/plays")
        quick.append(time.perf_counter() - start)
        _use_cache(caches, 0.0)
        start = time.perf_counter()
        assert write_guard.refusal_for(Request(scope)) is None
        full.append(time.perf_counter() - start)
        _use_cache(caches, ttl)
        write_guard.refusal_for(Request(scope))  # fills the cache again
    return _quantiles(quick), _quantiles(full)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000, help="requests of each kind (default 1000; 3 per round)")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="spoticlone-plays-"))
    os.environ.update({"SPOTICLONE_DATA_DIR": str(data_dir), "SPOTICLONE_ENV": "test",
                       "REFLEX_TELEMETRY_ENABLED": "false"})
    os.environ.pop("SPOTICLONE_DATABASE_URL", None)
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from spoticlone.api.app import create_api
    from spoticlone.db import create_schema, get_engine
    from spoticlone.services.listening import plays as play_service
    from tests import factories

    # The throttles still count every play; they just must not stop the run.
    play_service.PLAY_OWNER_LIMITS = ((10**9, play_service.PLAY_OWNER_LIMITS[0][1]),)
    play_service.PLAY_ADDRESS_LIMITS = ((10**9, play_service.PLAY_ADDRESS_LIMITS[0][1]),)

    engine = get_engine()
    create_schema(engine)
    with Session(engine, expire_on_commit=False) as session:
        track_id = factories.make_track(session, title="Benchmark").id
    from spoticlone.services.accounts import legal
    from spoticlone.services.lifecycle import archive

    caches = (archive._SWITCH, legal._REQUIRED)
    shipped_ttl = caches[0]._ttl
    from starlette.requests import Request

    from spoticlone.api import write_guard

    guard_scope = {"type": "http", "method": "POST", "path": "/api/v1/plays", "headers": [], "query_string": b""}
    health: list[float] = []
    plays: list[float] = []
    uncached: list[float] = []
    body = {"track_id": track_id, "source": "album", "source_id": "1",
            "anonymous_session": "benchmark-session-0001"}
    with TestClient(create_api()) as client:
        for n in range(args.requests + 50):
            start = time.perf_counter()
            assert client.get("/api/health").status_code in (200, 503)
            times = [time.perf_counter() - start]
            for ttl in (shipped_ttl, 0.0):
                _use_cache(caches, ttl)
                if ttl:  # as in a server under load: the cache was filled by an earlier write
                    write_guard.refusal_for(Request(guard_scope))
                start = time.perf_counter()
                response = client.post("/api/v1/plays", json=body)
                times.append(time.perf_counter() - start)
                assert response.status_code == 201, response.text
            if n >= 50:  # warm-up: imports, first connections
                health.append(times[0])
                plays.append(times[1])
                uncached.append(times[2])
    _use_cache(caches, shipped_ttl)
    guard_quick, guard_full = _guard_alone(args.requests, caches, shipped_ttl)
    h50, h95 = _quantiles(health)
    p50, p95 = _quantiles(plays)
    u50, u95 = _quantiles(uncached)
    print(f"GET  /api/health               p50 {h50:6.2f} ms  p95 {h95:6.2f} ms  ({len(health)} requests)")
    print(f"POST /api/v1/plays             p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  ({len(plays)} requests)")
    print(f"POST /api/v1/plays, no cache   p50 {u50:6.2f} ms  p95 {u95:6.2f} ms  ({len(uncached)} requests)")
    print(f"p95 / health p95: plays {p95 / h95:.2f}, plays without the cache {u95 / h95:.2f}")
    print(f"the guard's decision alone: from the cache p50 {guard_quick[0]:.3f} ms p95 {guard_quick[1]:.3f} ms; "
          f"with its queries p50 {guard_full[0]:.3f} ms p95 {guard_full[1]:.3f} ms (plus a thread hop)")


if __name__ == "__main__":
    main()
