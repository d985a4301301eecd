"""The artist studio end to end: a new account becomes an artist, uploads three songs and
watches them go up, builds an album (cover, licences), syncs one song's lyrics by tapping
along, schedules the release a minute or two ahead and sees it come out; a second account
plays it and the artist's analytics count that play.

Runs against the real production build with the job worker beside it (``app_url``): the
worker ingests the uploads and its every-minute job publishes the scheduled release, so
this journey waits for that minute once (up to ~2 minutes; the lyrics are synced meanwhile).
The songs are generated here (a chord with a little noise, unique per run so no hash collides
with another journey's files); the first is a FLAC file tagged like a real release. Uploads are
slowed down with the browser's own network throttling so progress bars can be watched and
photographed.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.helpers import (
    TIMEOUT_MS,
    page_shots,
    server_db,
    sign_in,
    throttle_uploads,
    verified_account,
)
from tests.e2e.studio_media import cover_jpeg, write_songs

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
ZONE = "Europe/Berlin"
PASSWORD = "tap-along-with-the-tide-7"
ARTIST = {"email": "nova.tides@example.com", "username": "nova_tides"}
LISTENER = {"email": "sam.listens@example.com", "username": "sam_listens"}
STAGE_NAME = "Nova Tides"
ALBUM = "Harbour Lights at Dusk"
#: (file name, title the draft should get, licence to choose)
SONGS = (
    ("nova-master-01.flac", "Morning Tide", "CC BY 4.0"),
    ("Glass Harbour.wav", "Glass Harbour", "CC BY-SA 4.0"),
    ("Paper Lanterns.ogg", "Paper Lanterns", "All rights reserved"),
)
LYRICS = ["Lanterns on the water", "Glass against the sky", "Every wave a letter", "Carried home tonight"]
#: When each lyrics line is tapped, in seconds of the song.
TAPS = (1.5, 3.5, 5.5, 7.5)
#: How far ahead the release is scheduled (at least): time to confirm it is hidden first.
SCHEDULE_LEAD_S = 30
PUBLISH_WAIT_S = 240
AUDIO = "document.getElementById('sc-audio')"
EDITOR_AUDIO = "document.getElementById('sc-lyrics-audio')"
REPORTS = Path("/tmp/reports/G")


def _api(app_url: str, path: str) -> tuple[int, dict]:
    """An anonymous GET of the REST API: status and JSON body."""
    try:
        with urllib.request.urlopen(app_url + path, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def _create_accounts(data_dir: Path) -> None:
    with server_db(data_dir) as session:
        for who in (ARTIST, LISTENER):
            verified_account(session, password=PASSWORD, **who)


def _shots(page, screenshots_dir: Path, name: str, *, wait: bool = True) -> None:
    """Desktop (1280) and phone (390) pictures, also copied to the report folder; the page must
    fit the phone's width once it has had a moment to lay out again."""
    overflow = page_shots(page, screenshots_dir, name, desktop=DESKTOP, quiet=wait)
    REPORTS.mkdir(parents=True, exist_ok=True)
    for kind in ("desktop", "phone"):
        shutil.copy(screenshots_dir / f"{name}-{kind}.png", REPORTS / f"{name}-{kind}.png")
    assert not overflow, f"{name}: the page is wider than the screen at {overflow}"


def _become_artist(page, app_url: str) -> None:
    page.goto(app_url + "/settings")
    page.get_by_label("Stage name").fill(STAGE_NAME)
    slug = page.locator("[data-testid=artist-slug]")
    if slug.count():  # the page address is suggested from the name
        page.wait_for_function("() => document.querySelector('[data-testid=artist-slug]').value === 'nova-tides'",
                               timeout=TIMEOUT_MS)
        page.get_by_label("Bio").fill("Ambient songs from a harbour town, made at dusk.")
    page.get_by_role("button", name="Become an artist", exact=True).click()
    page.get_by_role("button", name="Become an artist", exact=True).wait_for(state="detached", timeout=TIMEOUT_MS)
    page.get_by_text(STAGE_NAME).first.wait_for(timeout=TIMEOUT_MS)


#: Records every value a progress bar on the page takes, in order (the journey reads it later).
WATCH_PROGRESS = """() => {
  window.__scProgress = [];
  const seen = (el) => { const v = Number(el.getAttribute('aria-valuenow'));
    if (!isNaN(v)) window.__scProgress.push([el.getAttribute('aria-label') || '', v]); };
  new MutationObserver((records) => { for (const r of records) {
      const nodes = r.type === 'attributes' ? [r.target] : Array.from(r.addedNodes);
      for (const n of nodes) { if (!(n instanceof Element)) continue;
        if (n.matches('[role=progressbar]')) seen(n);
        n.querySelectorAll('[role=progressbar]').forEach(seen); } } })
    .observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow']});
}"""


def _upload(page, app_url: str, files: list[Path], screenshots_dir: Path) -> None:
    """Send the three files slowly enough to see (and photograph) the bars move, then wait for drafts."""
    page.goto(app_url + "/studio/upload")
    page.locator("[data-testid=upload-drop]").wait_for(timeout=TIMEOUT_MS)
    page.evaluate(WATCH_PROGRESS)
    cdp = throttle_uploads(page, 160 * 1024)
    page.locator("[data-testid=upload-input]").set_input_files([str(p) for p in files])
    batch = page.get_by_role("progressbar", name=re.compile("batch", re.I))
    page.wait_for_function(
        "() => { const b = document.querySelector('[role=progressbar][aria-label*=atch]');"
        " if (!b) return false; const v = Number(b.getAttribute('aria-valuenow')); return v >= 10 && v < 70; }",
        timeout=TIMEOUT_MS,
    )
    assert batch.count() == 1
    _shots(page, screenshots_dir, "studio-upload-progress", wait=False)
    mid = int(batch.get_attribute("aria-valuenow") or 0)
    assert 0 < mid < 100, mid
    throttle_uploads(page, None, cdp)
    page.get_by_text(re.compile(r"3 of 3 files sent")).wait_for(timeout=120_000)
    batch_values = [v for label, v in page.evaluate("() => window.__scProgress") if "atch" in label]
    climbing = sorted({v for v in batch_values if 0 < v < 100})
    assert len(climbing) >= 3, f"the batch bar was not seen moving: {batch_values}"
    assert batch_values[-1] == 100
    # The worker turns each upload into a draft; the page follows it without a reload.
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=upload-item][data-status=ready]').length >= 3",
        timeout=180_000,
    )
    items = page.locator("[data-testid=upload-item]")
    for _name, title, _licence in SONGS:
        assert items.filter(has_text=f"Draft: {title}").count() == 1, title


def _tick(page, box) -> None:
    """Click a checkbox whose state lives on the server, and wait until it shows ticked
    (Playwright's ``check()`` looks at once, before the server has answered)."""
    box.click()
    page.wait_for_function(
        "(el) => el.checked === true || el.getAttribute('aria-checked') === 'true'",
        arg=box.element_handle(), timeout=TIMEOUT_MS,
    )


def _build_album(page, app_url: str, cover: Path) -> int:
    """Put the three drafts in a new album, in order; set the licences (and the cover); the album id."""
    page.goto(app_url + "/studio")
    drafts = page.locator("[data-testid=studio-draft]")
    drafts.first.wait_for(timeout=TIMEOUT_MS)
    assert drafts.count() == 3
    for _name, title, _licence in SONGS:
        _tick(page, drafts.filter(has_text=title).get_by_role("checkbox").first)
    form = page.get_by_role("form", name="New release")
    form.get_by_label("Title").fill(ALBUM)
    form.get_by_role("button", name="Create release").click()
    page.wait_for_url(re.compile(r"/studio\?release=\d+$"), timeout=TIMEOUT_MS)
    album_id = int(page.url.rsplit("=", 1)[1])
    builder = page.locator("[data-testid=album-builder]")
    builder.wait_for(timeout=TIMEOUT_MS)
    rows = page.locator("[data-testid=builder-track]")
    assert [rows.nth(i).locator("input").first.input_value() for i in range(rows.count())] == \
        [title for _n, title, _l in SONGS]
    _set_cover(page, cover)
    for _name, title, licence in SONGS:
        row = rows.filter(has=page.locator(f"input[value='{title}']"))
        row.get_by_label("Licence").select_option(licence)
        if licence != "All rights reserved":
            row.get_by_role("link", name="About this licence").wait_for(timeout=TIMEOUT_MS)
    page.reload()
    rows.first.wait_for(timeout=TIMEOUT_MS)
    for _name, title, licence in SONGS:
        row = rows.filter(has=page.locator(f"input[value='{title}']"))
        assert row.get_by_label("Licence").input_value() == licence, title
    return album_id


def _set_cover(page, cover: Path) -> None:
    """Upload the album cover in the builder's cover panel and wait for the new picture."""
    panel = page.locator("[data-testid=cover-panel]")
    if panel.count() == 0:  # a builder without a cover panel takes the cover from the tags
        return
    art = panel.locator("img").first
    before = art.get_attribute("src") if art.count() else None
    panel.locator("input[type=file]").set_input_files(str(cover))
    page.wait_for_function(
        "(old) => { const i = document.querySelector('[data-testid=cover-panel] img');"
        " return i && i.getAttribute('src') !== old && i.complete && i.naturalWidth > 0; }",
        arg=before, timeout=TIMEOUT_MS,
    )


def _editor_time(page) -> float:
    return page.evaluate(f"() => {EDITOR_AUDIO}.currentTime")


def _sync_lyrics(page, app_url: str, screenshots_dir: Path) -> None:
    """Paste the lyrics of the second song, tap each line while it plays, nudge one, save."""
    row = page.locator("[data-testid=builder-track]").filter(has=page.locator(f"input[value='{SONGS[1][1]}']"))
    row.get_by_role("link", name="Sync lyrics").click()
    page.wait_for_url(re.compile(r"/studio/lyrics/\d+$"), timeout=TIMEOUT_MS)
    text = page.locator("[data-testid=lyrics-text]")
    text.fill("\n".join(LYRICS))
    text.blur()
    lines = page.locator("[data-testid=sync-line]")
    page.wait_for_function("(n) => document.querySelectorAll('[data-testid=sync-line]').length === n",
                           arg=len(LYRICS), timeout=TIMEOUT_MS)
    page.wait_for_function(f"() => {EDITOR_AUDIO}.readyState >= 2", timeout=TIMEOUT_MS)
    page.evaluate(f"() => {{ {EDITOR_AUDIO}.currentTime = 0; return {EDITOR_AUDIO}.play(); }}")
    tapped = []
    tap = page.get_by_role("button", name=re.compile(r"^Tap"))
    for index, at in enumerate(TAPS):
        page.wait_for_function(f"(s) => {EDITOR_AUDIO}.currentTime >= s", arg=at, timeout=TIMEOUT_MS)
        tapped.append(_editor_time(page) * 1000)
        if index % 2:
            tap.click()  # the big button (touch) ...
        else:
            page.keyboard.press("Space")  # ... and the keyboard
        page.wait_for_function(
            "(i) => Number(document.querySelectorAll('[data-testid=sync-line]')[i].dataset.syncTime) >= 0",
            arg=index, timeout=TIMEOUT_MS,
        )
    page.evaluate(f"() => {EDITOR_AUDIO}.pause()")
    lines.nth(1).get_by_role("button", name="0.1 seconds later").click()
    page.wait_for_function(
        "(t) => Number(document.querySelectorAll('[data-testid=sync-line]')[1].dataset.syncTime) >= t",
        arg=tapped[1] + 100, timeout=TIMEOUT_MS,
    )
    page.locator("[data-testid=save-lyrics]").click()
    page.get_by_text("Unsaved changes").wait_for(state="detached", timeout=TIMEOUT_MS)
    # Saved for real: a fresh load shows the same times.
    page.reload()
    lines.first.wait_for(timeout=TIMEOUT_MS)
    saved = [int(lines.nth(i).get_attribute("data-sync-time") or -1) for i in range(lines.count())]
    assert len(saved) == len(LYRICS)
    for index, (got, heard) in enumerate(zip(saved, tapped, strict=True)):
        expected = heard + (100 if index == 1 else 0)
        assert expected - 50 <= got <= expected + 1000, (index, got, heard, saved)
    assert saved == sorted(saved)
    # The .lrc download says the same times (centiseconds) before each line.
    lrc = page.request.get(app_url + page.locator("[data-testid=export-lrc]").get_attribute("href"))
    assert lrc.status == 200, lrc.status
    stamped = re.findall(r"^\[(\d+):(\d+)\.(\d+)\](.+)$", lrc.text(), flags=re.M)
    assert [text.strip() for *_t, text in stamped] == LYRICS, lrc.text()
    for (minutes, seconds, hundredths, _text), ms in zip(stamped, saved, strict=True):
        assert abs((int(minutes) * 60 + int(seconds)) * 1000 + int(hundredths) * 10 - ms) < 10
    # The listener's view: play from the third line and the preview highlights it.
    page.wait_for_function(f"() => {EDITOR_AUDIO}.readyState >= 2", timeout=TIMEOUT_MS)
    page.evaluate(f"(ms) => {{ {EDITOR_AUDIO}.currentTime = ms / 1000 + 0.3; return {EDITOR_AUDIO}.play(); }}",
                  saved[2])
    page.locator("#sc-lyrics-preview .sc-le-active", has_text=LYRICS[2]).wait_for(timeout=TIMEOUT_MS)
    page.evaluate(f"() => {EDITOR_AUDIO}.pause()")
    _shots(page, screenshots_dir, "studio-lyrics-editor")


def _local_minute_ahead() -> tuple[str, datetime]:
    """The next whole minute at least ``SCHEDULE_LEAD_S`` away, as typed in the browser's zone,
    and in UTC."""
    now = datetime.now(ZoneInfo(ZONE))
    when = (now + timedelta(seconds=SCHEDULE_LEAD_S)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return when.strftime("%Y-%m-%dT%H:%M"), when.astimezone(ZoneInfo("UTC"))


def _schedule(page, app_url: str, album_id: int, screenshots_dir: Path) -> datetime:
    page.goto(app_url + f"/studio?release={album_id}")
    page.locator("[data-testid=album-builder]").wait_for(timeout=TIMEOUT_MS)
    _tick(page, page.get_by_role("checkbox", name=re.compile("rights")))
    local, when = _local_minute_ahead()
    page.get_by_label("Or schedule for").fill(local)
    page.get_by_role("button", name="Schedule", exact=True).click()
    page.get_by_text(re.compile(r"^Scheduled\. It comes out")).wait_for(timeout=TIMEOUT_MS)
    page.get_by_text(f"{when.astimezone(ZoneInfo(ZONE)).strftime('%H:%M')}").first.wait_for(timeout=TIMEOUT_MS)
    _shots(page, screenshots_dir, "studio-album-builder")
    return when


def _not_out_yet(app_url: str, album_id: int, when: datetime) -> None:
    """Before its time a scheduled release is hidden, even from the API."""
    assert datetime.now(ZoneInfo("UTC")) < when
    status, _body = _api(app_url, f"/api/v1/albums/{album_id}")
    assert status == 404, status


def _wait_published(page, app_url: str, album_id: int, when: datetime) -> None:
    """Out soon after its time, and seen as published by the artist."""
    deadline = time.monotonic() + PUBLISH_WAIT_S
    while _api(app_url, f"/api/v1/albums/{album_id}")[0] != 200:
        assert time.monotonic() < deadline, "the scheduled release did not come out (is the worker running?)"
        time.sleep(3)
    assert datetime.now(ZoneInfo("UTC")) >= when
    page.goto(app_url + f"/studio?release={album_id}")
    page.locator("[data-testid=album-builder]").get_by_text("Published", exact=True).first.wait_for(
        timeout=TIMEOUT_MS)


def _listen(browser, app_url: str) -> str:
    """A second account finds the album by search and plays it until the first song has counted."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, app_url, LISTENER["email"], PASSWORD)
    page.goto(app_url + "/search?q=" + urllib.request.quote(ALBUM))
    card = page.locator("[data-testid=album-card]", has_text=ALBUM)
    card.first.wait_for(timeout=TIMEOUT_MS)
    card.first.click()
    page.wait_for_url(re.compile(r"/album/"), timeout=TIMEOUT_MS)
    album_url = page.url
    # The search page's song rows may linger until the album page has drawn its own.
    page.locator("[data-testid=album-title]", has_text=ALBUM).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(
        "(titles) => { const rows = document.querySelectorAll('[data-testid=track-row]');"
        " return rows.length === titles.length && titles.every((t, i) => rows[i].textContent.includes(t)); }",
        arg=[title for _n, title, _l in SONGS], timeout=TIMEOUT_MS,
    )
    page.locator("[data-testid=play-context]").click()
    title = page.locator("[data-testid=player-title]")
    title.wait_for(timeout=TIMEOUT_MS)
    assert title.inner_text() == SONGS[0][1]
    page.wait_for_function(f"() => {{ const a = {AUDIO}; return a && !a.paused && a.currentTime > 1; }}",
                           timeout=TIMEOUT_MS)
    # The first song ends (reported as heard in full), the second starts: stop there.
    page.wait_for_function(
        "(t) => document.querySelector('[data-testid=player-title]').textContent === t",
        arg=SONGS[1][1], timeout=60_000,
    )
    page.evaluate(f"() => {AUDIO}.pause()")
    context.close()
    return album_url


def _published_tracks(app_url: str, album_id: int) -> list[dict]:
    """What listeners get from the API: the songs in order, with the chosen licences and lyrics."""
    status, album = _api(app_url, f"/api/v1/albums/{album_id}")
    assert status == 200
    assert album["album"]["cover_url"], album["album"]
    tracks = album["tracks"]
    assert [t["title"] for t in tracks] == [title for _n, title, _l in SONGS]
    assert [t["licence"] for t in tracks] == [licence for _n, _t, licence in SONGS]
    assert [t["has_synced_lyrics"] for t in tracks] == [False, True, False]
    return tracks


def _analytics(page, app_url: str, screenshots_dir: Path) -> None:
    page.goto(app_url + "/studio/analytics?range=7d")
    page.locator("[data-testid=analytics]").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=figure-plays]").inner_text().strip() == "1"
    assert page.locator("[data-testid=figure-listeners]").inner_text().strip() == "1"
    top = page.locator("[data-testid=top-track]")
    assert top.count() == 1
    assert SONGS[0][1] in top.first.inner_text()
    assert "Album" in page.locator("[data-testid=sources-list]").inner_text()
    _shots(page, screenshots_dir, "studio-analytics")


def test_studio_journey(browser, app_url, app_data_dir, screenshots_dir, tmp_path):
    _create_accounts(app_data_dir)
    cover = cover_jpeg(tmp_path / "harbour-cover.jpg")
    files = write_songs(tmp_path, cover, SONGS, artist=STAGE_NAME, album=ALBUM)
    assert files[1].stat().st_size > 2_000_000  # big enough to watch it go up

    artist = browser.new_context(viewport=DESKTOP, timezone_id=ZONE)
    page = artist.new_page()
    sign_in(page, app_url, ARTIST["email"], PASSWORD)
    _become_artist(page, app_url)
    _upload(page, app_url, files, screenshots_dir)
    album_id = _build_album(page, app_url, cover)
    when = _schedule(page, app_url, album_id, screenshots_dir)
    _not_out_yet(app_url, album_id, when)
    # Lyrics stay editable once scheduled: synced while the release waits for its minute.
    _sync_lyrics(page, app_url, screenshots_dir)
    _wait_published(page, app_url, album_id, when)

    tracks = _published_tracks(app_url, album_id)
    assert all(t["play_count"] == 0 for t in tracks)
    _listen(browser, app_url)
    counts = [_api(app_url, f"/api/v1/tracks/{t['id']}")[1]["play_count"] for t in tracks]
    assert counts == [1, 0, 0], counts
    _analytics(page, app_url, screenshots_dir)
    artist.close()
