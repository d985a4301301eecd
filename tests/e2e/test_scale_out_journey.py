"""The scale-out mode for real: two web workers on PostgreSQL and Redis behind nginx.

Builds the frontend once in a copy of the tree (so the main journeys' build is left alone),
migrates and seeds a fresh PostgreSQL database, and runs what `make run-scaled` runs: two
``cli serve`` workers, the job worker and nginx with the config ``cli nginx-config`` writes.
A signed-in admin plays an album and likes songs; the worker holding the page's websocket is
SIGKILLed mid-session; the page reconnects through nginx to the other worker and goes on, still
signed in, with every acknowledged like kept. (Reflex gives the tab a new session token then: its
duplicate-tab guard still sees the dead worker's socket record in Redis, which expires after an
hour, so the session's in-memory state such as the player bar starts afresh.) Audio goes out from
nginx after the app said yes (X-Accel-Redirect), the internal location is closed from outside,
and a backup asked for in the browser is run by the job worker.

Upstream keep-alive is left out of this nginx's config so that, once the page has settled, the
only connection a worker holds is the websocket: that is how the test knows which one to kill.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy
from sqlmodel import Session, select

from spoticlone.cli.deploy import NginxOptions, render_nginx_config, standalone_nginx_conf
from tests.e2e.conftest import ROOT, chromium_or_skip
from tests.e2e.helpers import TIMEOUT_MS, sign_in, verified_account
from tests.e2e.own_server import app_copy
from tests.pg import PG_URL

pytestmark = pytest.mark.e2e

REDIS_URL = os.environ.get("SPOTICLONE_TEST_SCALE_REDIS_URL", "redis://127.0.0.1:6379/11")
EMAIL, PASSWORD = "scale.admin@example.test", "two workers one truth"
DESKTOP = {"width": 1280, "height": 800}
LOCATION = "/_media/"
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reachable(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        pytest.fail("nginx is missing: `make test` installs it from Debian (make nginx)")
    return found


def _wait(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {timeout:.0f} s")


def _stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _established(process: subprocess.Popen, port: int) -> int:
    """Open connections to ``port`` held by ``process`` or its children (from /proc)."""
    pids = [process.pid]
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if int(Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()[1]) == process.pid:
                    pids.append(int(pid))
            except (OSError, IndexError, ValueError):
                continue
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:  # 01: ESTABLISHED
                count += 1
    return count


@dataclass
class Stack:
    url: str
    db_url: str
    workers: dict[int, subprocess.Popen]


def _run(cmd: list[str], cwd: Path, env: dict[str, str], log: Path, timeout: int = 600) -> None:
    with open(log, "ab") as out:
        done = subprocess.run(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{log.read_text()[-6000:]}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    chromium_or_skip()
    if not (_reachable(5432) and _reachable(6379)):
        if os.environ.get("CI"):
            pytest.fail("the scale-out journey needs PostgreSQL (5432) and Redis (6379) on loopback")
        pytest.skip("PostgreSQL or Redis is not running on loopback")
    import redis

    work = tmp_path_factory.mktemp("scaled")
    app_dir = app_copy(work / "app")
    db_name = f"scale_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{db_name}"'))
    db_url = PG_URL.rsplit("/", 1)[0] + "/" + db_name
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    worker_ports, nginx_port = [_free_port(), _free_port()], _free_port()
    url = f"http://127.0.0.1:{nginx_port}"
    env = {
        **os.environ,
        "SPOTICLONE_ENV": "development",
        "SPOTICLONE_DATA_DIR": str(work / "data"),
        "SPOTICLONE_DATABASE_URL": db_url,
        "SPOTICLONE_REDIS_URL": REDIS_URL,
        "SPOTICLONE_PUBLIC_URL": url,
        "SPOTICLONE_PORT": str(worker_ports[0]),
        "SPOTICLONE_NGINX_MEDIA_LOCATION": LOCATION,
        "SPOTICLONE_BACKUP_DIR": str(work / "backups"),
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PATH": f"{ROOT / '.tools/node_modules/.bin'}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop("REFLEX_REDIS_URL", None)
    reflex = str(Path(sys.executable).parent / "reflex")
    log = work / "setup.log"
    processes: list[subprocess.Popen] = []
    try:
        _run([reflex, "db", "migrate"], app_dir, env, log)
        _run([sys.executable, "-m", "spoticlone.cli", "seed"], app_dir, env, log)
        _run([reflex, "export", "--frontend-only", "--no-zip", "--env", "prod"], app_dir, env, log)

        def start(name: str, *args: str) -> subprocess.Popen:
            out = open(work / f"{name}.log", "wb")
            process = subprocess.Popen([sys.executable, "-m", "spoticlone.cli", *args], cwd=app_dir, env=env,
                                       stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            processes.append(process)
            return process

        start("jobs", "worker")
        workers = {port: start(f"web-{port}", "serve", "--port", str(port)) for port in worker_ports}
        for port in worker_ports:
            _wait(f"http://127.0.0.1:{port}/ping")

        prefix = work / "nginx"
        block = render_nginx_config(NginxOptions(
            listen=f"127.0.0.1:{nginx_port}", upstreams=tuple(f"127.0.0.1:{p}" for p in worker_ports),
            media_dir=(work / "data" / "media").resolve(),
            frontend_dir=(app_dir / ".web" / "build" / "client").resolve(), media_location=LOCATION))
        conf = standalone_nginx_conf(
            block.replace("    keepalive 32;\n", ""), prefix=prefix, connections=512, mime_types=True,
            error_log=None, http=("log_format upstreams '$request_method $uri $status $upstream_addr';",
                                  f"access_log {prefix}/access.log upstreams;"))
        processes.append(subprocess.Popen(
            [_nginx(), "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        _wait(url + "/ping")
        yield Stack(url, db_url, workers)
    finally:
        for process in reversed(processes):
            _stop(process)
        store.flushdb()
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()


def _holder(stack: Stack) -> int:
    """The port of the one worker holding the page's websocket (waits for the page to settle)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        held = {port: _established(process, port) for port, process in stack.workers.items()
                if process.poll() is None}
        busy = [port for port, count in held.items() if count]
        if len(busy) == 1 and held[busy[0]] == 1:
            return busy[0]
        time.sleep(0.25)
    raise AssertionError(f"no single worker holds the websocket: {held}")


def test_two_workers_share_the_session_and_nginx_sends_the_audio(browser, stack):
    from spoticlone.models import BackupRun, Role, Track, TrackLike, TrackStatus, User

    engine = sqlalchemy.create_engine(stack.db_url)
    with Session(engine) as session:
        verified_account(session, email=EMAIL, username="scale_admin", password=PASSWORD, role=Role.ADMIN)
        album_id = session.exec(select(Track.album_id).where(Track.status == TrackStatus.PUBLISHED,
                                                             Track.album_id.is_not(None))).first()
        key = session.exec(select(Track.audio_key).where(Track.status == TrackStatus.PUBLISHED)).first()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, stack.url, EMAIL, PASSWORD)
    token = page.evaluate("() => sessionStorage.getItem('token')")

    page.goto(f"{stack.url}/album/{album_id}")
    rows = page.locator("[data-testid=track-row]")
    rows.first.wait_for()
    first_title = page.locator("[data-testid=track-title]").first.inner_text()
    page.locator("[data-testid=play-context]").click()
    page.locator("[data-testid=player-title]").filter(has_text=first_title).wait_for()
    rows.nth(0).get_by_test_id("like-button").click()
    rows.nth(0).locator("[data-testid=like-button][aria-pressed=true]").wait_for()

    import redis

    assert redis.Redis.from_url(REDIS_URL).keys(f"{token}_*"), "the session's state is not in Redis"

    first = _holder(stack)
    _stop(stack.workers[first], signal.SIGKILL)  # mid-session, no goodbye
    # The page reconnects through nginx to the other worker and goes on where it was.
    second = _holder(stack)
    assert second != first
    rows.nth(1).get_by_test_id("like-button").click()
    rows.nth(1).locator("[data-testid=like-button][aria-pressed=true]").wait_for()
    page.get_by_role("link", name="Home").first.click()
    page.wait_for_url(f"{stack.url}/")
    page.locator(".sc-main-top [data-testid=account-menu]").wait_for()  # still signed in

    with Session(engine) as session:
        admin = session.exec(select(User).where(User.email == EMAIL)).one()
        likes = session.exec(select(TrackLike).where(TrackLike.user_id == admin.id)).all()
    assert len(likes) == 2, "an acknowledged like was lost with the worker"

    # The audio: the app says yes, nginx sends the bytes; nobody reaches them without the app.
    status = page.evaluate("""async (id) => {
      const r = await fetch('/api/v1/tracks/' + id + '/stream', {headers: {Range: 'bytes=0-99'}});
      return [r.status, (await r.arrayBuffer()).byteLength, r.headers.get('x-stream-quality')];
    }""", likes[0].track_id)
    assert status == [206, 100, "original"]
    with urllib.request.urlopen(stack.url + "/ping") as response:
        assert response.status == 200
    try:
        urllib.request.urlopen(f"{stack.url}{LOCATION}{key}")
        raise AssertionError("the internal media location answered from outside")
    except urllib.error.HTTPError as exc:
        assert exc.code == 404

    # A backup asked for in the browser is queued by the web worker and run by the job worker.
    page.goto(stack.url + "/admin/users")
    card = page.get_by_test_id("backup-card")
    card.get_by_test_id("backup-now").click()
    deadline = time.monotonic() + 180
    state = None
    while time.monotonic() < deadline:
        with Session(engine) as session:
            state = session.exec(select(BackupRun.status).order_by(BackupRun.id.desc())).first()
        if state not in (None, "queued", "running"):
            break
        time.sleep(1)
    assert state == "verified", state
    assert not problems, problems
    context.close()
    engine.dispose()
