"""An account that strangers hammered with wrong passwords: its owner still signs in.

Against the real production build (``app_url``). The account is written straight into
the server's database and its ceiling of failed sign-ins is filled through the real
limiter (as a hundred failures from a hundred addresses would). The owner types the
right password, gets the "enter the code we emailed" step, reads the code from the
server's outbox and lands signed in.
"""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.services.auth.credentials import LOGIN_ACCOUNT_LIMITS
from spoticlone.services.core import ratelimit
from tests.e2e.helpers import (
    DESKTOP,
    TIMEOUT_MS,
    code_for,
    ready,
    server_db,
    shots,
    verified_account,
)

pytestmark = pytest.mark.e2e

EMAIL = "hammered@example.test"
PASSWORD = "quiet songs for loud days"


def test_owner_of_a_throttled_account_signs_in_with_the_emailed_code(
    browser, app_url, app_data_dir, screenshots_dir
):
    limit, window = LOGIN_ACCOUNT_LIMITS[0]
    with server_db(app_data_dir) as session:
        verified_account(session, email=EMAIL, username="hammered", password=PASSWORD)
        for _ in range(limit):
            ratelimit.check_and_count(session, key=ratelimit.account_key("login", EMAIL), limit=limit, window=window)

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url + routes.SIGN_IN)
    ready(page)
    page.locator("#email").fill(EMAIL)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    page.get_by_text("we need one more check").wait_for()
    shots(page, screenshots_dir, "signin-email-code")
    page.locator("#code").fill(code_for(app_data_dir / "outbox", EMAIL))
    page.get_by_role("button", name="Continue").click()
    menu = page.locator(".sc-main-top [data-testid=account-menu]")
    menu.wait_for()
    assert "hammered" in menu.inner_text()
    context.close()
