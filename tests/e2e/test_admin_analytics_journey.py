"""An admin opens the analytics dashboard on a simulated history, sees every chart, changes the
period and downloads a section as CSV.

Against the real production build (``app_url``). The history comes from the real command
(``simulate-activity``), through the services, so the dashboard's subscribers roll it as it is
made; the journey removes it again (``--remove``), leaving the shared catalog as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from spoticlone import routes
from tests.e2e.helpers import PHONE, TIMEOUT_MS, server_db, sign_in, verified_account

pytestmark = pytest.mark.e2e

EMAIL = "analytics.admin@example.test"
PASSWORD = "numbers from the database"
ROOT = Path(__file__).resolve().parents[2]
REPORTS = Path(os.environ.get("SPOTICLONE_SCREENSHOTS", "/tmp/reports/dashboard"))
CHARTS = ("active", "plays", "signups", "funnel", "catalog", "browsers", "devices")
DESKTOP = {"width": 1280, "height": 900}


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SPOTICLONE_DATA_DIR": str(data_dir), "SPOTICLONE_ENV": "development"}
    env.pop("SPOTICLONE_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "spoticlone.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def _drawn(page) -> None:
    for key in CHARTS:
        page.locator(f"[data-testid=chart-{key}] .main-svg").first.wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=heat-clock] .sc-in-cell").count() == 7 * 24
    assert page.locator("[data-testid=heat-cohorts] .sc-in-cell").count() > 0
    assert page.locator("[data-testid=section-top_tracks] tbody tr").count() > 0


def test_admin_reads_the_dashboard_of_a_simulated_history(browser, app_url, app_data_dir):
    with server_db(app_data_dir) as session:
        verified_account(session, email=EMAIL, username="analytics_admin", password=PASSWORD)
    assert _cli(app_data_dir, "make-admin", EMAIL).returncode == 0
    made = _cli(app_data_dir, "simulate-activity", "--users", "40", "--days", "35", "--seed", "13")
    assert made.returncode == 0, made.stderr
    try:
        REPORTS.mkdir(parents=True, exist_ok=True)
        page = browser.new_page(viewport=DESKTOP)
        page.set_default_timeout(TIMEOUT_MS)
        sign_in(page, app_url, EMAIL, PASSWORD)
        page.goto(app_url + routes.ADMIN_ANALYTICS + "?range=90d")
        page.get_by_test_id("admin-analytics").wait_for()
        _drawn(page)
        assert page.get_by_test_id("figure-plays").inner_text() not in ("", "0")
        assert page.locator("[data-testid=section-search_misses] tbody tr").count() > 0
        page.wait_for_timeout(800)  # plotly's resize handler settles the charts' widths
        page.screenshot(path=str(REPORTS / "admin-analytics-1280.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(800)
        page.screenshot(path=str(REPORTS / "admin-analytics-390.png"), full_page=True)
        page.set_viewport_size(DESKTOP)

        before = page.get_by_test_id("analytics-period").inner_text()
        page.get_by_test_id("range-7d").click()
        page.wait_for_url("**/admin/analytics?range=7d")
        page.wait_for_function(
            "before => document.querySelector('[data-testid=analytics-period]').innerText !== before", arg=before)
        _drawn(page)

        with page.expect_download() as download:
            page.get_by_test_id("csv-top_tracks").click()
        text = Path(download.value.path()).read_text()
        assert text.splitlines()[0] == "rank,track,artist,plays,listening_hours"
        assert download.value.suggested_filename.startswith("spoticlone-top-tracks-")
        page.close()
    finally:
        removed = _cli(app_data_dir, "simulate-activity", "--remove")
        assert removed.returncode == 0, removed.stderr
