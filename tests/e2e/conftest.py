"""A real production server for browser journeys, started once per test session.

The fixture migrates and seeds (``python -m spoticlone.cli seed``, the demo
catalog) a throwaway data directory, runs ``reflex run --env prod
--single-port`` on a free port beside the job worker (``python -m spoticlone.cli
worker``: the same two commands ``make run`` uses, so uploads are ingested and
scheduled releases come out as in production), waits for ``/ping`` and kills both
process groups afterwards. A mock OpenID provider
(``oidc-provider-mock``, on loopback, started first) stands in for Google, so
Google sign-in is switched on with a random client. Without Chromium the
journeys are skipped locally but fail in CI (``CI`` set), so a broken CI image
cannot pass silently.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.helpers import BrowserErrors
from tests.google_mock import mock_provider, random_client, set_claims

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
STARTUP_TIMEOUT_S = 240
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]


def chromium_or_skip() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium is required for browser tests in CI (run `make chromium`)")
    pytest.skip("chromium is not installed (run `make chromium`); browser journeys skipped")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _seed(env: dict[str, str]) -> None:
    """Create the schema with the real migrations, then import the demo catalog."""
    reflex = str(Path(sys.executable).parent / "reflex")
    subprocess.run([reflex, "db", "migrate"], cwd=ROOT, env=env, check=True, timeout=300,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "spoticlone.cli", "seed"], cwd=ROOT, env=env,
                   check=True, timeout=600, stdout=subprocess.DEVNULL)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group of ``process``, SIGKILL it if it does not stop in 20 s."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_for_ping(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/ping", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"server did not answer /ping in {STARTUP_TIMEOUT_S}s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory) -> Path:
    """The server's ``SPOTICLONE_DATA_DIR`` (journeys read emailed codes from its outbox)."""
    return tmp_path_factory.mktemp("e2e") / "data"


@dataclass(frozen=True)
class GoogleProvider:
    """The loopback OpenID provider standing in for Google, and our random client for it."""

    discovery_url: str
    client_id: str
    client_secret: str

    def set_claims(self, sub: str, **claims) -> None:
        set_claims(self.discovery_url, sub, **claims)


@pytest.fixture(scope="session")
def google_provider() -> Iterator[GoogleProvider]:
    """``oidc-provider-mock`` on loopback, started before the app server and shared by journeys."""
    client_id, client_secret = random_client()
    with mock_provider() as discovery_url:
        yield GoogleProvider(discovery_url, client_id, client_secret)


@pytest.fixture(scope="session")
def app_url(app_data_dir, google_provider) -> Iterator[str]:
    """Base URL of a seeded production server (prod build, single port)."""
    chromium_or_skip()
    data_dir = app_data_dir
    workdir = data_dir.parent
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SPOTICLONE_ENV": "development",
        "SPOTICLONE_DATA_DIR": str(data_dir),
        "SPOTICLONE_PORT": str(port),
        "SPOTICLONE_PUBLIC_URL": url,
        "REFLEX_TELEMETRY_ENABLED": "false",
        "SPOTICLONE_GOOGLE_CLIENT_ID": google_provider.client_id,
        "SPOTICLONE_GOOGLE_CLIENT_SECRET": google_provider.client_secret,
        "SPOTICLONE_GOOGLE_DISCOVERY_URL": google_provider.discovery_url,
        "PATH": f"{ROOT / '.tools/node_modules/.bin'}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop("SPOTICLONE_DATABASE_URL", None)
    started = time.monotonic()
    _seed(env)
    log = workdir / "server.log"
    with open(workdir / "worker.log", "wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "spoticlone.cli", "worker"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [str(Path(sys.executable).parent / "reflex"), "run", "--env", "prod", "--single-port"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        try:
            _wait_for_ping(url, process, log)
            logger.info("server ready on %s after %.1fs", url, time.monotonic() - started)
            yield url
        finally:
            _stop(process)
    finally:
        _stop(worker)


@pytest.fixture(scope="session")
def browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_or_skip(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(autouse=True)
def browser_errors(request, monkeypatch) -> Iterator[BrowserErrors]:
    """Fails a journey whose pages threw or logged a console error (see ``BrowserErrors``).

    Every context and page a journey makes from the shared browser is watched, so no
    journey has to remember to listen; journeys without a browser are left alone.
    """
    errors = BrowserErrors()
    if "browser" in request.fixturenames:
        browser = request.getfixturevalue("browser")
        errors = BrowserErrors(request.getfixturevalue("app_url"))
        new_context, new_page = browser.new_context, browser.new_page

        def watched_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            errors.watch(context)
            return context

        def watched_page(*args, **kwargs):
            page = new_page(*args, **kwargs)
            errors.watch(page.context)
            return page

        monkeypatch.setattr(browser, "new_context", watched_context)
        monkeypatch.setattr(browser, "new_page", watched_page)
    yield errors
    if errors.errors:
        pytest.fail("browser errors during the journey:\n" + "\n".join(errors.errors), pytrace=False)


@pytest.fixture
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
