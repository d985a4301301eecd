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
from datetime import date

import pytest

from spoticlone import routes
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.helpers import (
    DESKTOP,
    TIMEOUT_MS,
    code_for,
    ready,
    server_db,
    shots,
    sign_in,
    verified_account,
)

pytestmark = pytest.mark.e2e

PASSWORD = "listening in the rain"


def _sign_up(page, app_url: str, outbox) -> str:
    username = f"mixer_{secrets.token_hex(3)}"
    email = f"{username}@example.com"
    page.goto(app_url + routes.SIGN_UP)
    ready(page)
    page.locator("#email").fill(email)
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("#date_of_birth").fill("1998-05-06")
    page.locator("#accept_terms").check()
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


def test_like_create_fill_reorder_publish_and_share(browser, app_url, app_data_dir, screenshots_dir, browser_errors):
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
    # The private playlist's document is a 200 for its owner (a 404 only for everyone else).
    response = page.goto(app_url + url)
    assert response is not None and response.status == 200
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


def test_add_from_another_page_and_asked_before_a_second_copy(
    browser, app_url, app_data_dir, screenshots_dir, browser_errors
):
    """With a playlist page opened earlier in the tab, "Add to playlist" on an album page works
    (it once showed "An error occurred. Contact the website administrator."), and a song that
    is already in the playlist is only added again after "Add anyway"."""
    from sqlmodel import col, select

    from spoticlone.models import Album, Track, User
    from spoticlone.services.library.playlists import manage

    email = f"adder_{secrets.token_hex(3)}@example.com"
    with server_db(app_data_dir) as session:
        verified_account(session, email=email, username=email.split("@")[0], password=PASSWORD,
                         date_of_birth=date(1992, 2, 3))
        me = session.exec(select(User).where(User.email == email)).one()
        album = session.exec(select(Album).order_by(col(Album.id))).first()
        album_url = routes.album_url(album.id, album.slug)
        songs = session.exec(select(Track).where(Track.album_id == album.id).order_by(col(Track.track_number))).all()
        first, second = ((s.id, s.title) for s in songs[:2])
        trip = manage.create_playlist(session, actor=me, name="Road trip")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        sign_in(page, app_url, email, PASSWORD)
        page.goto(app_url + trip.url)
        page.get_by_test_id("playlist-title").filter(has_text="Road trip").wait_for()
        page.goto(app_url + album_url)
        page.get_by_test_id("album-title").wait_for()
        _add_to_playlist(page, second[1], "Road trip")
        page.get_by_text("Added to Road trip").first.wait_for()
        _wait_rows(app_data_dir, trip.id, [second[0]])
        _add_to_playlist(page, first[1], "Road trip")
        _wait_rows(app_data_dir, trip.id, [second[0], first[0]])

        # The same song again: asked first; "Don't add" changes nothing, "Add anyway" adds it.
        _add_to_playlist(page, second[1], "Road trip")
        dialog = page.get_by_role("alertdialog")
        dialog.get_by_text("Already added").wait_for()
        dialog.get_by_text("Road trip").wait_for()
        page.screenshot(path=str(screenshots_dir / "playlist-already-added-desktop.png"))
        dialog.get_by_role("button", name="Don't add").click()
        dialog.wait_for(state="hidden")
        _add_to_playlist(page, second[1], "Road trip")
        page.get_by_role("alertdialog").get_by_role("button", name="Add anyway").click()
        _wait_rows(app_data_dir, trip.id, [second[0], first[0], second[0]])
        assert page.get_by_text("Contact the website administrator").count() == 0
        assert page.get_by_text("An error occurred").count() == 0
        assert page.get_by_text("does not exist").count() == 0
    except Exception:
        page.screenshot(path=str(screenshots_dir / "playlist-add-failure.png"), full_page=True)
        raise
    finally:
        context.close()


def _wait_rows(data_dir, playlist_id: int, expected: list[int]) -> None:
    """Poll the server's database until the playlist holds ``expected`` in order."""
    import time

    from sqlmodel import col, select

    from spoticlone.models import PlaylistTrack

    deadline, rows = time.monotonic() + TIMEOUT_MS / 1000, []
    while time.monotonic() < deadline:
        with server_db(data_dir) as session:
            rows = list(session.exec(select(PlaylistTrack.track_id).where(PlaylistTrack.playlist_id == playlist_id)
                                     .order_by(col(PlaylistTrack.position))).all())
        if rows == expected:
            return
        time.sleep(0.25)
    raise AssertionError(f"playlist {playlist_id} holds {rows}, expected {expected}")
