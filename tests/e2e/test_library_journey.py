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
from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, ready, server_db, settle, shots, sign_in, verified_account

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
    from spoticlone.models import ArtistProfile, Track, TrackStatus, User
    from spoticlone.services.library import collection, follows
    from spoticlone.services.library.playlists import manage

    with server_db(data_dir) as session:
        me = session.exec(select(User).where(User.username == USERNAME)).one()
        for album_id, _, _ in _albums(data_dir)[1:4]:
            collection.save_album(session, actor=me, album_id=album_id)
        for artist in session.exec(select(ArtistProfile).order_by(col(ArtistProfile.id)).limit(2)):
            follows.follow_artist(session, actor=me, artist_id=artist.id)
        manage.create_playlist(session, actor=me, name="Late night drive")
        published = select(Track).where(Track.status == TrackStatus.PUBLISHED)  # not other journeys' drafts
        for track in session.exec(published.order_by(col(Track.id).desc()).limit(4)):
            collection.like_track(session, actor=me, track_id=track.id)


def test_like_save_and_find_in_library(browser, app_url, app_data_dir, screenshots_dir):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        _journey(page, app_url, app_data_dir, screenshots_dir)
    except Exception:
        page.screenshot(path=str(screenshots_dir / "library-failure.png"), full_page=True)
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


def _fresh_tab_heart(context, url: str, title: str):
    """A new tab (its own state, as after opening a link in a new tab) on ``url``; its player bar."""
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.goto(url)
    ready(tab)
    bar = tab.get_by_test_id("player-bar")
    bar.get_by_test_id("player-title").filter(has_text=title).wait_for()
    return tab, bar


def test_player_heart_is_right_on_every_page_of_a_fresh_load(browser, app_url, app_data_dir, screenshots_dir):
    """The player bar's heart reads the same liked songs on every page, and pressing it keeps
    the sidebar's count exact (it once showed an empty heart on /search and counted 4 of 3)."""
    from spoticlone.models import Track, User
    from spoticlone.services.library import collection

    email, username = "heart.keeper@example.com", "heart_keeper"
    with server_db(app_data_dir) as session:
        verified_account(session, email=email, username=username, password=PASSWORD, date_of_birth=date(1990, 1, 2))
    album_id, album_slug, _ = _albums(app_data_dir)[0]
    with server_db(app_data_dir) as session:
        me = session.exec(select(User).where(User.username == username)).one()
        songs = session.exec(select(Track).where(Track.album_id == album_id).order_by(col(Track.track_number))).all()
        for song in songs[:3]:
            collection.like_track(session, actor=me, track_id=song.id)
        first = songs[0].title
    album_url = routes.album_url(album_id, album_slug)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        sign_in(page, app_url, email, PASSWORD)
        page.goto(app_url + album_url)
        page.locator("[data-testid=play-context]").click()
        bar = page.get_by_test_id("player-bar")
        bar.get_by_test_id("player-title").filter(has_text=first).wait_for()
        # Playing from an album, the cover leads to that album (it once led to "/").
        bar.locator(f".sc-np-cover[href='{album_url}']").wait_for()
        for path in (routes.SEARCH, routes.BROWSE, routes.PLAYLISTS, f"/user/{username}", routes.SETTINGS, album_url):
            tab, tab_bar = _fresh_tab_heart(context, app_url + path, first)
            tab_bar.get_by_role("button", name=REMOVE).wait_for()
            tab_bar.locator(f".sc-np-cover[href='{album_url}']").wait_for()
            if path != routes.SEARCH:
                tab.close()
                continue
            liked = tab.get_by_test_id("sidebar-liked")
            liked.get_by_text("3 songs").wait_for()
            tab_bar.get_by_role("button", name=REMOVE).click()
            tab_bar.get_by_role("button", name=SAVE).wait_for()
            liked.get_by_text("2 songs").wait_for()
            tab_bar.get_by_role("button", name=SAVE).click()
            tab_bar.get_by_role("button", name=REMOVE).wait_for()
            liked.get_by_text("3 songs").wait_for()
            tab.close()
    except Exception:
        page.screenshot(path=str(screenshots_dir / "library-heart-failure.png"), full_page=True)
        raise
    finally:
        context.close()
