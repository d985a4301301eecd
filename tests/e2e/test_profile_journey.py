"""A listener signs in, edits their profile, uploads pictures, becomes an artist; a stranger
then sees the public page (pictures, name, artist link, nothing private)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests import images
from tests.e2e.helpers import DESKTOP, PHONE, TIMEOUT_MS, server_db, settle, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "listening-in-colour-42"
USERNAME = "ada_profile"
EMAIL = "ada.profile@example.com"


def _create_account(data_dir) -> None:
    with server_db(data_dir) as session:
        verified_account(session, email=EMAIL, username=USERNAME, password=PASSWORD,
                         date_of_birth=date(1991, 12, 10))


def _image_src(page, testid: str) -> str:
    img = page.locator(f"[data-testid={testid}] img")
    img.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(
        "(sel) => { const i = document.querySelector(sel); return i && i.complete && i.naturalWidth > 0; }",
        arg=f"[data-testid={testid}] img", timeout=TIMEOUT_MS,
    )
    return img.get_attribute("src") or ""


def _upload(page, testid: str, path, expect: str) -> str:
    """Pick ``path`` through the real file chooser and wait for the new picture to show."""
    with page.expect_file_chooser(timeout=TIMEOUT_MS) as chooser:
        page.locator(f"[data-testid=choose-{testid}]").click()
    chooser.value.set_files(str(path))
    target = "profile-avatar" if testid == "avatar" else "profile-cover"
    page.wait_for_function(
        "([sel, part]) => { const i = document.querySelector(sel); return i && i.src.includes(part); }",
        arg=[f"[data-testid={target}] img", expect], timeout=TIMEOUT_MS,
    )
    return _image_src(page, target)


def test_profile_journey(browser, app_url, app_data_dir, screenshots_dir, tmp_path, browser_errors):
    _create_account(app_data_dir)
    avatar_file, cover_file = tmp_path / "avatar.png", tmp_path / "cover.jpg"
    avatar_file.write_bytes(images.png(600, 400, color=(230, 80, 140)))
    cover_file.write_bytes(images.jpeg_with_metadata(1800, 700))

    owner = browser.new_context(viewport=DESKTOP)
    page = owner.new_page()
    # Private page: strangers are sent to sign in first, then come back.
    page.goto(app_url + "/settings")
    page.wait_for_url(re.compile(r"/signin\?next=/settings$"), timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=save-profile]").count() == 0
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/settings$"), timeout=TIMEOUT_MS)

    page.get_by_label("First name").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_label("Date of birth").input_value() == "1991-12-10"
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Phone").fill("12")
    page.locator("[data-testid=save-profile]").click()
    page.get_by_role("alert").filter(has_text="phone number").wait_for(timeout=TIMEOUT_MS)
    page.get_by_label("Phone").fill("(650) 253-0000")
    page.locator("[data-testid=save-profile]").click()
    page.get_by_text("Your profile is saved.").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => document.getElementById('phone')?.value === '+16502530000'", timeout=TIMEOUT_MS
    )

    avatar_src = _upload(page, "avatar", avatar_file, "/api/v1/media/avatars/")
    cover_src = _upload(page, "cover", cover_file, "/api/v1/media/images/")

    page.get_by_label("Stage name").fill("Ada Waves")
    page.get_by_role("button", name="Become an artist").click()
    page.get_by_role("link", name="Open artist page").wait_for(timeout=TIMEOUT_MS)
    settle(page)
    page.screenshot(path=str(screenshots_dir / "settings-profile-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    settle(page)
    page.screenshot(path=str(screenshots_dir / "settings-profile-phone.png"), full_page=True)
    owner.close()

    # A stranger (fresh context, no cookie) sees the public page.
    stranger = browser.new_context(viewport=DESKTOP)
    page = stranger.new_page()
    page.goto(f"{app_url}/user/{USERNAME}")
    page.locator("[data-testid=profile-name]").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=profile-name]").inner_text() == "Ada Lovelace"
    assert _image_src(page, "profile-avatar") == avatar_src
    assert _image_src(page, "profile-cover") == cover_src
    artist_link = page.locator("[data-testid=profile-artist-link]")
    assert "Ada Waves" in artist_link.inner_text()
    assert artist_link.get_attribute("href") == "/artist/ada-waves"
    content = page.content()
    for secret in (EMAIL, "+16502530000", "1991-12-10", "6502530000"):
        assert secret not in content
    page.wait_for_function("() => document.title.startsWith('Ada Lovelace')", timeout=TIMEOUT_MS)
    settle(page)
    page.screenshot(path=str(screenshots_dir / "user-profile-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    settle(page)
    page.screenshot(path=str(screenshots_dir / "user-profile-phone.png"), full_page=True)

    browser_errors.expect_404("/user/nobody-like-this")  # the document itself is served as 404
    page.goto(f"{app_url}/user/nobody-like-this")
    page.locator("[data-testid=not-found]").wait_for(timeout=TIMEOUT_MS)
    stranger.close()
