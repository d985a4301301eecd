"""An admin opens /admin/data, finds a user, edits a field and sees the change in /admin/audit.

Against the real production build (``app_url``): the table list shows live counts by
domain, the user table is searched, the row opened (its password hash shown only as
"hidden"), the first name saved through the profile rules, and the audit log shows who
changed it from what to what. Screenshots at desktop and phone width.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spoticlone import routes
from tests.e2e.helpers import DESKTOP, PHONE, TIMEOUT_MS, server_db, settle, sign_in, verified_account

pytestmark = pytest.mark.e2e

EMAIL = "data.admin@example.test"
PASSWORD = "every change leaves a trace"
TARGET = "data_target"
REPORTS = Path(os.environ.get("SPOTICLONE_SCREENSHOTS", "/tmp/reports/databrowser"))


def _shots(page, name: str) -> None:
    settle(page)
    page.screenshot(path=str(REPORTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    settle(page)
    page.screenshot(path=str(REPORTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": DESKTOP["height"]})


def test_admin_edits_a_user_and_reads_it_in_the_audit_log(browser, app_url, app_data_dir):
    from spoticlone.models import Role, User

    with server_db(app_data_dir) as session:
        admin = verified_account(session, email=EMAIL, username="data_admin", password=PASSWORD)
        admin.role = Role.ADMIN
        session.add(admin)
        verified_account(session, email="target@example.test", username=TARGET, password=PASSWORD,
                         first_name="Robin")
        session.commit()
    REPORTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": DESKTOP["height"]})
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, app_url, EMAIL, PASSWORD)

    page.goto(app_url + routes.ADMIN_DATA)
    page.get_by_test_id("table-link-user").wait_for()
    assert "accounts" in page.get_by_test_id("table-list").inner_text().lower()
    _shots(page, "admin-data-overview")

    page.get_by_test_id("table-link-user").click()
    page.get_by_test_id("data-rows").wait_for()
    page.get_by_test_id("data-search").fill(TARGET)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(f"**q={TARGET}**")
    rows = page.get_by_test_id("data-rows")
    rows.get_by_text(TARGET, exact=True).wait_for()
    assert "hidden" not in rows.inner_text()
    _shots(page, "admin-data-table")

    rows.get_by_test_id("open-row").first.click()
    page.get_by_test_id("data-row").wait_for()
    assert "hidden" in page.get_by_test_id("field-password_hash").inner_text()
    first_name = page.get_by_test_id("field-first_name")
    first_name.get_by_role("textbox").fill("  Robin   Hood ")
    first_name.get_by_test_id("save-first_name").click()
    page.get_by_test_id("data-notice").get_by_text("first_name is now Robin Hood").wait_for()
    _shots(page, "admin-data-row")

    with server_db(app_data_dir) as session:
        from sqlmodel import select

        assert session.exec(select(User).where(User.username == TARGET)).one().first_name == "Robin Hood"

    page.goto(app_url + routes.admin_audit_url(action="data.user"))
    entry = page.get_by_test_id("audit-entry").first
    entry.get_by_text("data.user.first_name").wait_for()
    text = entry.inner_text()
    assert "data_admin" in text and "Robin Hood" in text and "Robin" in text
    _shots(page, "admin-audit")
    page.close()
