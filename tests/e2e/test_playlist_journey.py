"""A listener likes a song, makes a playlist, fills and reorders it, publishes it and shares it.

Against the real production build (``app_url``): sign up with the emailed code, like a
song on an album page, create a playlist from a track row's "..." menu, add a second
song, reorder by drag and drop and with the keyboard, make it public in the edit
dialog, then open the share link in a fresh anonymous browser context and see the
songs in the new order with the sign-up prompt. Screenshots of the playlist page
(desktop and phone) go to ``screenshots/playlist-*.png``.
"""

from __future__ import annotations

import re
import secrets

import pytest

from spoticlone import routes
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, code_for, ready, shots
from tests.e2e.test_account_journey import PASSWORD

pytestmark = pytest.mark.e2e


def _sign_up(page, app_url: str, outbox) -> str:
    username = f"mixer_{secrets.token_hex(3)}"
    email = f"{username}@example.com"
    page.goto(app_url + routes.SIGN_UP)
    ready(page)
    page.locator("#email").fill(email)
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("#date_of_birth").fill("1998-05-06")
    page.get_by_role("button", name="Sign up", exact=True).click()
    page.wait_for_url(re.compile(r"/verify\?request="))
    page.locator("#code").fill(code_for(outbox, email))
    page.get_by_role("button", name="Verify and sign in").click()
    page.wait_for_url(app_url + "/")
    page.locator(".sc-main-top [data-testid=account-menu]").wait_for()
    return username


def _album_with_two_songs(page, app_url: str) -> dict:
    albums = page.request.get(app_url + "/api/v1/albums?page_size=50").json()["items"]
    return next(a for a in albums if a["track_count"] >= 2)


def _add_to_playlist(page, title: str, choice: str | None) -> None:
    """Open the row menu of ``title`` and add it to ``choice`` (None: a new playlist)."""
    page.get_by_role("button", name=f"More options for {title}", exact=True).first.click()
    page.get_by_role("menuitem", name="Add to playlist").click()
    if choice is not None:
        page.get_by_role("menuitem", name=choice, exact=True).wait_for()
        page.screenshot(path=str(SCREENSHOTS / "playlist-add-menu-desktop.png"))
    if choice is None:
        page.get_by_role("menuitem", name="New playlist").click()
    else:
        page.get_by_role("menuitem", name=choice, exact=True).click()


def _titles(page) -> list[str]:
    return page.locator("[data-testid=playlist-item] [data-testid=track-title]").all_inner_texts()


def _wait_order(page, expected: list[str]) -> None:
    page.wait_for_function(
        "(want) => JSON.stringify([...document.querySelectorAll("
        "'[data-testid=playlist-item] [data-testid=track-title]')].map(e => e.textContent)) === JSON.stringify(want)",
        arg=expected, timeout=TIMEOUT_MS,
    )


def test_like_create_fill_reorder_publish_and_share(browser, app_url, app_data_dir, screenshots_dir):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    _sign_up(page, app_url, app_data_dir / "outbox")

    # Like a song on an album page.
    album = _album_with_two_songs(page, app_url)
    detail = page.request.get(app_url + f"/api/v1/albums/{album['id']}").json()
    first, second = (t["title"] for t in detail["tracks"][:2])
    page.goto(app_url + album["url"])
    ready(page)
    row = page.locator("[data-testid=track-row]").filter(has_text=first).first
    row.hover()
    row.get_by_role("button", name="Save to Liked Songs").click()
    row.get_by_role("button", name="Remove from Liked Songs").wait_for()

    # Create a playlist from the first song's menu ("New playlist" names it after the song), add the second.
    _add_to_playlist(page, first, None)
    page.get_by_text(f"Added to {first}").first.wait_for()
    _add_to_playlist(page, second, first)
    page.get_by_text(f"Added to {first}").first.wait_for()

    # Open it (the library API names its address).
    library = page.request.get(app_url + "/api/v1/me/library?kind=playlist").json()["items"]
    url = next(i["url"] for i in library if i["title"] == first)
    page.goto(app_url + url)
    ready(page)
    page.get_by_test_id("playlist-title").filter(has_text=first).wait_for()
    page.get_by_test_id("badge-private").wait_for()
    _wait_order(page, [first, second])

    # Reorder: drag the second song above the first, then the keyboard alternative both ways.
    items = page.get_by_test_id("playlist-item")
    items.nth(1).drag_to(items.nth(0))
    _wait_order(page, [second, first])
    page.get_by_role("button", name=f"Move {first} up").focus()
    page.keyboard.press("Enter")
    _wait_order(page, [first, second])
    page.get_by_role("button", name=f"Move {first} down").focus()
    page.keyboard.press("Enter")
    _wait_order(page, [second, first])

    # Make it public in the edit dialog.
    page.get_by_test_id("playlist-edit").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#pl-description").fill("Songs for the night bus")
    dialog.locator("#pl-visibility").select_option("public")
    page.screenshot(path=str(SCREENSHOTS / "playlist-edit-desktop.png"))
    dialog.get_by_test_id("playlist-save").click()
    page.get_by_test_id("badge-public").wait_for()
    page.get_by_test_id("playlist-description").filter(has_text="Songs for the night bus").wait_for()
    page.get_by_role("button", name="Share").first.wait_for()
    shots(page, screenshots_dir, "playlist")
    share_link = page.url
    assert share_link.startswith(app_url + "/playlist/")

    # A fresh anonymous browser opens the share link and sees the songs in the new order.
    stranger = browser.new_context(viewport=DESKTOP)
    anon = stranger.new_page()
    anon.set_default_timeout(TIMEOUT_MS)
    response = anon.goto(share_link)
    assert response.status == 200
    assert f'content="{first}"' in response.text()  # the served HTML previews the playlist (og:title)
    ready(anon)
    anon.get_by_test_id("playlist-title").filter(has_text=first).wait_for()
    _wait_order(anon, [second, first])
    anon.get_by_test_id("signup-prompt").filter(has_text="Sign up to save this playlist").wait_for()
    assert anon.get_by_test_id("playlist-edit").count() == 0
    assert anon.get_by_role("button", name=f"Move {first} up").count() == 0
    shots(anon, screenshots_dir, "playlist-anonymous")

    # Browse public playlists lists it.
    anon.goto(app_url + routes.PLAYLISTS + "?order=newest")
    ready(anon)
    anon.get_by_test_id("playlist-card").filter(has_text=first).first.wait_for()
    shots(anon, screenshots_dir, "playlist-browse")
    stranger.close()
    context.close()
