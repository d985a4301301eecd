"""Charts, follows, ratings and the share menu in a real browser against the production build.

A visitor opens /charts, switches tabs and period (the URL follows), then signs in,
follows the top artist from their page, rates a song and opens the song's share menu,
whose X link must carry the song's encoded public URL.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

import pytest
from sqlmodel import select

from spoticlone import routes
from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, server_db, settle, shots, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "charts-and-stars-42"
USERNAME = "cleo_charts"
EMAIL = "cleo.charts@example.com"
OTHER = "dora_lists"


def _prepare(data_dir) -> None:
    """A verified account, and a week of chart plays for the demo songs.

    Plays are written to the chart aggregate the way ``record_play`` does, so the page
    shows a realistic chart without playing 30 seconds of every song in the browser.
    """
    from spoticlone.models import ChartDaily, Playlist, PlaylistVisibility, Track, TrackStatus, User

    with server_db(data_dir) as session:
        verified_account(session, email=EMAIL, username=USERNAME, password=PASSWORD,
                         date_of_birth=date(1994, 5, 6))
        dora = User(email="dora@example.com", username=OTHER, first_name="Dora", last_name="Lists",
                    email_verified=True)
        session.add(dora)
        session.flush()
        session.add(Playlist(owner_id=dora.id, name="Sunday Morning", slug="sunday-morning",
                             visibility=PlaylistVisibility.PUBLIC))
        tracks = session.exec(select(Track).where(Track.status == TrackStatus.PUBLISHED)
                              .order_by(Track.id)).all()
        today = datetime.now(UTC).date()
        for n, track in enumerate(tracks):
            plays = (len(tracks) - n) * 7 % 53 + 3
            session.add(ChartDaily(day=today, track_id=track.id, plays=plays))
            session.add(ChartDaily(day=today - timedelta(days=20), track_id=track.id, plays=n % 5 + 1))
        session.commit()


def _titles(page) -> list[str]:
    return page.locator("[data-testid=chart-title]").all_inner_texts()


FIGURES = re.compile(r"^([\d,]+) plays? · ([\d,]+) likes?(?: · ratings ([+−])([\d.,]+))?$")


def _check_row_numbers(page) -> None:
    """Every row shows its score and the plays, likes and rating points that add up to it."""
    rows = page.locator("[data-testid=chart-row]")
    assert rows.count() > 0
    for n in range(rows.count()):
        figures = rows.nth(n).locator("[data-testid=chart-figures]").inner_text()
        match = FIGURES.match(figures)
        assert match, f"row {n + 1} does not say what it is ranked by: {figures!r}"
        plays, likes = (int(g.replace(",", "")) for g in match.group(1, 2))
        points = float(match.group(4).replace(",", "")) * (-1 if match.group(3) == "−" else 1) if match.group(3) else 0
        score = float(rows.nth(n).locator("[data-testid=chart-score] .sc-chart-figure").inner_text().replace(",", ""))
        assert score == plays + 3 * likes + points > 0


def test_charts_follow_rate_share(browser, app_url, app_data_dir, screenshots_dir):
    _prepare(app_data_dir)
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page = context.new_page()

    # Charts: songs this week by default, with the formula in the footnote.
    page.goto(app_url + routes.CHARTS)
    page.locator("[data-testid=chart-row]").first.wait_for(timeout=TIMEOUT_MS)
    songs = _titles(page)
    assert len(songs) >= 10
    assert "completed plays + 3 × likes + 2 × Σ(stars − 3)" in page.locator("[data-testid=chart-formula]").inner_text()
    assert page.locator("[data-testid=chart-play]").count() == len(songs)
    _check_row_numbers(page)
    shots(page, screenshots_dir, "charts-songs")
    page.set_viewport_size({"width": 1280, "height": 860})  # a common laptop width, too
    settle(page)
    page.screenshot(path=str(screenshots_dir / "charts-songs-1280.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    page.locator("[data-testid=chart-artists]").click()
    page.wait_for_url(re.compile(r"kind=artists"), timeout=TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('[data-testid=chart-heading]')"
                           "?.textContent.startsWith('Top artists')", timeout=TIMEOUT_MS)
    artists = _titles(page)
    assert 1 < len(artists) < len(songs) and page.locator("[data-testid=chart-play]").count() == 0
    page.locator("[data-testid=chart-all]").click()
    page.wait_for_url(re.compile(r"kind=artists&period=all"), timeout=TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('[data-testid=chart-heading]')"
                           "?.textContent.endsWith('all time')", timeout=TIMEOUT_MS)
    _check_row_numbers(page)
    shots(page, screenshots_dir, "charts-artists")
    all_time = _titles(page)
    page.locator("[data-testid=chart-genre]").click()
    page.get_by_role("option", name="Synthwave").click()
    page.wait_for_url(re.compile(r"kind=artists&period=all&genre=synthwave"), timeout=TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('[data-testid=chart-heading]')"
                           "?.textContent.includes('in Synthwave')", timeout=TIMEOUT_MS)
    in_genre = _titles(page)
    assert 0 < len(in_genre) < len(all_time) and set(in_genre) <= set(all_time)

    # Sign in, then follow the top artist from their page.
    page.goto(app_url + routes.SIGN_IN)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("[data-testid=account-menu]:visible").wait_for(timeout=TIMEOUT_MS)
    page.goto(app_url + routes.CHARTS + "?kind=artists&period=week")
    page.locator("[data-testid=chart-title]").first.wait_for(timeout=TIMEOUT_MS)
    page.locator("[data-testid=chart-title]").first.click()
    page.wait_for_url(re.compile(r"/artist/"), timeout=TIMEOUT_MS)
    follow = page.locator("[data-testid=follow-button]")
    follow.wait_for(timeout=TIMEOUT_MS)
    page.locator("[data-testid=artist-rank]").filter(has_text="#1 this week").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=artist-followers]").inner_text() == "0 followers"
    follow.click()
    page.wait_for_function("() => document.querySelector('[data-testid=follow-button]')?.textContent === 'Following'",
                           timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=artist-followers]").inner_text() == "1 follower"
    page.reload()
    page.wait_for_function("() => document.querySelector('[data-testid=follow-button]')?.textContent === 'Following'",
                           timeout=TIMEOUT_MS)
    shots(page, screenshots_dir, "charts-artist")

    # Rate a song from the artist's top tracks.
    page.locator("[data-testid=track-title]").first.click()
    page.wait_for_url(re.compile(r"/track/\d+-"), timeout=TIMEOUT_MS)
    track_path = re.sub(r"^https?://[^/]+", "", page.url)
    page.locator("[data-testid=star-4]").click()
    page.locator("[data-testid=rating-summary]").filter(has_text="4.0 · 1 rating").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=star-4]").get_attribute("aria-pressed") == "true"
    page.reload()
    page.locator("[data-testid=rating-summary]").filter(has_text="4.0 · 1 rating").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=star-4]").get_attribute("aria-pressed") == "true"
    shots(page, screenshots_dir, "charts-track")

    # Share: the X link carries the encoded public URL; Copy link copies it.
    page.locator("[data-testid=share-button]").click()
    x_link = page.locator("[data-testid=share-x]")
    x_link.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(400)  # let the menu's fade-in finish before the picture
    page.screenshot(path=str(screenshots_dir / "charts-share-menu-desktop.png"))
    href = x_link.get_attribute("href") or ""
    assert href.startswith("https://twitter.com/intent/tweet?url=")
    assert quote(app_url + track_path + "?ref=share", safe="") in href
    assert x_link.get_attribute("target") == "_blank" and "noopener" in (x_link.get_attribute("rel") or "")
    mail = page.locator("[data-testid=share-email]").get_attribute("href") or ""
    assert mail.startswith("mailto:?subject=") and quote(app_url + track_path, safe="") in mail
    page.locator("[data-testid=share-copy]").click()
    page.get_by_text("Link copied").wait_for(timeout=TIMEOUT_MS)
    # Shared links carry the marker that credits plays to "Share link" in the artist's analytics.
    assert page.evaluate("navigator.clipboard.readText()") == app_url + track_path + "?ref=share"

    # Follow another listener from their profile; the lists and the Home feed follow.
    page.goto(f"{app_url}/user/{OTHER}")
    follow_user = page.locator("[data-testid=follow-user]")
    follow_user.wait_for(timeout=TIMEOUT_MS)
    page.locator("[data-testid=profile-followers]").filter(has_text="0 followers").wait_for(timeout=TIMEOUT_MS)
    follow_user.click()
    page.locator("[data-testid=profile-followers]").filter(has_text="1 follower").wait_for(timeout=TIMEOUT_MS)
    assert follow_user.inner_text() == "Following"
    page.locator("[data-testid=profile-followers]").click()
    page.wait_for_url(re.compile(r"\?tab=followers"), timeout=TIMEOUT_MS)
    page.locator("[data-testid=person-card]").filter(has_text="@" + USERNAME).wait_for(timeout=TIMEOUT_MS)
    assert "Sunday Morning" in page.locator("main").inner_text()
    shots(page, screenshots_dir, "charts-profile")
    page.goto(f"{app_url}/user/{USERNAME}")
    page.locator("[data-testid=profile-following]").filter(has_text="1 following").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=follow-user]").count() == 0  # not on your own page

    page.goto(app_url + routes.HOME)
    feed = page.locator("section").filter(has_text="From artists and listeners you follow")
    feed.wait_for(timeout=TIMEOUT_MS)
    assert "Sunday Morning" in feed.inner_text()
    assert feed.locator("[data-testid=album-card]").count() >= 2  # the followed artist's releases
    shots(page, screenshots_dir, "charts-home-feed")
    context.close()
