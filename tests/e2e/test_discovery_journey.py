"""A new listener picks tastes, sees "Made for you" on Home, opens a mix, plays it, hides a
track, saves the mix as a playlist, and finds "Fans also like" on an artist page and
"Similar tracks" on a track page.

Against the real production build with the demo catalog and no trained engine, so the
picks come from popularity and taste picks: the UI must make sense then too. Screenshots
(desktop and phone) go to ``/tmp/reports/H2/`` and ``screenshots/``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, page_shots, server_db, settle, sign_in, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "mixes-for-me-42"
EMAIL = "mix.listener@example.com"
REPORTS = Path("/tmp/reports/H2")


def _create_account(data_dir) -> None:
    with server_db(data_dir) as session:
        verified_account(session, email=EMAIL, username="mix_listener", password=PASSWORD, first_name="Mia",
                         last_name="Mixer", date_of_birth=date(1996, 6, 1))


def _shots(page, screenshots_dir: Path, name: str) -> list[str]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    overflow = page_shots(page, REPORTS, name)
    page_shots(page, screenshots_dir, name)
    return overflow


def _first_artist_slug(data_dir) -> str:
    from spoticlone.models import ArtistProfile

    with server_db(data_dir) as session:
        return session.exec(select(ArtistProfile.slug).order_by(col(ArtistProfile.id))).first()


def test_new_listener_gets_made_for_you_mixes(browser, app_url, app_data_dir, screenshots_dir):
    _create_account(app_data_dir)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, app_url, EMAIL, PASSWORD)

    page.goto(app_url + "/")
    banner = page.get_by_test_id("tastes-banner")
    banner.wait_for(timeout=TIMEOUT_MS)
    page.get_by_test_id("pick-tastes").click()
    page.wait_for_url(re.compile(r"/welcome/tastes$"), timeout=TIMEOUT_MS)
    chips = page.get_by_test_id("taste-chip")
    chips.first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("tastes-done").is_disabled()
    chips.nth(0).click()
    chips.nth(chips.count() - 1).click()
    page.get_by_text("2 picked").wait_for(timeout=TIMEOUT_MS)
    assert chips.nth(0).get_attribute("aria-pressed") == "true"
    _shots(page, screenshots_dir, "discovery-tastes")
    page.get_by_test_id("tastes-done").click()
    page.wait_for_url(re.compile(r"/$"), timeout=TIMEOUT_MS)

    page.get_by_test_id("tastes-banner").wait_for(state="detached", timeout=TIMEOUT_MS)  # tastes picked
    cards = page.get_by_test_id("mix-card")
    cards.first.wait_for(timeout=TIMEOUT_MS)
    titles = [t.strip() for t in page.locator("[data-testid=mix-card] .sc-card-title").all_inner_texts()]
    assert 3 <= len(titles) <= 8 and titles[-2:] == ["Discover Weekly", "Release Radar"]
    page.get_by_test_id("discover-row").wait_for(timeout=TIMEOUT_MS)
    assert _shots(page, screenshots_dir, "discovery-home") == []

    page.locator("[data-testid=mix-card]", has_text="Discover Weekly").first.click()
    page.wait_for_url(re.compile(r"/mix/discover-weekly$"), timeout=TIMEOUT_MS)
    page.get_by_test_id("mix-title").wait_for(timeout=TIMEOUT_MS)
    rows = page.get_by_test_id("track-row")
    rows.first.wait_for(timeout=TIMEOUT_MS)
    before = rows.count()
    hidden = rows.first.get_by_test_id("track-title").inner_text()
    page.get_by_test_id("not-interested").first.click()
    page.get_by_test_id("mix-notice").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=track-row]').length === {before - 1}",
                           timeout=TIMEOUT_MS)
    assert hidden not in page.get_by_test_id("track-title").all_inner_texts()
    page.get_by_test_id("play-context").click()
    page.locator(".sc-track-row.sc-current").first.wait_for(timeout=TIMEOUT_MS)
    settle(page)
    assert _shots(page, screenshots_dir, "discovery-mix") == []
    page.get_by_test_id("mix-save").click()
    page.get_by_text("Saved to your library").wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Open it").click()
    page.wait_for_url(re.compile(r"/playlist/\d+-discover-weekly"), timeout=TIMEOUT_MS)
    page.get_by_test_id("playlist-title").wait_for(timeout=TIMEOUT_MS)

    page.goto(app_url + f"/artist/{_first_artist_slug(app_data_dir)}")
    page.get_by_test_id("fans-also-like").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=fans-also-like] [data-testid=artist-card]").count() >= 1
    page.locator("[data-testid=track-title]").first.click()
    page.wait_for_url(re.compile(r"/track/\d+-"), timeout=TIMEOUT_MS)
    page.get_by_test_id("similar-tracks").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=similar-tracks] [data-testid=track-row]").count() >= 1
    context.close()
