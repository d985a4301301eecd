"""A listener deletes their account, is signed out, signs in again within the grace period
and sees the deletion cancelled.

Runs against the production build (``app_url``). Screenshots at desktop (1280x800) and phone
widths go to ``/tmp/reports/deletion/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import TIMEOUT_MS, page_shots, ready, server_db, sign_in, verified_account

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
REPORTS = Path("/tmp/reports/deletion")
PASSWORD = "correct horse battery"
EMAIL = "dana.leaving@example.com"


def test_account_deletion_journey(browser, app_url, app_data_dir):
    from sqlmodel import select

    from spoticlone.models import AccountDeletion, User

    REPORTS.mkdir(parents=True, exist_ok=True)
    with server_db(app_data_dir) as session:
        verified_account(session, email=EMAIL, username="dana_leaves", password=PASSWORD,
                         first_name="Dana", last_name="Leaving")

    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, app_url, EMAIL, PASSWORD)

    page.goto(app_url + "/settings/delete")
    page.locator("#delete_password").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text("kept only as anonymous counts", exact=False).is_visible()
    assert page.get_by_role("link", name="Delete account").is_visible()
    assert page_shots(page, REPORTS, "delete-account", desktop=DESKTOP) == []

    # A wrong password: a clear message, nothing changes.
    page.locator("#delete_password").fill("not my password")
    page.locator("#understand").check()
    page.locator("#delete-account").click()
    page.get_by_text("That password is not right.").wait_for(timeout=TIMEOUT_MS)
    page_shots(page, REPORTS, "delete-account-wrong-password", desktop=DESKTOP)

    page.locator("#delete_password").fill(PASSWORD)
    page.locator("#delete-account").click()
    page.wait_for_url("**/goodbye?on=*", timeout=TIMEOUT_MS)
    page.get_by_text("Your account will be deleted").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("You have been signed out on every device.").wait_for(timeout=TIMEOUT_MS)
    assert page_shots(page, REPORTS, "goodbye", desktop=DESKTOP) == []
    with server_db(app_data_dir) as session:
        user = session.exec(select(User).where(User.email == EMAIL)).one()
        row = session.exec(select(AccountDeletion).where(AccountDeletion.user_id == user.id)).one()
        assert row.status == "pending"

    # Signed out: the settings page now asks to sign in.
    page.goto(app_url + "/settings/delete")
    page.wait_for_url("**/signin**", timeout=TIMEOUT_MS)
    ready(page)

    # Signing in again within the grace period keeps the account and says so.
    sign_in(page, app_url, EMAIL, PASSWORD)
    banner = page.locator("#deletion-cancelled")
    banner.wait_for(timeout=TIMEOUT_MS)
    assert "Your account deletion was cancelled" in banner.inner_text()
    assert page_shots(page, REPORTS, "deletion-cancelled", desktop=DESKTOP) == []
    with server_db(app_data_dir) as session:
        row = session.exec(select(AccountDeletion).where(AccountDeletion.user_id == user.id)).one()
        assert (row.status, row.cancel_reason) == ("cancelled", "sign_in")

    # Shown once: the next page has no banner.
    page.goto(app_url + "/settings/delete")
    page.locator("#delete_password").wait_for(timeout=TIMEOUT_MS)
    # The notice belonged to the previous connection: the next page's first snapshot has no banner.
    expect(page.locator("#deletion-cancelled")).to_have_count(0, timeout=TIMEOUT_MS)
    page.close()


def test_an_artist_sees_the_choice_for_their_releases(browser, app_url, app_data_dir):
    from spoticlone.models import ArtistProfile, Role

    with server_db(app_data_dir) as session:
        user = verified_account(session, email="remy.artist@example.com", username="remy_makes",
                                password=PASSWORD, role=Role.ARTIST)
        session.add(ArtistProfile(stage_name="Remy and the Tides", slug="remy-and-the-tides", user_id=user.id))
        session.commit()

    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, app_url, "remy.artist@example.com", PASSWORD)
    page.goto(app_url + "/settings/delete")
    page.locator("#keep-releases-yes").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("#keep-releases-yes").is_checked()
    page.get_by_text("Remove my releases").click()
    # The choice round-trips through the websocket: wait for it rather than read at once.
    expect(page.locator("#keep-releases-no")).to_be_checked(timeout=TIMEOUT_MS)
    assert page_shots(page, REPORTS, "delete-account-artist", desktop=DESKTOP) == []
    page.close()
