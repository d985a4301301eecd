"""``settle`` waits for pictures to be decoded, not only loaded, before a full-page screenshot.

A blank page of the journeys' shared Chromium (nothing is loaded from the server): each
image's ``decode()`` is replaced by one that resolves a moment later and marks the image,
so a ``settle`` that returned on load alone leaves the marks unset. A broken picture and
one whose decode never ends must not hold ``settle`` forever.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.helpers import settle

pytestmark = pytest.mark.e2e

PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
         "DwAEhQGAhKmMIQAAAABJRU5ErkJggg==")

SLOW_DECODE = """() => {
    const decode = HTMLImageElement.prototype.decode;
    HTMLImageElement.prototype.decode = function () {
        if (this.dataset.hang) return new Promise(() => {});
        return decode.call(this).then(() => new Promise(done => setTimeout(() => {
            this.dataset.decoded = "yes";
            done();
        }, 300)));
    };
}"""


@pytest.fixture
def bare_page(browser) -> Iterator:
    """A blank page of the journeys' shared Chromium (a second sync Playwright cannot run beside it)."""
    page = browser.new_page()
    yield page
    page.close()


def test_settle_waits_for_every_picture_to_decode_and_skips_broken_ones(bare_page):
    bare_page.set_content(f'<img class="good" src="{PIXEL}" alt=""><img class="good" src="{PIXEL}" alt="" '
                          f'style="margin-top: 3000px"><img src="data:image/png;base64,AAAA" alt="">')
    bare_page.evaluate(SLOW_DECODE)
    settle(bare_page)
    assert bare_page.evaluate("Array.from(document.querySelectorAll('img.good'), i => i.dataset.decoded)") == [
        "yes", "yes"]


def test_a_picture_that_never_decodes_does_not_hold_settle_forever(bare_page):
    bare_page.set_content(f'<img class="good" src="{PIXEL}" alt=""><img data-hang="1" src="{PIXEL}" alt="">')
    bare_page.evaluate(SLOW_DECODE)
    settle(bare_page, decode_timeout_ms=1_000)
    assert bare_page.evaluate("document.querySelector('img.good').dataset.decoded") == "yes"
