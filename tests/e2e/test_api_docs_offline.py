"""Swagger UI and ReDoc render the API with no network but loopback.

Every request whose host is not the local server is aborted (as on a machine with
no internet) and recorded; both pages must still render the operations, and none
may have tried to leave the machine (no CDN script, no Google font, no validator).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
OPERATION = "/api/v1/tracks"


@pytest.fixture
def offline_page(browser, browser_errors):
    # No expected console errors: ReDoc's "Redocly" badge image (cdn.redoc.ly) is cut from
    # the bundle we serve, so img-src has nothing to block and browser_errors stays empty.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def only_loopback(route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_loopback)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, outside, errors
    context.close()


def test_swagger_ui_renders_offline(offline_page, app_url, screenshots_dir):
    page, outside, errors = offline_page
    page.goto(app_url + "/api/docs")
    operation = page.locator(f".opblock-summary-path[data-path='{OPERATION}']")
    operation.first.wait_for(timeout=TIMEOUT_MS)
    assert page.locator(".opblock").count() > 10
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots_dir / "api-docs-offline.png"))
    assert outside == [], outside
    assert errors == [], errors


def test_redoc_renders_offline(offline_page, app_url, screenshots_dir):
    page, outside, errors = offline_page
    page.goto(app_url + "/api/redoc")
    # ReDoc lists every operation's path in its request panel.
    page.get_by_text(OPERATION, exact=True).first.wait_for(state="attached", timeout=TIMEOUT_MS)
    page.locator("[role=menuitem]").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots_dir / "api-redoc-offline.png"))
    assert outside == [], outside
    assert errors == [], errors
