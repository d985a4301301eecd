"""A track is reported, an admin hides it everywhere, then restores it after a counter-notice.

Against the real production build (``app_url``): a visitor who is not signed in reports a
song from its page (reason, statement, address). An administrator opens ``/admin/reports``
and hides it: the song is gone from search, its page shows the notice instead, and a
listener's playlist keeps its row as "Unavailable". The artist signs in, sees the notice
with the counter-notice form and objects; the admin restores the song, and it is back in
search, on its page and playable in the same place in the playlist. Screenshots of the
report dialog, the queue and the notice (desktop and phone) go to ``screenshots/report-*.png``.
"""

from __future__ import annotations

import secrets
from datetime import date

import pytest

from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, page_shots, ready, server_db, sign_in, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "report it, hide it"


def _world(app_data_dir) -> dict:
    """An admin, an artist account with one song (playable demo audio) between two demo songs
    in a listener's public playlist."""
    from sqlmodel import col, select

    from spoticlone.models import ArtistProfile, Role, Track, TrackStatus, User
    from spoticlone.services.core.slugs import slugify
    from spoticlone.services.library.playlists import manage, tracks

    tag = secrets.token_hex(3)
    accounts = {kind: (f"{kind}_{tag}@example.com", f"{kind}_{tag}") for kind in ("admin", "artist", "listener")}
    with server_db(app_data_dir) as session:
        for kind, (email, username) in accounts.items():
            verified_account(session, email=email, username=username, password=PASSWORD,
                             date_of_birth=date(1990, 4, 5),
                             role={"admin": Role.ADMIN, "artist": Role.ARTIST}.get(kind, Role.LISTENER))
        users = {kind: session.exec(select(User).where(User.email == email)).one()
                 for kind, (email, _) in accounts.items()}
        demo = list(session.exec(select(Track).where(Track.status == TrackStatus.PUBLISHED)
                                 .order_by(col(Track.id)).limit(2)))
        artist = ArtistProfile(stage_name=f"Moth Radio {tag}", slug=f"moth-radio-{tag}", user_id=users["artist"].id)
        session.add(artist)
        session.commit()
        title = f"Lantern Static {tag}"
        song = Track(title=title, slug=slugify(title), artist_id=artist.id, duration_ms=demo[0].duration_ms,
                     audio_key=demo[0].audio_key, audio_format=demo[0].audio_format, mime_type=demo[0].mime_type,
                     file_size=demo[0].file_size, status=TrackStatus.PUBLISHED)
        session.add(song)
        session.commit()
        playlist = manage.create_playlist(session, actor=users["listener"], name=f"Night drive {tag}",
                                          visibility="public")
        tracks.add_tracks(session, actor=users["listener"], playlist_id=playlist.id,
                          track_ids=[demo[0].id, song.id, demo[1].id])
        return {"tag": tag, "title": title, "song": song.id, "song_url": f"/track/{song.id}-{song.slug}",
                "playlist_url": playlist.url, "accounts": accounts}


def _status(app_data_dir, track_id: int) -> str:
    from spoticlone.models import Track

    with server_db(app_data_dir) as session:
        return session.get(Track, track_id).status.name


def _search_shows(page, app_url: str, tag: str, title: str) -> bool:
    page.goto(app_url + f"/search?q={tag}")
    ready(page)
    page.locator("[data-testid=search-results], [data-testid=search-empty]").first.wait_for()
    page.wait_for_load_state("networkidle")
    return page.locator("[data-testid=track-row]", has_text=title).count() > 0


def test_report_hide_and_restore_a_track(browser, app_url, app_data_dir, screenshots_dir, browser_errors):
    world = _world(app_data_dir)
    title, song_url = world["title"], world["song_url"]
    browser_errors.expect_404(f"/track/{world['song']}-")  # the hidden song's page is a 404 document

    # A visitor reports the song from its page, without an account.
    visitor = browser.new_context(viewport=DESKTOP)
    page = visitor.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url + song_url)
    ready(page)
    page.get_by_role("heading", name=title).wait_for()
    page.get_by_test_id("report-open").first.click()
    dialog = page.get_by_test_id("report-dialog")
    dialog.wait_for()
    page.get_by_test_id("report-statement").fill("This is my recording, uploaded without a licence.")
    page.get_by_test_id("report-send").click()
    page.get_by_test_id("report-error").filter(has_text="email address").wait_for()
    page.get_by_test_id("report-email").fill("rights@label.example.com")
    page_shots(page, screenshots_dir, "report-dialog")
    page.get_by_test_id("report-send").click()
    page.get_by_test_id("report-sent").wait_for()
    visitor.close()

    # The admin hides it from the review queue.
    admin_email = world["accounts"]["admin"][0]
    admin = browser.new_context(viewport=DESKTOP)
    page = admin.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, app_url, admin_email, PASSWORD)
    page.goto(app_url + "/admin/reports")
    item = page.get_by_test_id("report-item").filter(has_text=title)
    item.get_by_test_id("report-statement-text").filter(has_text="without a licence").wait_for()
    assert "rights@label.example.com" in item.inner_text()
    page_shots(page, screenshots_dir, "report-queue")
    item.get_by_test_id("report-hide").click()
    page.get_by_test_id("review-notice").wait_for()
    assert _status(app_data_dir, world["song"]) == "HIDDEN"

    # Gone from search, a notice on its page, "Unavailable" in the playlist (for a listener).
    listener = browser.new_context(viewport=DESKTOP)
    other = listener.new_page()
    other.set_default_timeout(TIMEOUT_MS)
    sign_in(other, app_url, world["accounts"]["listener"][0], PASSWORD)
    assert not _search_shows(other, app_url, world["tag"], title)
    other.goto(app_url + song_url)
    ready(other)
    other.get_by_test_id("hidden-message").filter(has_text="unavailable following a report").wait_for()
    assert other.get_by_test_id("counter-notice-send").count() == 0
    other.goto(app_url + world["playlist_url"])
    ready(other)
    gone = other.get_by_test_id("playlist-item-unavailable")
    gone.filter(has_text=title).wait_for()
    assert other.get_by_test_id("playlist-item").count() == 2

    # The artist sees the notice with the counter-notice form, and objects.
    artist = browser.new_context(viewport=DESKTOP)
    mine = artist.new_page()
    mine.set_default_timeout(TIMEOUT_MS)
    sign_in(mine, app_url, world["accounts"]["artist"][0], PASSWORD)
    mine.goto(app_url + song_url)
    ready(mine)
    mine.get_by_test_id("counter-notice-text").fill("I wrote and recorded this song; the label has no rights to it.")
    page_shots(mine, screenshots_dir, "report-hidden-notice")
    mine.get_by_test_id("counter-notice-send").click()
    mine.get_by_test_id("counter-notice-sent").wait_for()
    artist.close()

    # The admin restores it: back in search, on its page, and playable in its place.
    page.goto(app_url + "/admin/reports")
    item = page.get_by_test_id("report-item").filter(has_text=title)
    item.get_by_test_id("counter-notice").filter(has_text="no rights to it").wait_for()
    item.get_by_test_id("report-restore").click()
    page.get_by_test_id("review-notice").filter(has_text="Restored").wait_for()
    assert _status(app_data_dir, world["song"]) == "PUBLISHED"
    admin.close()

    assert _search_shows(other, app_url, world["tag"], title)
    other.goto(app_url + song_url)
    ready(other)
    other.get_by_role("heading", name=title).wait_for()
    other.goto(app_url + world["playlist_url"])
    ready(other)
    rows = other.get_by_test_id("playlist-item")
    rows.nth(2).wait_for()
    assert title in rows.nth(1).inner_text() and other.get_by_test_id("playlist-item-unavailable").count() == 0
    rows.nth(1).get_by_test_id("track-play").click()
    other.get_by_test_id("player-title").filter(has_text=title).first.wait_for()
    listener.close()
