"""Nothing acknowledged is lost when the server dies mid-write.

The API runs in its own process (uvicorn, the same app Reflex mounts), forked for each round
from a launcher that imported the app once (``LAUNCHER``). A hundred writes (playlists
created by five listeners, and plays started) go at it at once, and the process is killed
with SIGKILL while they are in flight, round after round. After each kill the server is
started again and every write that was answered with a 201 must be in the database, exactly
as acknowledged, and the database must pass its own integrity check.

SQLite (the embedded default, where the app itself must keep writes durable) is the main
proof: one server process, twenty rounds. PostgreSQL (the scale-out path, whose durability
is the server's own) runs two processes, both killed at once, with the writes split between
them; eight rounds show the app acknowledges nothing before the commit there too, at less
than half the cost (each round is a restart of two servers).
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from spoticlone.models import PlayEvent, Playlist, TrackStatus
from spoticlone.services.auth.api_sessions import start_api_session
from tests import factories
from tests.pg import postgres_schema

SQLITE_ROUNDS = 20
POSTGRES_ROUNDS = 8
WRITES_PER_ROUND = 100
LISTENERS = 5
ROOT = Path(__file__).resolve().parents[2]
#: Imports the API once, then serves each "<port> <log file>" line it reads in a forked child
#: and answers with the child's pid. Importing the app takes seconds; a fork takes
#: milliseconds, and forty-odd servers are started per run. A child is still a server process
#: of its own, killed with SIGKILL; what it writes is durable or not on its own, as before.
LAUNCHER = """
import os, signal, sys
import uvicorn
from spoticlone.api.app import create_api

signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they die
for line in sys.stdin:
    port, log = line.split(maxsplit=1)
    pid = os.fork()
    if pid == 0:
        out = os.open(log.strip(), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0); os.dup2(out, 1); os.dup2(out, 2)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        uvicorn.run(create_api(), host="127.0.0.1", port=int(port), log_level="warning")
        os._exit(0)
    print(pid, flush=True)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Launcher:
    """The process that forks the API servers (``LAUNCHER``); one per test."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", LAUNCHER], cwd=ROOT, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def fork(self, port: int, log: Path) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{port} {log}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise AssertionError(f"the launcher exited ({self.process.wait()})")
        return int(answer)

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


@dataclass
class Server:
    """One API process; ``kill`` is a SIGKILL, never a graceful stop."""

    env: dict[str, str]
    launcher: Launcher
    port: int = field(default_factory=_free_port)
    log: Path | None = None
    pid: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # Its log goes to a file: an undrained pipe fills up and stalls the server.
        self.log = Path(self.env["SPOTICLONE_DATA_DIR"]) / f"server-{self.port}.log"
        self.pid = self.launcher.fork(self.port, self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not _alive(self.pid):
                raise AssertionError(f"the server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code in (200, 503):
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("the server never answered")

    def kill(self) -> None:
        if self.pid is not None and _alive(self.pid):
            os.kill(self.pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while _alive(self.pid):  # gone once the launcher has reaped it
                assert time.monotonic() < deadline, f"server {self.pid} outlived SIGKILL"
                time.sleep(0.01)


@contextmanager
def servers(count: int, env: dict[str, str]) -> Iterator[list[Server]]:
    launcher = Launcher(env)
    started = [Server(env, launcher) for _ in range(count)]
    try:
        yield started
    finally:
        for server in started:
            server.kill()
        launcher.close()


@dataclass
class World:
    tokens: list[str]
    track_ids: list[int]


def _world(session: Session) -> World:
    """Five listeners with API tokens, and published tracks to play."""
    artist = factories.make_artist(session)
    album = factories.make_album(session, artist_id=artist.id)
    tracks = [factories.make_track(session, artist_id=artist.id, album_id=album.id, status=TrackStatus.PUBLISHED)
              for _ in range(3)]
    users = [factories.make_user(session) for _ in range(LISTENERS)]
    session.commit()
    tokens = [start_api_session(session, user_id=user.id).access_token for user in users]
    session.commit()
    return World(tokens, [track.id for track in tracks])


def _write(client: httpx.Client, base: str, world: World, round_no: int, n: int) -> tuple[str, int, str] | None:
    """One write; what the server acknowledged, or None if it never answered 201."""
    try:
        if n % 10 < 7:
            name = f"round {round_no} write {n}"
            token = world.tokens[n % LISTENERS]
            response = client.post(f"{base}/api/v1/playlists", json={"name": name},
                                   headers={"Authorization": f"Bearer {token}"})
            if response.status_code == 201:
                return ("playlist", response.json()["id"], name)
        else:
            anon = f"crash-{round_no:02d}-{n:03d}-listener"
            response = client.post(f"{base}/api/v1/plays", json={
                "track_id": world.track_ids[n % len(world.track_ids)], "anonymous_session": anon})
            if response.status_code == 201:
                return ("play", response.json()["play_id"], anon)
    except httpx.HTTPError:
        return None
    return None


def _round(running: list[Server], world: World, round_no: int, rng: random.Random) -> list[tuple[str, int, str]]:
    """A hundred concurrent writes, the servers killed while they are in flight."""
    acknowledged: list[tuple[str, int, str]] = []
    lock = threading.Lock()
    # Kill once a random share of the writes has been answered: the rest are in flight.
    kill_after = rng.randint(5, WRITES_PER_ROUND // 2)
    enough = threading.Event()

    def one(n: int) -> None:
        base = running[n % len(running)].url
        with httpx.Client(timeout=30) as client:
            result = _write(client, base, world, round_no, n)
        if result is not None:
            with lock:
                acknowledged.append(result)
                if len(acknowledged) >= kill_after:
                    enough.set()

    with ThreadPoolExecutor(max_workers=WRITES_PER_ROUND) as pool:
        futures = [pool.submit(one, n) for n in range(WRITES_PER_ROUND)]
        enough.wait(timeout=60)
        for server in running:
            server.kill()
        for future in futures:
            future.result()
    return acknowledged


def _check(session: Session, acknowledged: list[tuple[str, int, str]]) -> None:
    playlists = {row.id: row.name for row in session.exec(
        select(Playlist).where(col(Playlist.id).in_([i for kind, i, _ in acknowledged if kind == "playlist"])))}
    plays = {row.id: row.anonymous_session for row in session.exec(
        select(PlayEvent).where(col(PlayEvent.id).in_([i for kind, i, _ in acknowledged if kind == "play"])))}
    for kind, row_id, value in acknowledged:
        found = (playlists if kind == "playlist" else plays).get(row_id)
        assert found == value, f"acknowledged {kind} {row_id} ({value!r}) is missing after the crash"


def _crash_rounds(engine, env: dict[str, str], workers: int, rounds: int,
                  integrity_sql: str | None) -> tuple[int, int]:
    """(writes acknowledged, rounds where the kill cut writes off) over ``rounds`` rounds."""
    with Session(engine, expire_on_commit=False) as session:
        world = _world(session)
    rng = random.Random(1234)
    total = cut_off = 0
    with servers(workers, env) as running:
        for round_no in range(rounds):
            for server in running:
                server.start()
            acknowledged = _round(running, world, round_no, rng)
            total += len(acknowledged)
            cut_off += len(acknowledged) < WRITES_PER_ROUND
            with Session(engine) as session:
                _check(session, acknowledged)
                if integrity_sql:
                    assert session.exec(text(integrity_sql)).one()[0] == "ok"  # type: ignore[call-overload]
    return total, cut_off


def _env(settings, **extra: str) -> dict[str, str]:
    env = dict(os.environ, SPOTICLONE_ENV="test", SPOTICLONE_DATA_DIR=str(settings.data_dir),
               PYTHONUNBUFFERED="1")
    env.pop("SPOTICLONE_DATABASE_URL", None)
    env.update(extra)
    return env


@pytest.mark.timeout(1500)
def test_sqlite_keeps_every_acknowledged_write_through_twenty_kills(settings, engine):
    total, cut_off = _crash_rounds(engine, _env(settings), workers=1, rounds=SQLITE_ROUNDS,
                                   integrity_sql="PRAGMA integrity_check")
    assert total > 0 and cut_off > SQLITE_ROUNDS // 2, f"{total} writes acknowledged, {cut_off} rounds cut off"


@pytest.mark.postgres
@pytest.mark.timeout(1500)
def test_postgres_with_two_workers_keeps_every_acknowledged_write(settings):
    from spoticlone.db import create_schema

    with postgres_schema("crash") as engine:
        create_schema(engine)
        with engine.connect() as connection:
            schema = connection.execute(text("SHOW search_path")).scalar_one()
        url = f"{engine.url.render_as_string(hide_password=False)}?options=-csearch_path%3D{schema}"
        env = _env(settings, SPOTICLONE_DATABASE_URL=url)
        total, cut_off = _crash_rounds(engine, env, workers=2, rounds=POSTGRES_ROUNDS, integrity_sql=None)
        assert total > 0 and cut_off > POSTGRES_ROUNDS // 2, f"{total} writes acknowledged, {cut_off} rounds cut off"
