"""A listener searches as they type, and a shared /search?q=... link shows the same hits."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 30_000


def test_search_as_you_type_and_shared_link(browser, app_url, screenshots_dir):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(app_url + "/")
    page.get_by_role("link", name="Search").first.click()
    page.wait_for_url(re.compile(r"/search"), timeout=TIMEOUT_MS)
    box = page.locator("[data-testid=search-input] input, input[data-testid=search-input]").first
    box.wait_for(timeout=TIMEOUT_MS)
    box.fill("kettl")
    page.locator("[data-testid=track-row]", has_text="Kettle Song").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_url(re.compile(r"/search\?q=kettl$"), timeout=TIMEOUT_MS)

    page.goto(app_url + "/search?q=holow%20pines")  # a shared link, with a typo
    page.locator("[data-testid=artist-card]", has_text="Hollow Pines").first.wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=track-row]").count() >= 1
    assert box.input_value() == "holow pines"
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots_dir / "search-desktop.png"))

    page.goto(app_url + "/search?q=zzqxv")
    page.locator("[data-testid=search-empty]").wait_for(timeout=TIMEOUT_MS)
    assert "No results for" in page.locator("[data-testid=search-empty]").inner_text()
    page.close()
