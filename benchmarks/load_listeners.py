"""Simulated listeners over Reflex's real websocket protocol: UI round trips under load.

Each listener is a socket.io client (python-socketio's AsyncClient on ``/_event``) that does
what the browser does: connect with the hydrate event in the CONNECT packet (Reflex 0.10's
``hydrate_and_load``), then, with 1-3 s of think time between actions, opens pages (their
``on_load_internal`` event with the page's router data), searches as it types (a
``set_query`` where the search box's 250 ms debounce sends one), plays an album
(``play_context`` + ``playing`` and 64 KiB byte ranges of the stream over HTTP), and, when
signed in, likes the song.

A round trip is the time from emitting an event to receiving the first update whose delta
belongs to that event (the page's, the search's or the player's state); an event that gets no
such update within ``--timeout`` counts as an error, as does a failed connect or stream range,
and every "something went wrong" notice the server sends (a handler that failed, or an event
pass Reflex would not save because it outlived its session lock in Redis).
Levels run one after the other with fresh sessions (``--levels 1,25,100,200``), each for
``--seconds``; the report gives p50/p95/p99 per level, the search p95, events/s and the
server's CPU (``--server-pid``: the process tree's CPU over the level). ``--idle N`` holds N
hydrated sessions instead and reports the server's RSS before and after; ``--redis-url``
sizes the state each session keeps in Redis after the levels (scale-out mode).

Loopback only: the URL must point at 127.0.0.1/localhost. Needs ``aiohttp`` (the transport of
python-socketio's AsyncClient): ``pip install aiohttp``.

    .venv/bin/python benchmarks/load_listeners.py --url http://127.0.0.1:3000 \\
        --levels 1,25,100,200 --seconds 40 --sign-in-pool 50 --server-pid SERVER_PID
    .venv/bin/python benchmarks/load_listeners.py --idle 500 --seconds 15 --server-pid SERVER_PID
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server_probe import (
    MachinePace,
    load_average,
    percentile,
    redis_state_size,
    tree_cpu_seconds,
    tree_rss_mb,
)

ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
SEARCH = f"{ROOT_STATE}.spoticlone___state___search____search_state"
ALBUM = f"{ROOT_STATE}.spoticlone___state___catalog___album____album_state"
HOME = f"{ROOT_STATE}.spoticlone___state___catalog___home____home_state"
PLAYER = f"{ROOT_STATE}.spoticlone___state___listening___player____player_state"
QUEUE = f"{ROOT_STATE}.spoticlone___state___listening___queue____queue_state"
LIKES = f"{ROOT_STATE}.spoticlone___state___library___likes____like_state"
AUTH = f"{ROOT_STATE}.spoticlone___state___auth___signed_in____auth_state"
WORDS = ["night", "drive", "soft", "focus", "neon", "meadow", "pixel", "dream", "jazz", "love", "blue"]
RANGE = 64 * 1024
#: The search box's ``debounce_timeout`` (``pages/search.py``): the browser sends a query only
#: once the typist has paused this long (s), or after the last keystroke.
DEBOUNCE = 0.25
#: Time between two keystrokes of a simulated typist (s).
KEYSTROKE_GAP = (0.15, 0.4)
NAMESPACE = "/_event"  # Reflex serves socket.io on path /_event, namespace /_event
SRC = re.compile(r'"src": "([^"]+/tracks/(\d+)/stream[^"]*)"')


def _signed_out(delta: dict) -> bool:
    """The server checked this tab's session cookie and found nobody signed in.

    ``--sign-in-pool`` writes sessions into the database ``SPOTICLONE_DATABASE_URL`` names
    (SQLite when unset): against the scale-out mode without it, every "signed-in" listener is
    anonymous, likes only redirect to sign in and plays hit the per-address limit.
    """
    auth = delta.get(AUTH) or {}
    return auth.get("checked_rx_state_") is True and auth.get("signed_in_rx_state_") is not True


def _load_finished(delta: dict) -> bool:
    return (delta.get(ROOT_STATE) or {}).get("is_hydrated_rx_state_") is True


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.events = 0
        self.requests = 0
        #: (``perf_counter`` when the UI event was sent, round trip): tells the connect burst from the rest.
        self.timeline: list[tuple[float, float]] = []

    def ui(self, kind: str, sent: float, done: float) -> None:
        self.latency[kind].append(done - sent)
        self.timeline.append((sent, done - sent))

    def error(self, kind: str) -> None:
        self.errors[kind] += 1


class Listener:
    """One browser tab: a socket.io connection with the Reflex token, and its HTTP client."""

    hashes: list[str] | None = None  # the compiled frontend's default-state hashes (--hashes-from)

    def __init__(self, base: str, stats: Stats, http, cookie: str | None, albums: list[dict], timeout: float):
        import socketio  # type: ignore[import-untyped]

        from spoticlone.state.safety import FRIENDLY_ERROR  # here, not at the top: it imports Reflex (~4 s)

        self.failure_notice = FRIENDLY_ERROR  # the app's "something went wrong"
        self.base, self.stats, self.http, self.cookie, self.albums = base, stats, http, cookie, albums
        self.timeout = timeout
        self.token = str(uuid.uuid4())
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("event", self._on_update, namespace=NAMESPACE)
        self.waiting: tuple[Any, asyncio.Future] | None = None
        self.path = "/"
        self.current: dict[str, Any] = {}

    def _on_update(self, update: dict) -> None:
        delta = update.get("delta") or {}
        if self.cookie and _signed_out(delta):
            self.stats.error("not signed in")  # the session is in another database than the server's
        for event in update.get("events") or []:
            if self.failure_notice in str(event.get("payload") or ""):
                self.stats.error("server error")  # what the listener saw, whatever answer follows
            found = SRC.search(str((event.get("payload") or {}).get("javascript_code", "")))
            if found:  # the player's load script: what the <audio> element will fetch
                self.current = {"src": found.group(1), "id": int(found.group(2))}
                delta = {**delta, PLAYER: {"loaded": True}}
        if self.waiting and delta:
            match, future = self.waiting
            if not future.done() and match(delta):
                future.set_result(time.perf_counter())

    def _router(self, path: str, query: dict | None = None) -> dict:
        data: dict[str, Any] = {"pathname": path.split("?")[0], "asPath": path}
        if query:
            data["query"] = query
        return data

    async def connect(self) -> bool:
        """Open the app: connect with the hydrate event, as the browser's CONNECT packet does."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        # Without the hashes the server sends the whole state (heavier than a browser's first connect).
        payload = {"hashes": self.hashes} if self.hashes else {}
        boot = {"name": HYDRATE, "payload": payload, "router_data": self._router("/")}
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.waiting = (lambda d: True, future)
        started = time.perf_counter()
        try:
            connecting = self.sio.connect(
                f"{self.base}?token={self.token}", headers=headers, auth={"event": boot}, transports=["websocket"],
                socketio_path="_event", namespaces=[NAMESPACE], wait_timeout=self.timeout)
            await asyncio.wait_for(connecting, self.timeout)
            done = await asyncio.wait_for(future, self.timeout)
        except Exception:  # noqa: BLE001 - any failure to open the app is one error of the run
            self.stats.error("connect")
            return False
        self.stats.ui("hydrate", started, done)
        self.stats.events += 1
        return True

    async def event(self, kind: str, name: str, payload: dict, match, query: dict | None = None) -> bool:
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.waiting = (match, future)
        started = time.perf_counter()
        self.stats.events += 1
        try:
            await self.sio.emit("event", {"name": name, "payload": payload,
                                          "router_data": self._router(self.path, query)}, namespace=NAMESPACE)
            done = await asyncio.wait_for(future, self.timeout)
        except Exception:  # noqa: BLE001 - a lost or late update is an error of the run
            self.stats.error(kind)
            return False
        finally:
            self.waiting = None
        self.stats.ui(kind, started, done)
        return True

    async def open_page(self, path: str, state: str, query: dict | None = None) -> bool:
        """Open a page: answered by the first update of its state, or by the end of its load.

        A page whose vars already hold what the load finds sends no update of its state
        (``state.common.assign_changed``); Reflex's ``is_hydrated`` turning true ends every load.
        """
        self.path = path
        return await self.event("page", ON_LOAD, {}, lambda d: state in d or _load_finished(d), query)

    async def home(self) -> None:
        await self.open_page("/", HOME)

    async def album(self) -> dict:
        album = random.choice(self.albums)
        ref = f"{album['id']}-{album['slug']}"
        await self.open_page(f"/album/{ref}", ALBUM, {"album_ref": ref})
        return album

    async def search(self) -> None:
        """Type a word into the search box, sending what the box's debounce sends.

        The browser sends ``set_query`` ``DEBOUNCE`` after a keystroke that is not followed
        by another within that time, and after the last one; quicker keystrokes are never
        sent. (Runs before this sent every keystroke from the second: about 1.4 times what
        the page sends for the same typing; the README says which figures those are.)
        """
        await self.open_page("/search", SEARCH)
        word = random.choice(WORDS)
        for end in range(2, len(word) + 1):
            gap = random.uniform(*KEYSTROKE_GAP)
            if end < len(word) and gap < DEBOUNCE:
                await asyncio.sleep(gap)  # typed on before the debounce fired: nothing sent
                continue
            await asyncio.sleep(DEBOUNCE)
            await self.event("search", f"{SEARCH}.set_query", {"value": word[:end]},
                             lambda d: any(k.startswith(("searched", "total")) for k in d.get(SEARCH, {})))
            await asyncio.sleep(max(0.0, gap - DEBOUNCE))

    async def play(self) -> None:
        """Play an album from its page, tell the server it plays, and fetch ranges as the <audio> does."""
        album = await self.album()
        self.current = {}
        ok = await self.event("play", f"{QUEUE}.play_context", {"kind": "album", "ref": str(album["id"])},
                              lambda d: bool(self.current))
        if not ok:
            return
        await self.event("ui", f"{PLAYER}.playing", {}, lambda d: True)
        src = self.current.get("src")
        if not src:
            self.stats.error("no stream url")
            return
        for start in (0, RANGE, 2 * RANGE):
            await self.range(src, start)

    async def range(self, src: str, start: int) -> None:
        headers = {"Range": f"bytes={start}-{start + RANGE - 1}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        began = time.perf_counter()
        self.stats.requests += 1
        try:
            async with self.http.get(self.base + src, headers=headers) as answer:
                await answer.read()
                if answer.status not in (200, 206, 416):
                    raise RuntimeError(answer.status)
        except Exception:  # noqa: BLE001 - a failed range is an error of the run
            self.stats.error("stream")
            return
        self.stats.latency["stream range"].append(time.perf_counter() - began)

    async def like(self) -> None:
        track_id = self.current.get("id")
        if not self.cookie or not track_id:
            return await self.home()
        await self.event("like", f"{LIKES}.toggle_like", {"track_id": int(track_id)}, lambda d: True)

    async def run(self, until: float) -> None:
        if not await self.connect():
            return
        actions = [(self.home, 2), (self.album, 3), (self.search, 3), (self.play, 3), (self.like, 1)]
        funcs, weights = zip(*actions, strict=True)
        try:
            while time.monotonic() < until:
                await asyncio.sleep(random.uniform(1.0, 3.0))
                if time.monotonic() >= until:
                    break
                await random.choices(funcs, weights)[0]()
        finally:
            await self.sio.disconnect()


async def catalog(http, base: str) -> list[dict]:
    async with http.get(f"{base}/api/v1/albums", params={"page_size": "50"}) as answer:
        return [{"id": a["id"], "slug": a["slug"]} for a in (await answer.json())["items"]]


def session_cookies(count: int, listeners: int) -> list[str]:
    """``count`` browser sessions of ``listeners`` listener accounts, made in the server's database.

    Real listeners are different people: per-listener answers (Home's "Made for you", rate
    limits on plays) behave as they would only if the sessions are not all one account. The
    accounts ``load_listener_<n>`` are made (with the current terms accepted) when missing and
    reused by later runs; ``--listeners 0`` uses the seeded ``demo_listener`` for all of them.
    """
    from sqlmodel import select

    from spoticlone.cookies import SESSION_COOKIE
    from spoticlone.db import session_scope
    from spoticlone.models import Role, User
    from spoticlone.services.accounts.legal import accept_current
    from spoticlone.services.auth.sessions import create_session

    with session_scope() as session:
        names = [f"load_listener_{n}" for n in range(1, listeners + 1)] or ["demo_listener"]
        users = []
        for name in names:
            user = session.exec(select(User).where(User.username == name)).first()
            if user is None and name != "demo_listener":
                user = User(email=f"{name.replace('_', '-')}@example.invalid", username=name,
                            role=Role.LISTENER, email_verified=True)
                session.add(user)
                session.commit()
                session.refresh(user)
                accept_current(session, actor=user)
            if user is None or user.id is None:
                sys.exit("No demo_listener in SPOTICLONE_DATA_DIR/SPOTICLONE_DATABASE_URL: seed it first.")
            users.append(user.id)
        tokens = [create_session(session, user_id=users[n % len(users)], user_agent="load_listeners")
                  for n in range(count)]
        return [f"{SESSION_COOKIE}={token}" for token in tokens]


def forget_loopback_play_counts() -> None:
    """Empty the anonymous plays counted against 127.0.0.1 (``plays.PLAY_ADDRESS_LIMITS``).

    Every simulated visitor without an account comes from the loopback address, which real
    visitors would not share: a few levels in one hour would reach the address's limit, and a
    refused play costs the server less than a recorded one.
    """
    from sqlalchemy import delete
    from sqlmodel import col

    from spoticlone.db import session_scope
    from spoticlone.models import RateLimitCounter
    from spoticlone.services.core.ratelimit import address_key

    rows = address_key("play", "127.0.0.1") + "/"  # each window's row key adds "/<seconds>s"
    with session_scope() as session:
        session.execute(delete(RateLimitCounter).where(col(RateLimitCounter.key).startswith(rows, autoescape=True)))
        session.commit()


async def run_level(args, sessions: int, cookies: list[str]) -> dict:
    import aiohttp  # type: ignore[import-not-found]

    forget_loopback_play_counts()
    stats = Stats()
    pace = MachinePace()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        albums = await catalog(http, args.url)
        cpu0, wall0, sent0 = tree_cpu_seconds(args.server_pid), time.monotonic(), time.perf_counter()
        own0 = time.process_time()
        until = wall0 + args.seconds
        ramp = min(5.0, args.seconds / 4)

        async def one(i: int) -> None:
            await asyncio.sleep(ramp * i / max(1, sessions))
            cookie = cookies[i % len(cookies)] if cookies and random.random() < args.signed_in else None
            await Listener(args.url, stats, http, cookie, albums, args.timeout).run(until)

        await asyncio.gather(*(one(i) for i in range(sessions)))
        wall = time.monotonic() - wall0
        cpu = tree_cpu_seconds(args.server_pid) - cpu0
        own = time.process_time() - own0
    reference = MachinePace.summary(pace.stop())
    ui = [v for k, values in stats.latency.items() if k not in ("stream range",) for v in values]
    # Every session connects within the first ``ramp`` seconds (a hydrate costs the server
    # several events' work): the p95 of what was sent from 5 s after that on is the steady state.
    settled = [v for sent, v in stats.timeline if sent >= sent0 + ramp + 5]
    ms = lambda v: round(v * 1000, 1)  # noqa: E731
    return {
        "sessions": sessions, "seconds": round(wall, 1), "events": stats.events,
        "events_per_s": round(stats.events / wall, 1), "requests_per_s": round(stats.requests / wall, 1),
        "errors": dict(stats.errors), "ui_p50_ms": ms(percentile(ui, 0.5)), "ui_p95_ms": ms(percentile(ui, 0.95)),
        "ui_p99_ms": ms(percentile(ui, 0.99)),
        "ui_p95_after_connects_ms": ms(percentile(settled, 0.95)) if settled else None,
        "by_kind_p95_ms": {k: ms(percentile(v, 0.95)) for k, v in sorted(stats.latency.items())},
        "by_kind_count": {k: len(v) for k, v in sorted(stats.latency.items())},
        "server_cpu_pct": round(100 * cpu / wall) if args.server_pid else None,
        # The simulated listeners share the machine's cores with the server: their own CPU.
        "client_cpu_pct": round(100 * own / wall),
        "server_rss_mb": round(tree_rss_mb(args.server_pid), 1) if args.server_pid else None,
        "load_avg": load_average(),
        # How fast the machine ran Python meanwhile, and the server's CPU per event in units of
        # that reference: comparable between runs on a machine whose speed wanders.
        "reference_loop_ms": reference,
        "server_cpu_ms_per_event": round(1000 * cpu / stats.events, 2) if args.server_pid and stats.events else None,
        "server_work_per_event": round(1000 * cpu / stats.events / reference["median"], 3)
        if args.server_pid and stats.events and reference else None,
    }


async def hold_idle(args) -> dict:
    """Open ``--idle`` sessions (hydrated), hold them, and report the server's memory."""
    import aiohttp

    stats = Stats()
    rss0 = tree_rss_mb(args.server_pid)
    async with aiohttp.ClientSession() as http:
        listeners = [Listener(args.url, stats, http, None, [], args.timeout) for _ in range(args.idle)]
        for start in range(0, len(listeners), 25):
            await asyncio.gather(*(one.connect() for one in listeners[start:start + 25]))
        await asyncio.sleep(args.seconds)
        connected = sum(1 for one in listeners if one.sio.connected)
        rss1 = tree_rss_mb(args.server_pid)
        await asyncio.gather(*(one.sio.disconnect() for one in listeners if one.sio.connected))
    return {"idle_sessions": args.idle, "still_connected": connected, "errors": dict(stats.errors),
            "hydrate_p95_ms": round(percentile(stats.latency["hydrate"], 0.95) * 1000, 1),
            "server_rss_mb_before": round(rss0, 1), "server_rss_mb_held": round(rss1, 1),
            "per_session_kb": round((rss1 - rss0) * 1024 / max(1, connected), 1), "load_avg": load_average()}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:3000", help="the app (loopback only)")
    parser.add_argument("--levels", default="1,25,100,200", help="concurrent sessions per level, comma-separated")
    parser.add_argument("--seconds", type=float, default=45, help="duration of each level (5-600)")
    parser.add_argument("--timeout", type=float, default=10, help="an event's update later than this is an error")
    parser.add_argument("--signed-in", type=float, default=0.5, help="share of sessions signed in (0-1)")
    parser.add_argument("--sign-in-pool", type=int, default=0,
                        help="make this many browser sessions of listener accounts in the server's database "
                        "(same SPOTICLONE_DATA_DIR / SPOTICLONE_DATABASE_URL as the server); 0: all anonymous")
    parser.add_argument("--listeners", type=int, default=None,
                        help="distinct listener accounts behind the sign-in pool (load_listener_<n>, made when "
                        "missing); default: one per pooled session; 0: all demo_listener")
    parser.add_argument("--server-pid", type=int, default=None, help="server process (tree) for CPU and RSS")
    parser.add_argument("--idle", type=int, default=0, help="hold this many idle sessions instead of the levels")
    parser.add_argument("--redis-url", default=None, help="after the levels, size the sessions' state in Redis")
    parser.add_argument("--hashes-from", type=Path, default=None,
                        help="the server's compiled .web/utils/context.jsx: hydrate with its initialStateHashes "
                        "as a browser's first connect does (default: ask for the whole state)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
    args = parser.parse_args(argv)
    host = urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("--url must be loopback (127.0.0.1 or localhost): this tool only loads your own server.")
    if not 5 <= args.seconds <= 600:
        parser.error("--seconds must be between 5 and 600.")
    args.level_list = [int(x) for x in args.levels.split(",") if x.strip()]
    if not args.level_list or any(not 1 <= n <= 1000 for n in args.level_list) or not 0 <= args.idle <= 2000:
        parser.error("each level must be 1-1000 sessions and --idle 0-2000.")
    if not 0 <= args.signed_in <= 1 or not 0 <= args.sign_in_pool <= 1000 or not 0 <= (args.listeners or 0) <= 1000:
        parser.error("--signed-in must be 0-1, --sign-in-pool and --listeners 0-1000.")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        sys.exit("python-socketio's AsyncClient needs aiohttp: pip install aiohttp")
    if args.hashes_from:
        found = re.search(r"initialStateHashes = (\[[^\]]*\])", args.hashes_from.read_text())
        if not found:
            sys.exit(f"No initialStateHashes in {args.hashes_from}.")
        Listener.hashes = json.loads(found.group(1))
    out: dict[str, Any] = {"url": args.url}
    if args.idle:
        out["idle"] = asyncio.run(hold_idle(args))
    else:
        listeners = args.sign_in_pool if args.listeners is None else args.listeners
        cookies = session_cookies(args.sign_in_pool, listeners) if args.sign_in_pool else []
        out["levels"] = []
        for sessions in args.level_list:
            out["levels"].append(asyncio.run(run_level(args, sessions, cookies)))
            if not args.json:
                row = out["levels"][-1]
                print(f"{row['sessions']:>4} sessions  errors {sum(row['errors'].values())}  "
                      f"UI p50/p95/p99 {row['ui_p50_ms']}/{row['ui_p95_ms']}/{row['ui_p99_ms']} ms  "
                      f"(p95 after the connects {row['ui_p95_after_connects_ms']} ms)  "
                      f"search p95 {row['by_kind_p95_ms'].get('search')} ms  {row['events_per_s']} ev/s  "
                      f"{row['requests_per_s']} req/s  cpu {row['server_cpu_pct']}%"
                      f" (clients {row['client_cpu_pct']}%)  "
                      f"rss {row['server_rss_mb']} MB  "
                      f"load {row['load_avg']}  reference loop {(row['reference_loop_ms'] or {}).get('median')} ms"
                      f"  work/event {row['server_work_per_event']}",
                      flush=True)
    if args.redis_url:
        out["redis"] = redis_state_size(args.redis_url)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
