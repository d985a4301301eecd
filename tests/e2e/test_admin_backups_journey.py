"""An admin sees on /admin/users when the last backup ran and whether it verified.

Against the real production build (``app_url``): the card first says scheduled backups are
off (the test server has no SPOTICLONE_BACKUP_DIR); a backup taken with the real CLI while
the server runs then shows as verified, and "Back up now" stays disabled without a folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from spoticlone import routes
from tests.e2e.helpers import DESKTOP, PHONE, TIMEOUT_MS, server_db, verified_account

pytestmark = pytest.mark.e2e

EMAIL = "backup.admin@example.test"
PASSWORD = "keep three copies of everything"
ROOT = Path(__file__).resolve().parents[2]
REPORTS = Path(os.environ.get("SPOTICLONE_SCREENSHOTS", "/tmp/reports/I"))


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SPOTICLONE_DATA_DIR": str(data_dir), "SPOTICLONE_ENV": "development"}
    env.pop("SPOTICLONE_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "spoticlone.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_admin_sees_the_last_backup_verified(browser, app_url, app_data_dir, tmp_path):
    with server_db(app_data_dir) as session:
        verified_account(session, email=EMAIL, username="backup_admin", password=PASSWORD)
    assert _cli(app_data_dir, "make-admin", EMAIL).returncode == 0
    REPORTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url + routes.sign_in_url(routes.ADMIN_USERS))
    page.get_by_role("link", name="Continue with Google").wait_for()
    page.locator("#email").fill(EMAIL)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"**{routes.ADMIN_USERS}")
    card = page.get_by_test_id("backup-card")
    card.get_by_test_id("backups-off").wait_for()
    assert card.get_by_test_id("backup-now").is_disabled()

    done = _cli(app_data_dir, "backup", "--to", str(tmp_path / "backups"))
    assert done.returncode == 0, done.stderr
    page.reload()
    card.get_by_text("Verified", exact=True).wait_for()
    assert "files" in card.get_by_test_id("backup-last-verified").inner_text()
    page.screenshot(path=str(REPORTS / "admin-backups-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(REPORTS / "admin-backups-phone.png"), full_page=True)
    page.close()
