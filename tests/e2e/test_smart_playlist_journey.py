"""A listener builds a smart playlist from two rules, watches the live count change, saves it,
opens it and plays it, then exports it as a Navidrome ``.nsp`` file.

Against the real production build with the demo catalog. The expected counts come from the
service itself on the server's database, so the journey checks the page shows the same
numbers. Screenshots of the builder, the playlist and the library shelf (desktop and phone)
go to ``/tmp/reports/smart/``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from spoticlone import routes
from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, page_shots, server_db, sign_in, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "rules-make-the-mix-7"
EMAIL = "smart.listener@example.com"
REPORTS = Path("/tmp/reports/smart")


def _choose_rules(data_dir) -> tuple[dict, int, int]:
    """A genre and a title word that narrow it further, with the counts each gives (from the service)."""
    from spoticlone.models import Genre, Track, TrackStatus, User
    from spoticlone.services.library import smart_playlists as smart

    with server_db(data_dir) as session:
        verified_account(session, email=EMAIL, username="smart_listener", password=PASSWORD, first_name="Sam",
                         last_name="Rules", date_of_birth=date(1994, 3, 2))
        user = session.exec(select(User).where(User.email == EMAIL)).one()
        genres = session.exec(
            select(Genre.name, func.count()).join(Track, col(Track.genre_id) == Genre.id)
            .where(Track.status == TrackStatus.PUBLISHED).group_by(col(Genre.name))
            .order_by(func.count().desc())
        ).all()
        for name, _ in genres:
            titles = session.exec(select(Track.title).join(Genre, col(Genre.id) == Track.genre_id)
                                  .where(Genre.name == name, Track.status == TrackStatus.PUBLISHED)).all()
            for word in {w for t in titles for w in t.split() if len(w) > 2}:
                one = {"match": "all", "rules": [{"field": "genre", "operator": "is", "value": name}]}
                two = {"match": "all", "rules": [*one["rules"],
                                                 {"field": "title", "operator": "contains", "value": word}]}
                first = smart.preview_smart_playlist(session, actor=user, rules=one).matching
                second = smart.preview_smart_playlist(session, actor=user, rules=two).matching
                if 0 < second < first:
                    return {"genre": name, "word": word}, first, second
    raise AssertionError("the demo catalog has no genre with two different titles")


def _count_text(n: int) -> str:
    return f"{n} song matches" if n == 1 else f"{n} songs match"


def _shots(page, name: str) -> list[str]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    return page_shots(page, REPORTS, name)


def test_build_preview_save_and_open_a_smart_playlist(browser, app_url, app_data_dir):
    chosen, first, second = _choose_rules(app_data_dir)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, app_url, EMAIL, PASSWORD)

    page.goto(app_url + routes.LIBRARY)
    page.get_by_test_id("smart-shelf").wait_for()
    page.get_by_test_id("smart-new").click()
    page.wait_for_url(re.compile(r"/smart/new$"))
    count = page.get_by_test_id("smart-count")
    count.filter(has_text="Finish the rules").wait_for()

    rows = page.get_by_test_id("rule-row")
    rows.nth(0).get_by_test_id("rule-value").fill(chosen["genre"])
    count.filter(has_text=_count_text(first)).wait_for()

    page.get_by_test_id("add-rule").click()
    rows.nth(1).wait_for()
    rows.nth(1).get_by_test_id("rule-field").select_option("title")
    rows.nth(1).get_by_test_id("rule-operator").select_option("contains")
    rows.nth(1).get_by_test_id("rule-value").fill(chosen["word"])
    count.filter(has_text=_count_text(second)).wait_for()

    page.get_by_test_id("add-group").click()  # a nested group shows, then goes away again
    page.get_by_test_id("group-row").wait_for()
    overflow = _shots(page, "builder")
    page.get_by_test_id("group-row").get_by_test_id("rule-remove").last.click()
    page.get_by_test_id("group-row").wait_for(state="detached")
    count.filter(has_text=_count_text(second)).wait_for()

    page.get_by_test_id("smart-name").fill("My narrow mix")
    page.get_by_test_id("smart-save").click()
    page.wait_for_url(re.compile(r"/smart/\d+$"))
    page.get_by_test_id("smart-title").filter(has_text="My narrow mix").wait_for()
    songs = "1 song" if second == 1 else f"{second} songs"
    page.get_by_test_id("smart-songs").filter(has_text=songs).wait_for()
    assert page.get_by_test_id("track-table").locator("[data-testid=track-play]").count() == second
    overflow += _shots(page, "playlist")

    page.get_by_test_id("play-context").click()
    page.locator("audio").first.wait_for(state="attached")

    exported = page.request.get(app_url + page.get_by_test_id("smart-export").get_attribute("href"))
    assert exported.ok and exported.json()["all"][1] == {"contains": {"title": chosen["word"]}}

    page.get_by_test_id("smart-edit").click()
    page.wait_for_url(re.compile(r"/smart/edit/\d+$"))
    count.filter(has_text=_count_text(second)).wait_for()
    assert page.get_by_test_id("smart-name").input_value() == "My narrow mix"

    page.goto(app_url + routes.LIBRARY)
    page.get_by_test_id("smart-card").filter(has_text="My narrow mix").wait_for()
    overflow += _shots(page, "library")

    files = page.get_by_test_id("smart-shelf").locator("input[type=file]")
    files.set_input_files([{"name": "broken.nsp", "mimeType": "application/json",
                                  "buffer": b'{"all": [{"isMissing": {"album": true}}]}'}])
    page.get_by_role("alert").filter(has_text="isMissing").wait_for()
    nsp = {**exported.json(), "name": "Imported mix"}
    files.set_input_files([{"name": "imported.nsp", "mimeType": "application/json",
                                  "buffer": json.dumps(nsp).encode()}])
    page.wait_for_url(re.compile(r"/smart/\d+$"))
    page.get_by_test_id("smart-title").filter(has_text="Imported mix").wait_for()
    page.get_by_test_id("smart-songs").filter(has_text=songs).wait_for()
    context.close()
    assert not overflow, f"pages scroll sideways at: {overflow}"
