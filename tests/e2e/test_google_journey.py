"""Signing in with Google in a real browser, against a real OpenID provider on loopback.

``oidc-provider-mock`` (started by ``conftest.google_provider``) plays Google: its
consent form asks for a subject, and the claims for that subject (email,
``email_verified``, names) are set beforehand through its API.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from urllib.parse import quote

import pytest
from sqlmodel import Session, select

from spoticlone import routes
from spoticlone.db import make_engine
from spoticlone.models import ExternalIdentity, User
from spoticlone.services.accounts import signup

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000


def _account_menu(page, username: str):
    # The shell renders one menu for wide screens and one for phones; use the one shown.
    return page.get_by_label(f"Account menu for {username}").locator("visible=true").first


def _continue_with_google(page, app_url: str, next_path: str) -> None:
    """From the sign-in page, follow its "Continue with Google" link to the provider."""
    page.goto(f"{app_url}{routes.SIGN_IN}?next={quote(next_path)}")
    try:
        page.get_by_role("link", name=re.compile("Continue with Google")).click(timeout=TIMEOUT_MS)
    except Exception:
        page.screenshot(path="/tmp/c_google_debug.png")
        open("/tmp/c_google_debug.html", "w").write(page.content())
        raise
    page.wait_for_url(re.compile(r"/oauth2/authorize\?"), timeout=TIMEOUT_MS)


def _consent_as(page, sub: str) -> None:
    page.fill('input[name="sub"]', sub)
    page.get_by_role("button", name="Authorize").click()


def test_new_google_user_picks_a_username_and_lands_signed_in(browser, app_url, google_provider,
                                                              screenshots_dir):
    sub = f"g-{secrets.token_hex(5)}"
    google_provider.set_claims(sub, email=f"nia.{sub}@example.com", email_verified=True,
                               given_name="Nia", family_name="Okafor")
    page = browser.new_page(viewport=PHONE)

    _continue_with_google(page, app_url, "/browse")
    _consent_as(page, sub)

    page.wait_for_url(re.compile(re.escape(routes.GOOGLE_SIGN_UP) + r"\?ticket="), timeout=TIMEOUT_MS)
    username = page.locator("#username")
    username.wait_for(timeout=TIMEOUT_MS)
    assert page.locator("#google-signup-email").inner_text() == f"nia.{sub}@example.com"
    assert username.input_value() == f"nia_{sub}".replace("-", "_")  # suggested from the email
    page.screenshot(path=str(screenshots_dir / "google-signup-phone.png"), full_page=True)

    # Too young first: a clear error, and the form (and ticket) still work afterwards.
    page.fill("#date_of_birth", date(date.today().year - 10, 1, 1).isoformat())
    page.get_by_role("button", name="Create account").click()
    error = page.locator(".sc-form-error")
    error.wait_for(timeout=TIMEOUT_MS)
    assert "at least 13" in error.inner_text()
    page.screenshot(path=str(screenshots_dir / "google-signup-error-phone.png"), full_page=True)

    chosen = f"nia{secrets.token_hex(3)}"
    username.fill(chosen)
    page.fill("#date_of_birth", "2000-02-29")
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url(re.compile(r"/browse$"), timeout=TIMEOUT_MS)
    page.set_viewport_size(DESKTOP)
    _account_menu(page, chosen).wait_for(timeout=TIMEOUT_MS)
    page.screenshot(path=str(screenshots_dir / "google-signed-in-desktop.png"))

    # The ticket in the address bar is spent: going back says so instead of a second account.
    page.go_back()
    page.locator("#google-signup-expired").wait_for(timeout=TIMEOUT_MS)
    assert "expired" in page.locator("#google-signup-expired").inner_text()
    page.screenshot(path=str(screenshots_dir / "google-signup-expired-desktop.png"))


def test_existing_verified_account_is_linked_by_google(browser, app_url, app_data_dir, google_provider):
    email = f"ola.{secrets.token_hex(4)}@example.com"
    username = f"ola{secrets.token_hex(3)}"
    engine = make_engine(f"sqlite:///{(app_data_dir / 'spoticlone.db').resolve()}")
    with Session(engine) as session:  # the server's own database, as a registered listener
        _, request_id, code = signup.register(session, email=email, username=username,
                                                password="a quiet walk by the river",
                                                date_of_birth=date(1995, 6, 1))
        user_id = signup.verify_email(session, request_id=request_id, code=code)

    sub = f"g-{secrets.token_hex(5)}"
    google_provider.set_claims(sub, email=email.upper(), email_verified=True, given_name="Ola")
    page = browser.new_page(viewport=DESKTOP)
    _continue_with_google(page, app_url, "/search")
    _consent_as(page, sub)

    page.wait_for_url(re.compile(r"/search$"), timeout=TIMEOUT_MS)
    _account_menu(page, username).wait_for(timeout=TIMEOUT_MS)
    with Session(engine) as session:
        identity = session.exec(select(ExternalIdentity).where(ExternalIdentity.subject == sub)).one()
        assert identity.user_id == user_id
        assert session.get(User, user_id).password_hash  # the password still works too
    engine.dispose()
