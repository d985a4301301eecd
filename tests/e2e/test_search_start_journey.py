"""The empty Search page: genre tiles for everyone, recent searches for a signed-in listener.

A visitor sees only the tiles. A listener opens /search (tiles, no list yet), searches,
presses Enter, leaves, comes back and finds the search at the top of "Recent searches",
picks it to run it again, and clears the list, which stays cleared after a reload. A
query that looks like HTML (written into the list beforehand) shows as plain text.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from spoticlone import routes
from tests.e2e.helpers import PHONE, TIMEOUT_MS, server_db, settle, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "tiles-and-history-42"
EMAIL = "sam.search@example.com"
USERNAME = "sam_search"
HOSTILE = '<img src=x onerror="window.__pwned=1">'
WIDE = {"width": 1280, "height": 860}


def _prepare(data_dir) -> None:
    from spoticlone.models import RecentSearch

    with server_db(data_dir) as session:
        user = verified_account(session, email=EMAIL, username=USERNAME, password=PASSWORD,
                                date_of_birth=date(1991, 2, 3))
        session.add(RecentSearch(user_id=user.id, query=HOSTILE, query_key=HOSTILE.casefold()))
        session.commit()


def _box(page):
    return page.locator("[data-testid=search-input] input, input[data-testid=search-input]").first


def _open_empty_search(page, app_url) -> None:
    page.goto(app_url + routes.SEARCH)
    page.locator("[data-testid=search-genres] [data-testid=genre-tile]").first.wait_for(timeout=TIMEOUT_MS)


def _shots(page, screenshots_dir, name: str) -> None:
    """Full-page pictures at 1280 and 390 px wide; ends at 1280."""
    for label, size in (("desktop", WIDE), ("phone", PHONE)):
        page.set_viewport_size(size)
        settle(page)
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshots_dir / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(WIDE)


def _recent(page) -> list[str]:
    return page.locator("[data-testid=recent-search]").all_inner_texts()


def test_empty_search_tiles_and_recent_searches(browser, app_url, app_data_dir, screenshots_dir):
    _prepare(app_data_dir)

    # A visitor: genre tiles that lead to the genre, and no recent searches.
    visitor = browser.new_context(viewport=WIDE)
    page = visitor.new_page()
    _open_empty_search(page, app_url)
    tiles = page.locator("[data-testid=search-genres] [data-testid=genre-tile]")
    assert tiles.count() >= 3
    assert page.locator("[data-testid=recent-searches]").count() == 0
    first = tiles.first.locator("span").first.inner_text()
    tiles.first.click()
    page.wait_for_url(re.compile(r"/genre/"), timeout=TIMEOUT_MS)
    page.get_by_role("heading", name=first).first.wait_for(timeout=TIMEOUT_MS)
    visitor.close()

    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.goto(app_url + routes.SIGN_IN)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("[data-testid=account-menu]:visible").wait_for(timeout=TIMEOUT_MS)

    # Signed in: the list (only the earlier entry, as text, not markup) above the tiles.
    _open_empty_search(page, app_url)
    page.locator("[data-testid=recent-search]").first.wait_for(timeout=TIMEOUT_MS)
    assert _recent(page) == [HOSTILE]
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[data-testid=recent-searches] img").count() == 0

    # Typing searches as you go but remembers nothing; Enter does.
    box = _box(page)
    box.fill("kettl")
    page.locator("[data-testid=track-row]", has_text="Kettle Song").first.wait_for(timeout=TIMEOUT_MS)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=kettl$"), timeout=TIMEOUT_MS)

    # Leave, come back to an empty Search page: the search is at the top.
    page.get_by_role("link", name="Home").first.click()
    page.wait_for_url(re.compile(r"/$"), timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Search").first.click()
    page.wait_for_url(re.compile(r"/search$"), timeout=TIMEOUT_MS)
    page.locator("[data-testid=recent-search]", has_text="kettl").wait_for(timeout=TIMEOUT_MS)
    assert _recent(page) == ["kettl", HOSTILE]
    assert page.locator("[data-testid=search-genres] [data-testid=genre-tile]").count() >= 3
    _shots(page, screenshots_dir, "search-start")

    # Picking it runs it again.
    page.locator("[data-testid=recent-search]", has_text="kettl").click()
    page.locator("[data-testid=track-row]", has_text="Kettle Song").first.wait_for(timeout=TIMEOUT_MS)
    assert _box(page).input_value() == "kettl"
    page.wait_for_url(re.compile(r"/search\?q=kettl$"), timeout=TIMEOUT_MS)

    # Back to the empty page; Clear empties the list, for good.
    _box(page).fill("")
    page.locator("[data-testid=recent-clear]").click()
    page.locator("[data-testid=recent-searches]").wait_for(state="detached", timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=search-genres] [data-testid=genre-tile]").count() >= 3
    page.reload()
    page.locator("[data-testid=search-genres] [data-testid=genre-tile]").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=recent-searches]").count() == 0
    context.close()

