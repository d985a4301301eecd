"""The journeys' error watch sees what it must fail on, and lets an announced 404 through."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_uncaught_and_console_errors_are_collected_but_an_expected_404_is_not(browser, app_url, browser_errors):
    page = browser.new_page()
    try:
        browser_errors.expect_404("/announced-missing.png")
        page.set_content(
            f'<img src="{app_url}/announced-missing.png" alt="">'
            "<script>console.error('a loud failure'); setTimeout(() => { throw new Error('boom') });</script>"
        )
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # the thrown error runs after the load
        page.evaluate("() => 1")  # events queued before this answer have been delivered
        collected = list(browser_errors.errors)
        browser_errors.errors.clear()  # this journey's errors are on purpose
    finally:
        page.close()
    assert any("a loud failure" in line for line in collected), collected
    assert any("uncaught" in line and "boom" in line for line in collected), collected
    assert not any("announced-missing" in line for line in collected), collected
