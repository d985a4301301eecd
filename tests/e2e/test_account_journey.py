"""A visitor signs up, verifies the emailed code, signs out, signs back in and changes the password.

Against the real production build (``app_url``); the verification code is read from
the ``.eml`` the server wrote to its outbox, as a listener would read their inbox.
Screenshots of the account pages at desktop and phone width go to ``screenshots/``.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import quote

import pytest

from spoticlone import routes
from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, code_for, ready, shots

pytestmark = pytest.mark.e2e

PASSWORD = "listening in the rain"
NEW_PASSWORD = "second verse, same song"


def test_sign_up_verify_sign_out_sign_in_change_password(browser, app_url, app_data_dir, screenshots_dir):
    username = f"fan_{secrets.token_hex(3)}"
    email = f"{username}@example.com"
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    page.goto(app_url + routes.SIGN_IN)
    ready(page)
    page.get_by_role("heading", name="Sign in to Spoticlone").wait_for()
    shots(page, screenshots_dir, "signin")

    # Sign up: a bad password is refused in words, then the real one goes through.
    page.get_by_role("link", name="Sign up for Spoticlone").click()
    page.wait_for_url(re.compile(r"/signup$"))
    ready(page)
    page.locator("#email").fill(email)
    page.locator("#username").fill(username)
    page.locator("#password").fill("short")
    page.locator("#date_of_birth").fill("1999-04-02")
    page.locator("#accept_terms").check()
    shots(page, screenshots_dir, "signup")
    page.get_by_role("button", name="Sign up", exact=True).click()
    page.get_by_role("alert").filter(has_text="at least 8 characters").wait_for()
    page.get_by_role("button", name="Show password").click()
    assert page.locator("#password").get_attribute("type") == "text"
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()

    # Verify with the emailed code: lands signed in on Home.
    page.wait_for_url(re.compile(r"/verify\?request="))
    page.get_by_text("We emailed you a 6-digit code.").wait_for()
    assert page.locator("#resend-code").is_disabled(), "the resend cooldown is shown"
    code = code_for(app_data_dir / "outbox", email)
    shots(page, screenshots_dir, "verify")
    page.locator("#code").fill(code)
    page.get_by_role("button", name="Verify and sign in").click()
    page.wait_for_url(app_url + "/")
    menu = page.locator(".sc-main-top [data-testid=account-menu]")
    menu.wait_for()
    assert username in menu.inner_text()

    # Sign out from the account menu.
    menu.click()
    page.get_by_role("menuitem", name="Sign out").click()
    page.wait_for_url(app_url + "/")
    page.locator(".sc-main-top").get_by_role("link", name="Sign in").wait_for()

    # A private page sends the visitor to sign in first, without showing anything private.
    page.goto(app_url + routes.SETTINGS_SECURITY)
    page.wait_for_url(re.compile(r"/signin\?next=" + re.escape(quote(routes.SETTINGS_SECURITY, safe=""))
                                 + "|/signin\\?next=" + re.escape(routes.SETTINGS_SECURITY)))
    assert page.get_by_text("Change password").count() == 0
    assert page.get_by_text("Where you're signed in").count() == 0

    # Sign in with the password: back on the security page.
    ready(page)
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(app_url + routes.SETTINGS_SECURITY)
    page.get_by_role("heading", name="Change password").wait_for()
    page.get_by_text("This device").wait_for()
    shots(page, screenshots_dir, "settings-security")

    # Change the password: this session stays signed in.
    page.locator("#current_password").fill(PASSWORD)
    page.locator("#new_password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Your password is changed.").wait_for()
    page.reload()
    page.get_by_role("heading", name="Change password").wait_for()
    context.close()
