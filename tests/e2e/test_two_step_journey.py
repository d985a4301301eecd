"""A listener turns on two-step sign-in, saves the recovery codes, and signs in with a code.

Against the real production build (``app_url``). The account is created straight in
the server's database (a verified listener with a known password) and made an admin
with the real CLI, so the journey can also look at /admin/users. The TOTP secret is
read from the page, as someone typing it into their app would, and codes are
computed with pyotp.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest

from spoticlone import routes
from tests.e2e.helpers import DESKTOP, PHONE, TIMEOUT_MS, server_db, verified_account

pytestmark = pytest.mark.e2e

EMAIL = "two.step@example.test"
PASSWORD = "a long walk to the river"
ROOT = Path(__file__).resolve().parents[2]


def _create_account(data_dir: Path) -> None:
    with server_db(data_dir) as session:
        verified_account(session, email=EMAIL, username="two_step_fan", password=PASSWORD)
    env = {**os.environ, "SPOTICLONE_DATA_DIR": str(data_dir), "SPOTICLONE_ENV": "development"}
    env.pop("SPOTICLONE_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "spoticlone.cli", "make-admin", EMAIL], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "is now an administrator" in done.stdout


def _sign_in_with_password(page, app_url: str) -> None:
    page.goto(app_url + routes.sign_in_url(routes.SETTINGS_TWO_STEP))
    # Typing before the page is live can be lost when React takes over the form; the Google
    # button appears once the sign-in page has loaded its state.
    page.get_by_role("link", name="Continue with Google").wait_for()
    page.locator("#email").fill(EMAIL)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def _sign_out(page, app_url: str) -> None:
    page.evaluate(f"() => fetch({routes.BROWSER_SIGN_OUT!r}, {{method: 'POST', credentials: 'same-origin'}})")
    page.goto(app_url + routes.HOME)


def _fresh_code(secret: str, last_step: int) -> str:
    """A code for a time step after ``last_step`` (a used step is refused as a replay).

    The server accepts one step either side of now, so the next step's code works at once.
    """
    step = max(last_step + 1, int(time.time()) // 30)
    return pyotp.TOTP(secret).at(step * 30)


def test_two_step_journey(browser, app_url, app_data_dir, screenshots_dir):
    _create_account(app_data_dir)
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(TIMEOUT_MS)

    _sign_in_with_password(page, app_url)
    page.wait_for_url(f"**{routes.SETTINGS_TWO_STEP}")
    page.get_by_text("Two-step sign-in is off").wait_for()
    page.locator("#two-step-start").click()

    secret_text = page.locator("#totp-secret")
    secret_text.wait_for()
    page.locator("#two-step-qr").wait_for()
    secret = secret_text.inner_text().replace(" ", "")
    assert len(secret) == 32
    page.screenshot(path=str(screenshots_dir / "two-step-setup-desktop.png"), full_page=True)

    page.locator("#setup_code").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Turn on").click()
    page.get_by_text("That code is not right").wait_for()

    confirm_step = int(time.time()) // 30
    page.locator("#setup_code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on").click()
    page.locator("#recovery-codes li").first.wait_for()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert page.get_by_role("link", name="Download").get_attribute("download") == "spoticlone-recovery-codes.txt"
    page.screenshot(path=str(screenshots_dir / "two-step-codes-desktop.png"), full_page=True)
    page.locator("#codes-saved").click()
    page.get_by_text("Two-step sign-in is on", exact=True).wait_for()
    assert page.locator("#codes-left").inner_text().endswith("10")
    assert page.locator("#recovery-codes").count() == 0  # shown once, then gone
    page.screenshot(path=str(screenshots_dir / "two-step-on-desktop.png"), full_page=True)

    page.goto(app_url + routes.ADMIN_USERS)
    page.get_by_role("cell", name=EMAIL).wait_for()
    page.screenshot(path=str(screenshots_dir / "admin-users-desktop.png"), full_page=True)

    # Sign out, then in again: the password alone is no longer enough.
    _sign_out(page, app_url)
    _sign_in_with_password(page, app_url)
    code_field = page.locator("#code")
    code_field.wait_for()
    assert routes.SETTINGS_TWO_STEP not in page.url.split("?")[0]
    code_field.fill(_fresh_code(secret, confirm_step))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**{routes.SETTINGS_TWO_STEP}")
    page.get_by_text("Two-step sign-in is on", exact=True).wait_for()

    # A recovery code works once, in place of the app.
    _sign_out(page, app_url)
    _sign_in_with_password(page, app_url)
    page.locator("#code").fill(codes[0].upper())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**{routes.SETTINGS_TWO_STEP}")
    page.locator("#codes-left").get_by_text("9").wait_for()

    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshots_dir / "two-step-on-phone.png"), full_page=True)
    page.goto(app_url + routes.ADMIN_USERS)
    page.get_by_role("cell", name=EMAIL).wait_for()
    page.screenshot(path=str(screenshots_dir / "admin-users-phone.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("path", [routes.SETTINGS_TWO_STEP, routes.ADMIN_USERS])
def test_signed_out_visitors_are_sent_to_sign_in(browser, app_url, path):
    page = browser.new_page(viewport=PHONE)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url + path)
    page.wait_for_url(re.compile(r"/signin\?next=" + re.escape(path) + "$"))
    assert page.locator("#totp-secret").count() == 0 and page.locator("table").count() == 0
    page.close()
