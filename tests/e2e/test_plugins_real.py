"""The ListenBrainz plugin's page in a real browser: connect with a bad, then a good token.

Its own production server (as ``test_plugins_journey.py``): pages are compiled at build
time, so the plugin is enabled in a fresh database before the server starts. The plugin
talks to a fake ListenBrainz on 127.0.0.1, which the operator variable allows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import chromium_or_skip
from tests.e2e.helpers import DESKTOP, PHONE, TIMEOUT_MS, server_db, settle, sign_in, verified_account
from tests.e2e.own_server import Setup, app_copy, free_port, serve

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path("/tmp/reports/plugins-real")
EMAIL, PASSWORD = "scrobbler@example.com", "correct horse battery"

sys.path.insert(0, str(ROOT / "plugins/spoticlone-listenbrainz/tests"))
from fake_listenbrainz import FakeListenBrainz  # noqa: E402


@pytest.fixture(scope="module")
def fake_lb() -> Iterator[FakeListenBrainz]:
    server = FakeListenBrainz()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def setup(tmp_path_factory, fake_lb) -> Iterator[Setup]:
    chromium_or_skip()
    pytest.importorskip("spoticlone_listenbrainz", reason="pip install -e plugins/spoticlone-listenbrainz")
    work = tmp_path_factory.mktemp("plugins-real")
    app_dir = app_copy(work / "app")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    data_dir = work / "data"
    env = {**os.environ, "SPOTICLONE_ENV": "development", "SPOTICLONE_DATA_DIR": str(data_dir),
           "SPOTICLONE_PORT": str(port), "SPOTICLONE_PUBLIC_URL": url, "REFLEX_TELEMETRY_ENABLED": "false",
           "SPOTICLONE_LISTENBRAINZ_EXTRA_HOSTS": "127.0.0.1",
           "PATH": f"{ROOT / '.tools/node_modules/.bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("SPOTICLONE_DATABASE_URL", None)
    subprocess.run([str(Path(sys.executable).parent / "reflex"), "db", "migrate"], cwd=app_dir, env=env,
                   check=True, timeout=300, stdout=subprocess.DEVNULL)
    os.environ["SPOTICLONE_LISTENBRAINZ_EXTRA_HOSTS"] = "127.0.0.1"  # for the settings saved below
    _enable(data_dir, fake_lb.url)
    yield Setup(work, data_dir, env, url, 0, app_dir)


def _enable(data_dir: Path, service_url: str) -> None:
    from spoticlone.models import PluginState, Role
    from spoticlone.plugins import installed, migrations
    from spoticlone.services.accounts import legal
    from spoticlone.services.admin.plugins import update_settings

    with server_db(data_dir) as session:
        admin = verified_account(session, email="lb-admin@example.com", username="lbadmin",
                                 password=PASSWORD, role=Role.ADMIN)
        listener = verified_account(session, email=EMAIL, username="scrobbler", password=PASSWORD)
        legal.record_signup_acceptance(session, new_user=admin)
        legal.record_signup_acceptance(session, new_user=listener)
        item = installed.catalog(refresh=True)["listenbrainz"]
        migrations.upgrade(item.plugin, session.connection())
        session.merge(PluginState(name="listenbrainz", enabled=True))
        session.commit()
        update_settings(session, actor=admin, name="listenbrainz", values={"base_url": service_url})
        session.commit()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    settle(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _connect_flow(page, url: str, suffix: str) -> None:
    page.goto(url + "/p/listenbrainz")
    page.locator("[data-testid=listenbrainz-page]").wait_for(timeout=TIMEOUT_MS)
    _shot(page, f"listenbrainz-form-{suffix}")
    page.locator("[data-testid=listenbrainz-token]").fill("wrong-token-999")
    page.locator("[data-testid=listenbrainz-save]").click()
    page.locator("[data-testid=listenbrainz-error]").wait_for(timeout=TIMEOUT_MS)
    assert "did not accept" in page.locator("[data-testid=listenbrainz-error]").inner_text()
    _shot(page, f"listenbrainz-error-{suffix}")
    page.locator("[data-testid=listenbrainz-token]").fill("good-token-123")
    page.locator("[data-testid=listenbrainz-save]").click()
    page.locator("[data-testid=listenbrainz-connected]").wait_for(timeout=TIMEOUT_MS)
    assert "ana_lb" in page.locator("[data-testid=listenbrainz-connected]").inner_text()
    _shot(page, f"listenbrainz-connected-{suffix}")
    page.locator("[data-testid=listenbrainz-disconnect]").click()
    page.locator("[data-testid=listenbrainz-token]").wait_for(timeout=TIMEOUT_MS)


def test_a_listener_connects_listenbrainz(setup, browser, fake_lb):
    with serve(setup, "server.log"):
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        sign_in(page, setup.url, EMAIL, PASSWORD)  # the helper expects the desktop shell
        _connect_flow(page, setup.url, "desktop")
        page.set_viewport_size(PHONE)
        _connect_flow(page, setup.url, "phone")
        context.close()
    assert [r for r in fake_lb.requests if r == "GET /1/validate-token"]
