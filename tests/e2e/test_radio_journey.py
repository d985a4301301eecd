"""A listener starts radio from an artist page, hears the queue refill without repeats while
skipping through it, sees "Radio: <artist>" in the queue, and a second listener opens the
shared radio address and hears the same kind of station at once; "My radio" starts from Home.

Against the production build with the demo catalog and no trained engine (popularity and
genre fallback). Screenshots (desktop and phone) go to ``/tmp/reports/radio/``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, page_shots, server_db, settle, sign_in, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "radio-all-night-42"
REPORTS = Path("/tmp/reports/radio")
SKIPS = 14  # more than the first batch of ten: the queue must refill on the way


def _account(data_dir, email: str, username: str) -> None:
    with server_db(data_dir) as session:
        verified_account(session, email=email, username=username, password=PASSWORD, first_name="Rae",
                         last_name="Dio", date_of_birth=date(1995, 3, 1))


def _artist(data_dir) -> tuple[str, str]:
    from spoticlone.models import ArtistProfile

    with server_db(data_dir) as session:
        artist = session.exec(select(ArtistProfile).order_by(col(ArtistProfile.id))).first()
        return artist.slug, artist.stage_name


def _now_playing(page) -> str:
    return page.locator("[data-testid=radio-now] a").first.get_attribute("href") or ""


def _shots(page, screenshots_dir: Path, name: str) -> list[str]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    overflow = page_shots(page, REPORTS, name)
    page_shots(page, screenshots_dir, name)
    return overflow


def test_radio_from_an_artist_refills_without_repeats_and_shares(browser, app_url, app_data_dir, screenshots_dir):
    slug, name = _artist(app_data_dir)
    _account(app_data_dir, "radio.one@example.com", "radio_one")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, app_url, "radio.one@example.com", PASSWORD)

    page.goto(app_url + f"/artist/{slug}")
    page.get_by_test_id("start-radio").wait_for(timeout=TIMEOUT_MS)
    assert _shots(page, screenshots_dir, "radio-start-on-artist") == []
    page.set_viewport_size(DESKTOP)
    page.get_by_test_id("start-radio").click()
    page.wait_for_url(re.compile(rf"/radio/artist/{re.escape(slug)}$"), timeout=TIMEOUT_MS)
    page.get_by_test_id("radio-title").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("radio-title").inner_text().strip() == name
    page.locator("[data-testid=radio-now]").wait_for(timeout=TIMEOUT_MS)
    page.get_by_test_id("player-title").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("radio-row").count() >= 3
    settle(page)
    assert _shots(page, screenshots_dir, "radio-artist") == []

    page.set_viewport_size(DESKTOP)
    heard = [_now_playing(page)]
    for _ in range(SKIPS):
        page.get_by_test_id("radio-skip").click()
        page.wait_for_function(
            "(before) => { const a = document.querySelector('[data-testid=radio-now] a');"
            " return a && a.getAttribute('href') !== before; }", arg=heard[-1], timeout=TIMEOUT_MS)
        heard.append(_now_playing(page))
    assert len(heard) == len(set(heard)) == SKIPS + 1, heard
    assert page.get_by_test_id("radio-row").count() >= 2  # refilled before it ran out

    page.get_by_test_id("queue-toggle").click()
    page.get_by_test_id("queue-context").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("queue-context").inner_text().strip() == f"Radio: {name}"
    settle(page)
    page.screenshot(path=str(REPORTS / "radio-queue-desktop.png"))
    page.get_by_test_id("queue-toggle").click()

    page.goto(app_url + "/")
    page.get_by_test_id("my-radio").click()
    page.wait_for_url(re.compile(r"/radio$"), timeout=TIMEOUT_MS)
    page.get_by_test_id("radio-title").filter(has_text="Your taste").wait_for(timeout=TIMEOUT_MS)
    page.locator("[data-testid=radio-now]").wait_for(timeout=TIMEOUT_MS)
    settle(page)
    assert _shots(page, screenshots_dir, "radio-mine") == []
    context.close()

    _account(app_data_dir, "radio.two@example.com", "radio_two")
    friend = browser.new_context(viewport=DESKTOP)
    shared = friend.new_page()
    shared.goto(app_url + f"/radio/artist/{slug}")
    shared.wait_for_url(re.compile(r"/signin"), timeout=TIMEOUT_MS)  # radio is personal: sign in first
    sign_in(shared, app_url, "radio.two@example.com", PASSWORD)
    shared.goto(app_url + f"/radio/artist/{slug}")
    shared.get_by_test_id("radio-title").wait_for(timeout=TIMEOUT_MS)
    assert shared.get_by_test_id("radio-title").inner_text().strip() == name
    shared.locator("[data-testid=radio-now]").wait_for(timeout=TIMEOUT_MS)
    shared.get_by_test_id("player-title").wait_for(timeout=TIMEOUT_MS)
    friend.close()
