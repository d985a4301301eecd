"""Home's featured artists are never empty grey circles, on desktop or phone.

Each artist picture draws the artist's initials on a colour of their own, and the
portrait covers it once it has loaded; a portrait still loading lazily below the fold
(or one that failed) leaves the initials showing.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import PHONE, TIMEOUT_MS, settle

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1280, "height": 800}
PICTURES = "[data-testid=artist-card] [data-testid=artist-picture]"


def _pictures(page) -> list[dict]:
    return page.eval_on_selector_all(PICTURES, """boxes => boxes.map(box => {
        const initials = box.querySelector('span');
        const img = box.querySelector('img');
        return {
            label: box.getAttribute('aria-label'),
            initials: initials ? initials.textContent : '',
            background: getComputedStyle(box).backgroundColor,
            portrait: img ? {loaded: img.complete && img.naturalWidth > 0,
                             covers: img.getBoundingClientRect().width >= box.getBoundingClientRect().width - 1}
                          : null,
        };
    })""")


@pytest.mark.parametrize(("viewport", "name"), [(LAPTOP, "desktop"), (PHONE, "phone")])
def test_featured_artists_show_initials_until_their_portrait_covers_them(
        browser, app_url, screenshots_dir, viewport, name):
    page = browser.new_page(viewport=viewport)
    page.goto(app_url + "/")
    page.locator(PICTURES).first.wait_for(timeout=TIMEOUT_MS)
    before = _pictures(page)
    assert before
    for picture in before:
        assert picture["label"] and picture["initials"].strip() not in ("", "?"), picture
        assert picture["background"] not in ("rgba(0, 0, 0, 0)", "rgb(51, 51, 51)"), picture
    settle(page)  # every lazy portrait loads, as it does when the listener scrolls to it
    for picture in _pictures(page):
        assert picture["portrait"] is not None, picture  # the demo artists all have portraits
        assert picture["portrait"]["loaded"] and picture["portrait"]["covers"], picture
    # Loaded is not yet painted: a full-page shot taken before the portraits are decoded
    # shows what is under them (this placeholder; an empty grey circle before it existed).
    page.evaluate("Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)))")
    page.screenshot(path=str(screenshots_dir / f"home-featured-artists-{name}.png"), full_page=True)
    page.close()
