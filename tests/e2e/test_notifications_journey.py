"""Notifications end to end on the production build, with the real job worker sending the mail.

A listener follows an artist; the artist publishes a release over the REST API; the bell shows
one unread notification after the next navigation; the list shows the release; the email
arrives (the server's outbox, written by the worker) with RFC 8058 headers; opening its
unsubscribe link without signing in and pressing the button stops that kind of email, and the
settings tab shows it off. Desktop (1280 px) and phone (390 px) screenshots go to
``/tmp/reports/notify``.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlmodel import select

from spoticlone.models import (
    Album,
    ArtistFollow,
    ArtistProfile,
    NotificationPreference,
    Role,
    Track,
    TrackStatus,
    User,
)
from tests.e2e.helpers import PHONE, TIMEOUT_MS, page_shots, server_db, sign_in, verified_account

pytestmark = pytest.mark.e2e

LISTENER = ("notify.listener@example.com", "notify_listener", "tell me about new music")
ARTIST = ("notify.artist@example.com", "notify_artist", "my new release is out")
STAGE_NAME = "Notify Lights"
RELEASE = "Bell Tower"
REPORTS = Path(os.environ.get("SPOTICLONE_NOTIFY_SCREENSHOTS", "/tmp/reports/notify"))
WIDE = {"width": 1280, "height": 900}


def _world(app_data_dir: Path) -> int:
    """The two accounts, the artist's draft release (reusing a seeded song's playable file), the follow."""
    with server_db(app_data_dir) as session:
        listener = verified_account(session, email=LISTENER[0], username=LISTENER[1], password=LISTENER[2])
        owner = verified_account(session, email=ARTIST[0], username=ARTIST[1], password=ARTIST[2],
                                 role=Role.ARTIST)
        artist = ArtistProfile(stage_name=STAGE_NAME, slug="notify-lights", bio="", user_id=owner.id)
        session.add(artist)
        session.commit()
        album = Album(title=RELEASE, slug="bell-tower", artist_id=artist.id)
        session.add(album)
        session.commit()
        seeded = session.exec(select(Track).where(Track.status == TrackStatus.PUBLISHED)
                              .order_by(Track.id)).first()
        session.add(Track(title="Ring Out", slug="ring-out", artist_id=artist.id, album_id=album.id,
                          track_number=1, duration_ms=seeded.duration_ms, audio_key=seeded.audio_key,
                          audio_format=seeded.audio_format, mime_type=seeded.mime_type,
                          file_size=seeded.file_size, status=TrackStatus.DRAFT))
        session.add(ArtistFollow(user_id=listener.id, artist_id=artist.id))
        session.commit()
        return album.id


def _post(url: str, body: dict, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _mail_to(outbox: Path, address: str, subject: str):
    deadline = time.monotonic() + 90  # the worker's fast path is immediate; its sweep runs each minute
    while time.monotonic() < deadline:
        for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if message["To"] == address and message["Subject"] == subject:
                return message
        time.sleep(0.5)
    raise AssertionError(f"no email {subject!r} to {address} in {outbox}")


def _plain_shots(page, name: str) -> None:
    """Screenshots of a page outside the app shell (the server's own unsubscribe page)."""
    for kind, size in (("desktop", WIDE), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(REPORTS / f"{name}-{kind}.png"), full_page=True)
    page.set_viewport_size(WIDE)


def _shots(page, name: str) -> None:
    overflow = page_shots(page, REPORTS, name, desktop=WIDE)
    assert not overflow, f"{name} scrolls sideways at {overflow}"


def test_a_followed_artist_publishes_and_the_listener_is_told_and_unsubscribes(browser, app_url, app_data_dir):
    REPORTS.mkdir(parents=True, exist_ok=True)
    album_id = _world(app_data_dir)
    listener_ctx, stranger_ctx = browser.new_context(viewport=WIDE), browser.new_context(viewport=WIDE)
    try:
        page = listener_ctx.new_page()
        sign_in(page, app_url, LISTENER[0], LISTENER[2])
        bell = page.locator(".sc-main-top [data-testid=notification-bell]")
        bell.wait_for(timeout=TIMEOUT_MS)
        assert page.locator(".sc-main-top [data-testid=bell-count]").count() == 0

        token = _post(app_url + "/api/v1/auth/login", {"email": ARTIST[0], "password": ARTIST[2]})["access_token"]
        _post(f"{app_url}/api/v1/studio/releases/{album_id}/publish", {"affirm_rights": True}, token)

        page.goto(app_url + "/library")  # any navigation recounts; no polling
        count = page.locator(".sc-main-top [data-testid=bell-count]")
        count.wait_for(timeout=TIMEOUT_MS)
        assert count.inner_text() == "1"
        assert bell.get_attribute("aria-label") == "Notifications, 1 unread"
        _shots(page, "bell")

        bell.click()
        page.wait_for_url(f"{app_url}/notifications", timeout=TIMEOUT_MS)
        row = page.locator("[data-testid=notification-row]").first
        row.wait_for(timeout=TIMEOUT_MS)
        assert f"{STAGE_NAME} released {RELEASE}" in row.inner_text()
        _shots(page, "list")
        row.click()
        page.wait_for_url(f"{app_url}/album/{album_id}-bell-tower", timeout=TIMEOUT_MS)
        page.locator(".sc-main-top [data-testid=notification-bell]").wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function("() => !document.querySelector('.sc-main-top [data-testid=bell-count]')",
                               timeout=TIMEOUT_MS)

        mail = _mail_to(app_data_dir / "outbox", LISTENER[0], f"{STAGE_NAME} released {RELEASE}")
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = mail["List-Unsubscribe"].strip("<>")
        assert link.startswith(app_url + "/api/v1/notifications/unsubscribe?token=")
        assert link in mail.get_body(("plain",)).get_content()

        stranger = stranger_ctx.new_page()  # the mail is opened where nobody is signed in
        stranger.goto(link)
        stranger.get_by_text('Stop sending you "New releases" emails?').wait_for(timeout=TIMEOUT_MS)
        _plain_shots(stranger, "unsubscribe-confirm")
        stranger.get_by_role("button", name="Unsubscribe").click()
        stranger.get_by_text("Done: we will not send you").wait_for(timeout=TIMEOUT_MS)
        _plain_shots(stranger, "unsubscribe-done")

        with server_db(app_data_dir) as session:
            listener = session.exec(select(User).where(User.email == LISTENER[0])).one()
            saved = session.exec(select(NotificationPreference).where(
                NotificationPreference.user_id == listener.id, NotificationPreference.kind == "release")).one()
            assert (saved.email, saved.in_app) == (False, True)

        page.goto(app_url + "/settings/notifications")
        switch = page.locator("[data-testid=release-email]")
        switch.wait_for(timeout=TIMEOUT_MS)
        assert switch.get_attribute("data-state") == "unchecked"
        assert page.locator("[data-testid=release-in_app]").get_attribute("data-state") == "checked"
        _shots(page, "settings")
    finally:
        listener_ctx.close()
        stranger_ctx.close()
