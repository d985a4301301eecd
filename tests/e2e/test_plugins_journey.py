"""A plugin from scaffold to browser: install, enable on /admin/plugins, watch the rebuild, use its page.

The journey scaffolds ``journey_board`` (``cli new-plugin``) and two deliberately bad
plugins (one fails to import, one raises in a subscriber), ``pip install -e``s them into
the venv (uninstalled at the end), and runs its own server the way ``make run`` does:
under ``cli run-supervised``. Pages are compiled at build time, so enabling the board
makes the supervisor build again while the old server keeps serving, then restart on the
new build; the admin page shows the progress and the journey never restarts anything
itself. The shared server of ``conftest.py`` is not used (it was built before these
packages existed, and is not supervised).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import chromium_or_skip
from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    TIMEOUT_MS,
    BrowserErrors,
    server_db,
    settle,
    sign_in,
    verified_account,
)
from tests.e2e.own_server import Setup, app_copy, free_port, serve

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path("/tmp/reports/plugins")
PLUGIN = "journey_board"
ADMIN_EMAIL, ADMIN_PASSWORD = "plugin-admin@example.com", "correct horse battery"
DISTS = ("spoticlone-journey-board", "spoticlone-broken-plugin", "spoticlone-raising-plugin")
#: A build on a busy two-core machine takes one to three minutes.
REBUILD_TIMEOUT_MS = 480_000

BROKEN = {
    "pyproject.toml": """\
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "spoticlone-broken-plugin"
        version = "0.1.0"
        [project.entry-points."spoticlone.plugins"]
        broken_plugin = "broken_plugin:plugin"
        [tool.setuptools]
        py-modules = ["broken_plugin"]
        """,
    "broken_plugin.py": "import a_module_nobody_installed  # noqa: F401\n",
}
RAISING = {
    "pyproject.toml": """\
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "spoticlone-raising-plugin"
        version = "0.1.0"
        [project.entry-points."spoticlone.plugins"]
        raising_plugin = "raising_plugin:plugin"
        [tool.setuptools]
        py-modules = ["raising_plugin"]
        """,
    "raising_plugin.py": """\
        from spoticlone.plugins import TRACK_LIKED, Plugin, Subscription


        def explode(session, *, user_id, track_id):
            raise RuntimeError("the scrobble service is down")


        plugin = Plugin(name="raising_plugin", version="0.1.0", requires_core=">=0.1",
                        description="Raises on every like, on purpose.", capabilities=frozenset({"events"}),
                        subscriptions=(Subscription(TRACK_LIKED, "explode", explode),))
        """,
}


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text))
    return folder


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
                   check=True, timeout=300, cwd=ROOT)


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> Iterator[Setup]:
    chromium_or_skip()
    from spoticlone.plugins import scaffold

    work = tmp_path_factory.mktemp("plugins")
    app_dir = app_copy(work / "app")
    packages = [scaffold.write(PLUGIN, work), _write(work / "broken", BROKEN), _write(work / "raising", RAISING)]
    _pip("install", "--no-deps", *[arg for p in packages for arg in ("-e", str(p))])
    try:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        data_dir = work / "data"
        env = {**os.environ, "SPOTICLONE_ENV": "development", "SPOTICLONE_DATA_DIR": str(data_dir),
               "SPOTICLONE_PORT": str(port), "SPOTICLONE_PUBLIC_URL": url, "REFLEX_TELEMETRY_ENABLED": "false",
               "PATH": f"{ROOT / '.tools/node_modules/.bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
        env.pop("SPOTICLONE_DATABASE_URL", None)
        subprocess.run([str(Path(sys.executable).parent / "reflex"), "db", "migrate"], cwd=app_dir, env=env,
                       check=True, timeout=300, stdout=subprocess.DEVNULL)
        track_id = _accounts_and_a_track(data_dir)
        yield Setup(work, data_dir, env, url, track_id, app_dir)
    finally:
        _pip("uninstall", "-y", *DISTS)


def _accounts_and_a_track(data_dir: Path) -> int:
    from spoticlone.models import PlayEvent, Role
    from spoticlone.services.accounts import legal
    from spoticlone.testing import factories

    with server_db(data_dir) as session:
        admin = verified_account(session, email=ADMIN_EMAIL, username="pluginadmin", password=ADMIN_PASSWORD,
                                 role=Role.ADMIN)
        legal.record_signup_acceptance(session, new_user=admin)
        session.commit()
        track = factories.make_track(session, title="Plugin Test Song")
        session.add(PlayEvent(user_id=admin.id, track_id=track.id, counted=True, ms_played=60_000))
        session.commit()
        return track.id


def _card(page, name: str):
    return page.locator("[data-testid=plugin-card]").filter(has_text=name).first


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    settle(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def supervised(setup: Setup, log_name: str):
    """``cli run-supervised`` (what ``make run`` starts) in ``setup.app_dir`` until the block ends;
    stopping it stops its server first, hence the longer wait."""
    return serve(setup, log_name, command=[sys.executable, "-m", "spoticlone.cli", "run-supervised"],
                 stop_timeout=40)


def test_a_scaffolded_plugin_from_install_to_its_page(setup, browser):
    errors = BrowserErrors(setup.url)
    context = browser.new_context(viewport=DESKTOP)
    errors.watch(context)
    page = context.new_page()
    with supervised(setup, "server.log"):
        sign_in(page, setup.url, ADMIN_EMAIL, ADMIN_PASSWORD)
        page.goto(setup.url + "/admin/plugins")
        board = _card(page, PLUGIN)
        board.wait_for(timeout=TIMEOUT_MS)
        assert "Disabled" in board.inner_text()
        broken = _card(page, "broken_plugin")
        assert "Not usable" in broken.inner_text()
        assert "failed to import" in broken.locator("[data-testid=plugin-problems]").inner_text()
        assert "a_module_nobody_installed" in broken.inner_text()
        assert "Built in" in _card(page, "charts").inner_text()

        # A subscriber that raises never fails the listener's action, and the admin page says why.
        # It has no pages: the switch is live at once, and asks for no rebuild.
        _card(page, "raising_plugin").locator("[data-testid=plugin-enable]").click()
        page.wait_for_function("() => document.body.innerText.includes('raising_plugin is enabled')",
                               timeout=TIMEOUT_MS)
        assert page.locator("[data-testid=plugin-rebuild]").count() == 0
        liked = page.request.put(f"{setup.url}/api/v1/me/likes/{setup.track_id}", headers={"Origin": setup.url})
        assert liked.status == 204
        likes = page.request.get(f"{setup.url}/api/v1/me/likes").json()
        assert [t["id"] for t in likes["items"]] == [setup.track_id]
        page.reload()
        error = _card(page, "raising_plugin").locator("[data-testid=plugin-last-error]")
        error.wait_for(timeout=TIMEOUT_MS)
        assert "the scrobble service is down" in error.inner_text()

        # The board has a page, a sidebar and an admin-menu entry: enabling it asks for a rebuild.
        # The restart drops the open page's websocket for a few seconds, on purpose.
        errors.expect("WebSocket")
        errors.expect("connect")
        _card(page, PLUGIN).locator("[data-testid=plugin-enable]").click()
        rebuild = page.locator("[data-testid=plugin-rebuild]")
        rebuild.wait_for(timeout=TIMEOUT_MS)
        assert f"{PLUGIN} enabled" in rebuild.inner_text()
        assert "Enabled" in _card(page, PLUGIN).inner_text()
        # Its API is live at once, and documented, while the old build keeps serving.
        assert f"/api/plugins/{PLUGIN}/summary" in page.request.get(setup.url + "/api/openapi.json").json()["paths"]
        summary = page.request.get(f"{setup.url}/api/plugins/{PLUGIN}/summary")
        assert summary.status == 200 and summary.json()["heading"] == "Your listening"
        _shot(page, "admin-plugins-rebuilding")
        page.locator("[data-testid=plugin-rebuild][data-state=done]").wait_for(timeout=REBUILD_TIMEOUT_MS)
        steps = rebuild.inner_text()
        assert all(step in steps for step in ("queued", "building", "restarting", "done")), steps
        _shot(page, "admin-plugins-desktop")
        page.set_viewport_size(PHONE)
        _shot(page, "admin-plugins-phone")
        page.set_viewport_size(DESKTOP)

        # The new build: the page is in the sidebar, and its admin link in the account menu.
        page.goto(setup.url + "/")
        link = page.locator(".sc-sidebar a", has_text="Journey Board")
        link.wait_for(timeout=TIMEOUT_MS)
        page.locator(".sc-main-top [data-testid=account-menu]").click()
        page.get_by_role("menuitem", name="Journey Board settings").wait_for(timeout=TIMEOUT_MS)
        page.keyboard.press("Escape")
        link.click()
        page.wait_for_url(f"**/p/{PLUGIN}", timeout=TIMEOUT_MS)
        page.locator(f"[data-testid={PLUGIN}-total]").wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function(f"() => document.querySelector('[data-testid={PLUGIN}-total]').innerText"
                               ".includes('1 play ·')", timeout=TIMEOUT_MS)
        page.locator(".recharts-surface").first.wait_for(timeout=TIMEOUT_MS)
        assert page.get_by_role("heading", name="Your listening").is_visible()
        _shot(page, "plugin-page-desktop")
        page.set_viewport_size(PHONE)
        _shot(page, "plugin-page-phone")

        # It requires sign-in, as declared: a visitor is sent to sign in first.
        visitor = browser.new_context(viewport=DESKTOP).new_page()
        visitor.goto(f"{setup.url}/p/{PLUGIN}")
        visitor.wait_for_url(lambda url: "/signin" in url and "next=" in url, timeout=TIMEOUT_MS)
        visitor.context.close()
        context.close()
    assert not errors.errors, errors.errors

    # Its own tests pass with the harness (installed with pip, run from the checkout).
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(setup.work / PLUGIN / "tests")], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env={k: v for k, v in os.environ.items() if k != "SPOTICLONE_DATA_DIR"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
