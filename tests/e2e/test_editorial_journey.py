"""An administrator features two public playlists on /admin/editorial and reorders them from
the keyboard; a listener sees the "Featured playlists" row on Home and on Browse, then says
"Not interested" to a track of a mix from its "…" menu: it leaves the list at once, stays gone
after a reload, and is listed (and removable) in the playback settings.

Screenshots (desktop and phone) go to ``/tmp/reports/editorial/`` and ``screenshots/``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, page_shots, server_db, settle, sign_in, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "featured-shelf-42"
ADMIN = "editor.admin@example.com"
LISTENER = "shelf.listener@example.com"
REPORTS = Path("/tmp/reports/editorial")


def _shots(page, screenshots_dir: Path, name: str) -> list[str]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    overflow = page_shots(page, REPORTS, name, desktop={"width": 1280, "height": 800})
    page_shots(page, screenshots_dir, name, desktop={"width": 1280, "height": 800})
    return overflow


def _world(data_dir) -> list[int]:
    """An admin, a listener and two public playlists of demo tracks; their ids."""
    from spoticlone.models import Playlist, PlaylistTrack, PlaylistVisibility, Role, Track, TrackStatus

    with server_db(data_dir) as session:
        verified_account(session, email=ADMIN, username="editor_admin", password=PASSWORD, role=Role.ADMIN,
                         first_name="Eda", last_name="Editor", date_of_birth=date(1990, 1, 1))
        owner = verified_account(session, email=LISTENER, username="shelf_listener", password=PASSWORD,
                                 first_name="Lis", last_name="Tener", date_of_birth=date(1995, 5, 5))
        tracks = session.exec(select(Track).where(Track.status == TrackStatus.PUBLISHED)
                              .order_by(col(Track.id)).limit(8)).all()
        ids = []
        for name, chunk in (("Late Night Drive", tracks[:4]), ("Sunday Slow Down", tracks[4:])):
            playlist = Playlist(owner_id=owner.id, name=name, slug=name.lower().replace(" ", "-"),
                                visibility=PlaylistVisibility.PUBLIC)
            session.add(playlist)
            session.flush()
            session.add_all(PlaylistTrack(playlist_id=playlist.id, track_id=t.id, position=i, added_by_id=owner.id)
                            for i, t in enumerate(chunk))
            ids.append(playlist.id)
        session.commit()
        return ids


def _feature(page, playlist_id: int, blurb: str, rows: int) -> None:
    page.get_by_test_id("ed-playlist").fill(f"/playlist/{playlist_id}")
    page.get_by_test_id("ed-blurb").fill(blurb)
    page.get_by_test_id("ed-save").click()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=ed-row]').length === {rows}",
                           timeout=TIMEOUT_MS)
    page.get_by_text("Playlist featured.").wait_for(timeout=TIMEOUT_MS)


def test_admin_features_playlists_and_a_listener_sees_them(browser, app_url, app_data_dir, screenshots_dir):
    first, second = _world(app_data_dir)
    admin = browser.new_context(viewport=DESKTOP)
    page = admin.new_page()
    sign_in(page, app_url, ADMIN, PASSWORD)
    page.goto(app_url + "/admin/editorial")
    page.get_by_test_id("ed-playlist").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("ed-starts").input_value()  # starts now unless changed
    page.get_by_test_id("ed-playlist").fill("not a playlist")
    page.get_by_test_id("ed-save").click()
    page.get_by_text("Paste a playlist link").wait_for(timeout=TIMEOUT_MS)
    _feature(page, first, "Neon streets after midnight.", 1)
    _feature(page, second, "Slow songs for a slow morning.", 2)
    rows = page.get_by_test_id("ed-row")
    assert rows.count() == 2 and rows.first.get_by_test_id("ed-status").inner_text() == "Live"
    # Reorder from the keyboard: focus "Move … up" on the second row and press Enter.
    page.get_by_role("button", name="Move Sunday Slow Down up").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Moved up.").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('[data-testid=ed-row] a').textContent"
                           " === 'Sunday Slow Down'", timeout=TIMEOUT_MS)
    assert _shots(page, screenshots_dir, "editorial-admin") == []
    admin.close()

    listener = browser.new_context(viewport=DESKTOP)
    page = listener.new_page()
    sign_in(page, app_url, LISTENER, PASSWORD)
    page.goto(app_url + "/")
    shelf = page.get_by_test_id("featured-shelf").first
    shelf.wait_for(timeout=TIMEOUT_MS)
    assert "Featured playlists" in shelf.inner_text()
    names = [t.strip() for t in shelf.locator("[data-testid=featured-card] .sc-card-title").all_inner_texts()]
    assert names == ["Sunday Slow Down", "Late Night Drive"]
    assert "Neon streets after midnight." in shelf.inner_text()
    assert _shots(page, screenshots_dir, "editorial-home") == []
    page.goto(app_url + "/browse")
    page.get_by_test_id("featured-shelf").first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("featured-card").count() == 2
    _shots(page, screenshots_dir, "editorial-browse")

    page.goto(app_url + "/mix/discover-weekly")
    page.get_by_test_id("mix-title").wait_for(timeout=TIMEOUT_MS)
    rows = page.get_by_test_id("track-row")
    rows.first.wait_for(timeout=TIMEOUT_MS)
    before = rows.count()
    hidden = rows.first.get_by_test_id("track-title").inner_text()
    rows.first.get_by_test_id("track-menu").click()
    page.get_by_test_id("menu-not-interested").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("menu-not-interested-artist").inner_text().startswith("Not interested in ")
    page.screenshot(path=str(REPORTS / "editorial-track-menu-desktop.png"))
    page.get_by_test_id("menu-not-interested").click()
    page.get_by_role("button", name="Undo").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=track-row]').length === {before - 1}",
                           timeout=TIMEOUT_MS)
    assert hidden not in page.get_by_test_id("track-title").all_inner_texts()
    page.screenshot(path=str(REPORTS / "editorial-undo-toast-desktop.png"))
    # A second one, undone: it comes back where it was.
    page.get_by_role("button", name="Undo").wait_for(state="detached", timeout=TIMEOUT_MS)
    kept = rows.first.get_by_test_id("track-title").inner_text()
    rows.first.get_by_test_id("track-menu").click()
    page.get_by_test_id("menu-not-interested").click()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=track-row]').length === {before - 2}",
                           timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Undo").click()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=track-row]').length === {before - 1}",
                           timeout=TIMEOUT_MS)
    assert rows.first.get_by_test_id("track-title").inner_text() == kept
    page.reload()
    page.get_by_test_id("track-row").first.wait_for(timeout=TIMEOUT_MS)
    settle(page)
    assert hidden not in page.get_by_test_id("track-title").all_inner_texts()

    page.goto(app_url + "/settings/playback")
    item = page.get_by_test_id("hidden-item")
    item.first.wait_for(timeout=TIMEOUT_MS)
    assert hidden in item.first.inner_text()
    _shots(page, screenshots_dir, "editorial-hidden-settings")
    item.first.get_by_test_id("hidden-remove").click()
    page.get_by_test_id("hidden-empty").wait_for(timeout=TIMEOUT_MS)
    assert re.search(r"Nothing hidden", page.get_by_test_id("hidden-empty").inner_text())
    listener.close()
