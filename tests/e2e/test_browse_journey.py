"""A listener browses Home → artist → album in a real browser, on desktop and phone."""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import DESKTOP, PHONE, TIMEOUT_MS, settle

pytestmark = pytest.mark.e2e


def _image_loaded(page, selector: str) -> bool:
    page.wait_for_function(
        "(sel) => { const i = document.querySelector(sel); return i && i.complete; }",
        arg=selector, timeout=TIMEOUT_MS,
    )
    return page.eval_on_selector(selector, "img => img.naturalWidth") > 0


def test_home_artist_album_journey(browser, app_url, screenshots_dir):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(app_url + "/")
    page.locator("[data-testid=artist-card]").first.wait_for(timeout=TIMEOUT_MS)
    assert "Spoticlone" in page.title()
    settle(page)
    page.screenshot(path=str(screenshots_dir / "home-desktop.png"))

    artist_name = page.locator("[data-testid=artist-card] .sc-card-title").first.inner_text()
    page.locator("[data-testid=artist-card]").first.click()
    page.wait_for_url(re.compile(r"/artist/"), timeout=TIMEOUT_MS)
    page.get_by_role("heading", name=artist_name).wait_for(timeout=TIMEOUT_MS)

    page.locator("[data-testid=album-card]").first.click()
    page.wait_for_url(re.compile(r"/album/\d+-"), timeout=TIMEOUT_MS)
    title = page.locator("[data-testid=album-title]")
    title.wait_for(timeout=TIMEOUT_MS)
    album_title = title.inner_text()
    assert page.locator("[data-testid=track-row]").count() >= 1
    assert _image_loaded(page, "[data-testid=album-cover] img")
    page.wait_for_function(
        "(t) => document.title.startsWith(t)", arg=album_title, timeout=TIMEOUT_MS
    )
    assert page.title().endswith("| Spoticlone")
    # A signed-out visitor (someone who followed a shared link) is invited to sign up,
    # and signing in from here comes back to this album.
    prompt = page.get_by_test_id("signup-prompt")
    prompt.filter(has_text="Sign up to save this album").wait_for(timeout=TIMEOUT_MS)
    assert prompt.get_by_role("link", name="Sign up free").get_attribute("href") == "/signup"
    sign_in_href = prompt.get_by_role("link", name="Sign in").get_attribute("href")
    assert sign_in_href == "/signin?next=" + page.url.removeprefix(app_url)
    settle(page)
    page.screenshot(path=str(screenshots_dir / "album-desktop.png"))

    album_url = page.url
    phone = browser.new_page(viewport=PHONE)
    phone.goto(app_url + "/")
    phone.locator("[data-testid=album-card]").first.wait_for(timeout=TIMEOUT_MS)
    assert phone.locator(".sc-bottomnav").is_visible()
    assert not phone.locator(".sc-sidebar").is_visible()
    settle(phone)
    phone.screenshot(path=str(screenshots_dir / "home-phone.png"))
    phone.goto(album_url)
    phone.locator("[data-testid=track-row]").first.wait_for(timeout=TIMEOUT_MS)
    assert _image_loaded(phone, "[data-testid=album-cover] img")
    settle(phone)
    phone.screenshot(path=str(screenshots_dir / "album-phone.png"))
    phone.close()
    page.close()


@pytest.mark.parametrize("path", ["/album/999999-nope", "/album/garbage", "/no-such-page"])
def test_unknown_urls_show_not_found(browser, app_url, path, browser_errors):
    browser_errors.expect_404(path)  # the document itself is served as 404
    page = browser.new_page(viewport=DESKTOP)
    page.goto(app_url + path)
    page.locator("[data-testid=not-found]").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=track-row]").count() == 0
    page.close()
