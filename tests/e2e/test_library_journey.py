"""A listener signs in, likes a song and saves an album, then finds both in Your Library.

Against the real production build (``app_url``) with the demo catalog. Also covers
the Liked Songs view (play all goes through the player), the filter chips, the player
bar's heart and the sidebar's "+". Screenshots of the library go to ``screenshots/``.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import col, select

from spoticlone import routes
from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, ready, server_db, settle, shots, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "hearts-and-albums-42"
USERNAME = "lib_listener"
EMAIL = "lib.listener@example.com"
SAVE = "Save to Liked Songs"
REMOVE = "Remove from Liked Songs"


def _create_account(data_dir) -> None:
    with server_db(data_dir) as session:
        verified_account(session, email=EMAIL, username=USERNAME, password=PASSWORD, first_name="Lin",
                         last_name="Listener", date_of_birth=date(1995, 3, 14))


def _albums(data_dir) -> list[tuple[int, str, str]]:
    """(id, slug, title) of the demo albums, oldest id first."""
    from spoticlone.models import Album

    with server_db(data_dir) as session:
        return [(a.id, a.slug, a.title) for a in session.exec(select(Album).order_by(col(Album.id)))]


def _fill_library(data_dir) -> None:
    """More of a real library for the screenshots: albums, artists, a playlist, likes."""
    from spoticlone.models import ArtistProfile, Track, User
    from spoticlone.services import follows, library, playlists

    with server_db(data_dir) as session:
        me = session.exec(select(User).where(User.username == USERNAME)).one()
        for album_id, _, _ in _albums(data_dir)[1:4]:
            library.save_album(session, actor=me, album_id=album_id)
        for artist in session.exec(select(ArtistProfile).order_by(col(ArtistProfile.id)).limit(2)):
            follows.follow_artist(session, actor=me, artist_id=artist.id)
        playlists.create_playlist(session, actor=me, name="Late night drive")
        for track in session.exec(select(Track).order_by(col(Track.id).desc()).limit(4)):
            library.like_track(session, actor=me, track_id=track.id)


def test_like_save_and_find_in_library(browser, app_url, app_data_dir, screenshots_dir):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        _journey(page, app_url, app_data_dir, screenshots_dir)
    except Exception:
        page.screenshot(path=str(screenshots_dir / "library-failure.png"), full_page=True)
        print("browser errors:", *errors[-10:], sep="\n")
        raise
    finally:
        context.close()


def _journey(page, app_url, app_data_dir, screenshots_dir):
    _create_account(app_data_dir)
    album_id, album_slug, album_title = _albums(app_data_dir)[0]
    album_url = app_url + routes.album_url(album_id, album_slug)
    page.set_default_timeout(TIMEOUT_MS)

    # Signed out: the sidebar invites to sign in, a heart sends to sign in, /library too.
    page.goto(album_url)
    ready(page)
    page.locator(".sc-lib-invite").get_by_text("Create your first playlist").wait_for()
    first_row = page.locator("[data-testid=track-row]").first
    first_row.hover()
    first_row.get_by_role("button", name=SAVE).click()
    page.wait_for_url(re.compile(r"/signin\?next=/album/"))
    page.goto(app_url + routes.LIBRARY)
    page.wait_for_url(re.compile(r"/signin\?next=/library"))

    # Sign in: back on an empty library that says so.
    ready(page)
    page.locator("#email").fill(EMAIL)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(app_url + routes.LIBRARY)
    page.get_by_role("heading", name="Your library is empty").wait_for()

    # Like the album's first song and save the album.
    page.goto(album_url)
    page.get_by_test_id("album-title").wait_for()
    first_row = page.locator("[data-testid=track-row]").first
    song = first_row.get_by_test_id("track-title").inner_text()
    first_row.hover()
    first_row.get_by_role("button", name=SAVE).click()
    first_row.get_by_role("button", name=REMOVE).wait_for()
    assert page.locator("[data-testid=track-row]").get_by_role("button", name=REMOVE).count() == 1
    page.get_by_role("button", name="Save to Your Library").click()
    page.get_by_role("button", name="Remove from Your Library").wait_for()
    settle(page)
    page.screenshot(path=str(screenshots_dir / "library-album-saved-desktop.png"))

    # The heart survives a reload (it comes from the server, not the page).
    page.reload()
    page.locator("[data-testid=track-row]").first.get_by_role("button", name=REMOVE).wait_for()
    page.get_by_role("button", name="Remove from Your Library").wait_for()

    # Your Library (through the sidebar link) has the album and one liked song.
    page.locator(".sc-sidebar").get_by_role("link", name="Your Library").click()
    page.wait_for_url(app_url + routes.LIBRARY)
    liked_card = page.get_by_test_id("library-liked")
    liked_card.get_by_text("1 liked song").wait_for()
    page.get_by_test_id("library-item").filter(has_text=album_title).wait_for()
    page.get_by_test_id("library-chip-artist").click()
    page.get_by_text("You don't follow any artists yet.").wait_for()
    page.get_by_test_id("library-chip-album").click()
    page.get_by_test_id("library-item").filter(has_text=album_title).wait_for()
    assert page.get_by_test_id("library-liked").count() == 0
    page.get_by_test_id("library-chip-all").click()

    # Liked Songs: the song is listed; play all starts it in the player, whose heart is filled.
    page.get_by_test_id("library-liked").click()
    page.wait_for_url(re.compile(r"/library\?view=liked$"))
    page.get_by_role("heading", name="Liked Songs").wait_for()
    page.get_by_test_id("track-table").get_by_text(song, exact=True).wait_for()
    page.get_by_role("button", name="Play Liked Songs").click()
    player = page.get_by_test_id("player-bar")
    player.get_by_test_id("player-title").filter(has_text=song).wait_for()
    player.get_by_role("button", name=REMOVE).wait_for()

    # A fuller library for the screenshots (saves, follows, a playlist, more likes).
    _fill_library(app_data_dir)
    page.goto(app_url + routes.LIBRARY)
    page.get_by_test_id("library-liked").get_by_text("5 liked songs").wait_for()
    page.locator(".sc-sidebar").get_by_text("Late night drive").wait_for()
    shots(page, screenshots_dir, "library")
    page.get_by_test_id("library-filter").fill("night")
    page.get_by_test_id("library-item").filter(has_text="Late night drive").wait_for()
    page.goto(app_url + routes.LIBRARY + "?view=liked")
    page.get_by_test_id("track-table").get_by_role("button", name=REMOVE).nth(4).wait_for()
    shots(page, screenshots_dir, "library-liked")

    # The sidebar's "+" makes "My Playlist #2" (one is owned already) and opens it.
    page.locator(".sc-sidebar").get_by_role("button", name="Create playlist").click()
    page.wait_for_url(re.compile(r"/playlist/\d+-my-playlist-2$"))
