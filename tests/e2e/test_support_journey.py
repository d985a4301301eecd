"""The support desk end to end on the production build.

A listener reads the Help page, contacts support with a screenshot and the context they
agreed to attach; another listener cannot open that request; an admin finds it in the inbox,
answers with a canned answer; the listener reads the answer in the conversation. Desktop
(1280 px) and phone (390 px) screenshots of each page go to ``/tmp/reports/support``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from spoticlone.models import Role
from spoticlone.services.core.actor import load_actor
from spoticlone.services.support import canned, help_articles
from tests.e2e.helpers import TIMEOUT_MS, page_shots, server_db, sign_in, verified_account
from tests.images import png

pytestmark = pytest.mark.e2e

ADMIN = ("support.admin@example.com", "support_admin", "answer every question kindly")
LISTENER = ("support.listener@example.com", "support_listener", "my songs keep stopping")
NOSY = ("support.nosy@example.com", "support_nosy", "what are others asking")
REPORTS = Path(os.environ.get("SPOTICLONE_SUPPORT_SCREENSHOTS", "/tmp/reports/support"))
WIDE = {"width": 1280, "height": 900}
CANNED = "Thanks for the details! We fixed the player; reload the page and it plays to the end."


def _accounts(app_data_dir: Path) -> None:
    with server_db(app_data_dir) as session:
        admin = verified_account(session, email=ADMIN[0], username=ADMIN[1], password=ADMIN[2], role=Role.ADMIN)
        verified_account(session, email=LISTENER[0], username=LISTENER[1], password=LISTENER[2])
        verified_account(session, email=NOSY[0], username=NOSY[1], password=NOSY[2])
        help_articles.seed_defaults(session)  # a no-op when the migration already wrote them
        canned.create_canned(session, actor=load_actor(session, admin.id), title="Player fixed", body=CANNED)


def _shots(page, name: str) -> None:
    overflow = page_shots(page, REPORTS, name, desktop=WIDE)
    assert not overflow, f"{name} scrolls sideways at {overflow}"


def test_a_listener_contacts_support_and_reads_the_answer(browser, app_url, app_data_dir, tmp_path):
    REPORTS.mkdir(parents=True, exist_ok=True)
    _accounts(app_data_dir)
    shot = tmp_path / "player.png"
    shot.write_bytes(png(900, 560, (30, 200, 90)))
    listener_ctx, admin_ctx, nosy_ctx = (browser.new_context(viewport=WIDE) for _ in range(3))
    try:
        listener = listener_ctx.new_page()
        sign_in(listener, app_url, LISTENER[0], LISTENER[2])
        listener.goto(app_url + "/help")
        listener.locator("[data-testid=help-article]").first.wait_for(timeout=TIMEOUT_MS)
        listener.locator("[data-testid=help-article] summary").nth(2).click()
        assert listener.get_by_text("Make an app password").first.is_visible()
        assert listener.locator("[data-testid=help-articles] script").count() == 0
        _shots(listener, "help")

        listener.locator("[data-testid=contact-support]").click()
        listener.wait_for_url(re.compile(r".*/support/new\?from=/help"), timeout=TIMEOUT_MS)
        listener.locator("[data-testid=support-subject]").fill("Songs stop after 30 seconds")
        listener.locator("[data-testid=support-message-input]").fill(
            "Every song stops after half a minute, on every album.\nIt started yesterday.")
        listener.locator("[data-testid=support-context-preview]").get_by_text("/help").wait_for(timeout=TIMEOUT_MS)
        listener.locator("#support-screenshot input[type=file]").set_input_files(str(shot))
        listener.locator("[data-testid=support-screenshot-name]").wait_for(timeout=TIMEOUT_MS)
        _shots(listener, "form")
        listener.locator("[data-testid=support-send]").click()
        listener.wait_for_url(re.compile(r".*/support/requests/\d+"), timeout=TIMEOUT_MS)
        request_url = listener.url
        listener.get_by_text("Every song stops after half a minute").wait_for(timeout=TIMEOUT_MS)
        listener.locator("[data-testid=support-context] img").wait_for(timeout=TIMEOUT_MS)

        nosy = nosy_ctx.new_page()
        sign_in(nosy, app_url, NOSY[0], NOSY[2])
        nosy.goto(request_url)
        nosy.locator("[data-testid=not-found]").wait_for(timeout=TIMEOUT_MS)
        assert nosy.get_by_text("Every song stops").count() == 0

        admin = admin_ctx.new_page()
        sign_in(admin, app_url, ADMIN[0], ADMIN[2])
        admin.goto(app_url + "/admin/support?status=open&assigned=nobody")
        row = admin.locator("[data-testid=support-request-row]", has_text="Songs stop after 30 seconds")
        row.wait_for(timeout=TIMEOUT_MS)
        _shots(admin, "inbox")
        row.click()
        admin.locator("[data-testid=support-canned]").click()
        admin.get_by_role("menuitem", name="Player fixed").click()
        reply = admin.locator("[data-testid=support-reply]")
        admin.wait_for_function("el => el.value.includes('We fixed the player')", arg=reply.element_handle(),
                                timeout=TIMEOUT_MS)
        admin.locator("[data-testid=support-staff-send]").click()
        admin.locator("[data-testid=support-notice]").wait_for(timeout=TIMEOUT_MS)
        assert admin.locator("[data-testid=support-status]").first.inner_text() == "Waiting for listener"
        _shots(admin, "admin-request")

        listener.goto(request_url)
        listener.get_by_text("We fixed the player").wait_for(timeout=TIMEOUT_MS)
        assert listener.locator("[data-testid=support-status]").first.inner_text() == "Waiting for you"
        _shots(listener, "conversation")
    finally:
        for ctx in (listener_ctx, admin_ctx, nosy_ctx):
            ctx.close()
