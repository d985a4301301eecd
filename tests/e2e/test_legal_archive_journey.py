"""Legal pages and archive mode, end to end on the production build.

An admin publishes new Terms that need acceptance; a listener is stopped by the
"We've updated our Terms" dialog and accepts. The admin then turns archive mode on: the
banner shows on every page, a like is refused with the operator's message, and the
music still plays. The server is shared with other journeys, so the end puts it back.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import update

from spoticlone import routes
from spoticlone.models import LegalDocument, Role
from spoticlone.services.core import db_cache
from spoticlone.services.lifecycle import archive
from tests.e2e.helpers import DESKTOP, PHONE, TIMEOUT_MS, ready, server_db, sign_in, verified_account

pytestmark = pytest.mark.e2e

ADMIN = ("legal.admin@example.com", "legal_admin", "publish the rules with care")
LISTENER = ("legal.listener@example.com", "legal_listener", "i read every word of it")
MESSAGE = "Spoticlone is closing. Music keeps playing until the end of January."
REPORTS = Path(os.environ.get("SPOTICLONE_LEGAL_SCREENSHOTS", "/tmp/reports/legal"))
AUDIO = "document.getElementById('sc-audio')"


def _shot(page, name: str) -> None:
    page.wait_for_timeout(300)
    page.screenshot(path=str(REPORTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    page.screenshot(path=str(REPORTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def _restore(app_data_dir: Path) -> None:
    """Other journeys share this server: open it again and ask nobody to accept anything."""
    with server_db(app_data_dir) as session:
        archive.set_archive(session, actor=None, operator=True, enabled=False)
        session.exec(update(LegalDocument).values(requires_acceptance=False))
        session.commit()
    time.sleep(db_cache.TTL)  # the server process keeps what it read of both for this long


def _album_url(page, app_url: str) -> str:
    tracks = page.request.get(app_url + "/api/v1/tracks?page_size=20").json()["items"]
    return next(t["album_url"] for t in tracks if t["album_url"])


def test_new_terms_and_archive_mode(browser, app_url, app_data_dir):
    REPORTS.mkdir(parents=True, exist_ok=True)
    with server_db(app_data_dir) as session:
        verified_account(session, email=ADMIN[0], username=ADMIN[1], password=ADMIN[2], role=Role.ADMIN)
        verified_account(session, email=LISTENER[0], username=LISTENER[1], password=LISTENER[2])
    admin_ctx, listener_ctx = browser.new_context(viewport=DESKTOP), browser.new_context(viewport=DESKTOP)
    try:
        admin, listener = admin_ctx.new_page(), listener_ctx.new_page()
        for page in (admin, listener):
            page.set_default_timeout(TIMEOUT_MS)

        # The seeded first version is there for everyone.
        listener.goto(app_url + routes.TERMS)
        listener.get_by_test_id("legal-body").wait_for()
        assert "Version 1" in listener.get_by_test_id("legal-meta").inner_text()

        # The admin edits, previews and publishes version 2, asking everyone to accept it.
        sign_in(admin, app_url, ADMIN[0], ADMIN[2])
        admin.goto(app_url + routes.ADMIN_LEGAL)
        admin.locator("#legal-body").wait_for()
        admin.locator("#legal-summary").fill("Clearer rules for uploads")
        admin.locator("#legal-body").fill("# Terms of Service\n\nBe **kind**. <script>alert(1)</script>")
        admin.get_by_test_id("legal-requires").click()
        admin.get_by_role("button", name="Preview").click()
        preview = admin.get_by_test_id("legal-preview")
        preview.locator("strong", has_text="kind").wait_for()
        assert preview.locator("script").count() == 0
        _shot(admin, "admin-legal")
        admin.get_by_test_id("legal-publish").click()
        admin.get_by_test_id("legal-notice").filter(has_text="Published version 2").wait_for()

        # The listener is stopped by the dialog, reads the link, accepts, and goes on.
        sign_in(listener, app_url, LISTENER[0], LISTENER[2])
        dialog = listener.get_by_test_id("terms-dialog")
        dialog.get_by_text("We've updated our Terms").wait_for()
        assert dialog.get_by_role("link", name="Terms of Service").get_attribute("href") == routes.TERMS
        _shot(listener, "terms-dialog")
        dialog.get_by_test_id("accept-terms").click()
        dialog.wait_for(state="detached")
        listener.goto(app_url + routes.TERMS)
        listener.get_by_test_id("legal-history").get_by_text("Version 1").wait_for()
        assert "Version 2" in listener.get_by_test_id("legal-meta").inner_text()
        _shot(listener, "terms-page")

        # The admin accepts too, then turns archive mode on.
        admin.goto(app_url + routes.ADMIN_ARCHIVE)
        admin.get_by_test_id("accept-terms").click()
        admin.get_by_test_id("terms-dialog").wait_for(state="detached")
        # The form shows once the page's load has landed, and a later load keeps what was typed.
        admin.locator("#archive-message").wait_for()
        admin.locator("#archive-message").fill(MESSAGE)
        admin.locator("#archive-contact").fill("support@example.com")
        admin.locator("#archive-closes").fill("2027-01-31")
        admin.get_by_test_id("archive-on").click()
        admin.get_by_test_id("archive-notice").filter(has_text="read-only").wait_for()
        _shot(admin, "admin-archive")

        # The listener sees the banner; a like is refused with the message; music still plays.
        listener.goto(app_url + _album_url(listener, app_url))
        ready(listener)
        banner = listener.get_by_test_id("archive-banner")
        banner.filter(has_text=MESSAGE).wait_for()
        assert "31 January 2027" in banner.inner_text()
        listener.locator("[data-testid=track-row] [data-testid=like-button]").first.click()
        listener.get_by_text(MESSAGE).nth(1).wait_for()  # the toast, under the banner's copy
        listener.locator("[data-testid=play-context]").click()
        listener.wait_for_function(f"() => {{ const a = {AUDIO}; return a && !a.paused && a.currentTime > 1; }}",
                                   timeout=TIMEOUT_MS)
        assert listener.locator(
            "[data-testid=track-row] [data-testid=like-button][aria-pressed=true]").count() == 0
        _shot(listener, "archived-album")
    finally:
        admin_ctx.close()
        listener_ctx.close()
        _restore(app_data_dir)
