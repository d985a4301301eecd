"""A listener and artist asks for a copy of their data under Settings, Your data, watches the job
(the real worker builds it), downloads the zip once and finds their things in it; the same link
then refuses a second download, and asking again the same day says when they may.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.e2e.helpers import TIMEOUT_MS, page_shots, server_db, sign_in

pytestmark = pytest.mark.e2e

REPORTS = Path("/tmp/reports/export")
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "correct horse battery"


def _give_real_audio(session, store) -> None:
    """The factory's published songs have no files; later journeys on this shared server play
    whatever is in the catalog, so give each a copy of a demo song's audio."""
    from sqlmodel import select

    from spoticlone.models import Track, TrackStatus

    published = session.exec(select(Track).where(Track.status == TrackStatus.PUBLISHED)).all()
    demo = next(t for t in published if t.audio_key and store.exists(t.audio_key))
    for track in published:
        if not (track.audio_key and store.exists(track.audio_key)):
            track.audio_key = store.put_file("audio", demo.audio_format or "ogg", store.path(demo.audio_key))
            track.audio_format, track.mime_type = demo.audio_format, demo.mime_type
            track.file_size, track.duration_ms = demo.file_size, demo.duration_ms
            session.add(track)
    session.commit()


def test_data_export_journey(browser, app_url, app_data_dir):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from spoticlone.integrations.media_store import LocalMediaStore
    from tests.export_support import make_everything

    REPORTS.mkdir(parents=True, exist_ok=True)
    with server_db(app_data_dir) as session:
        store = LocalMediaStore(app_data_dir / "media")
        ada = make_everything(session, store, username="ada_exports", password=PASSWORD, two_step=False)
        original_name = ada.original_name
        _give_real_audio(session, store)

    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, app_url, "ada_exports@example.com", PASSWORD)
    page.goto(app_url + "/settings/privacy")
    request = page.locator("[data-testid=export-request]")
    request.wait_for(timeout=TIMEOUT_MS)
    assert page.locator(".sc-tabs a", has_text="Your data").get_attribute("aria-current") == "page"
    overflow = page_shots(page, REPORTS, "your-data-empty", desktop=DESKTOP)
    assert not overflow, overflow

    request.click()
    # The button turns into progress at once; the worker then fills the bar (seconds for this account).
    page.get_by_text("We are gathering your data").wait_for(timeout=TIMEOUT_MS)
    page.screenshot(path=str(REPORTS / "your-data-progress-desktop.png"), full_page=True)
    page.locator("[data-testid=export-status]", has_text="Ready to download").wait_for(timeout=60_000)
    assert page.locator("[data-testid=export-progress]").count() == 0
    overflow = page_shots(page, REPORTS, "your-data-ready", desktop=DESKTOP)
    assert not overflow, overflow

    answers = []
    page.on("response", lambda r: answers.append(r) if "/download" in r.url else None)
    try:
        with page.expect_download(timeout=TIMEOUT_MS) as caught:
            page.locator("[data-testid=export-download]").click()
    except PlaywrightTimeout:
        raise AssertionError([(r.status, r.url) for r in answers]) from None
    download = caught.value
    saved = REPORTS / "export.zip"
    download.save_as(saved)
    archive = zipfile.ZipFile(io.BytesIO(saved.read_bytes()))
    assert archive.testzip() is None
    names = archive.namelist()
    assert "README.txt" in names and original_name in names
    assert json.loads(archive.read("profile.json"))["username"] == "ada_exports"
    assert [p["name"] for p in json.loads(archive.read("playlists.json"))] == ["Road <trip> & more"]
    assert any(n.endswith(".m3u8") for n in names) and any(n.endswith(".xspf") for n in names)

    again = page.request.get(download.url)
    assert again.status == 409 and "already used" in again.json()["detail"]
    page.locator("[data-testid=export-status]", has_text="Downloaded").wait_for(timeout=TIMEOUT_MS)

    page.reload()
    page.locator("[data-testid=export-request]").click()
    page.get_by_role("alert").filter(has_text="once a day").wait_for(timeout=TIMEOUT_MS)
    overflow = page_shots(page, REPORTS, "your-data-once-a-day", desktop=DESKTOP)
    assert not overflow, overflow
    page.close()


def test_the_emailed_link_downloads_after_signing_in(browser, app_url, app_data_dir):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from tests.e2e.helpers import verified_account
    from tests.export_support import emailed_link

    with server_db(app_data_dir) as session:
        verified_account(session, email="bea_exports@example.com", username="bea_exports", password=PASSWORD)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, app_url, "bea_exports@example.com", PASSWORD)
    page.goto(app_url + "/settings/privacy")
    page.locator("[data-testid=export-request]").click()
    page.locator("[data-testid=export-status]", has_text="Ready to download").wait_for(timeout=60_000)
    outbox = app_data_dir / "outbox"
    export_id, token = emailed_link(outbox, "bea_exports@example.com")
    page.goto(f"{app_url}/settings/privacy?export={export_id}&token={token}")
    answers = []
    page.on("response", lambda r: answers.append(r) if "/download" in r.url else None)
    button = page.locator("[data-testid=export-download]")
    button.wait_for(timeout=TIMEOUT_MS)
    try:
        with page.expect_download(timeout=TIMEOUT_MS) as caught:
            button.click()
    except PlaywrightTimeout:
        raise AssertionError([(r.status, r.url, r.text()) for r in answers]) from None
    assert token in caught.value.url
    body = Path(caught.value.path()).read_bytes()
    assert json.loads(zipfile.ZipFile(io.BytesIO(body)).read("profile.json"))["username"] == "bea_exports"
    page.locator("[data-testid=export-status]", has_text="Downloaded").wait_for(timeout=TIMEOUT_MS)
    context.close()
