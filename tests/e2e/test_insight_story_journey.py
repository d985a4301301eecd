"""Admin and listener insight, the issue's "done when" in one story on the production build.

An admin opens the analytics dashboard on a simulated history (the real ``simulate-activity``
command, small) and sees every chart drawn, changes the period and exports a section as CSV;
opens the data browser, finds a user, edits a field through the profile rules and reads the
change in the audit log. A listener is told in the bell and by email (the server's outbox,
written by the real job worker) when a followed artist publishes, unsubscribes from that kind
of email by the message's own link without signing in, files a support request with a
screenshot from the Help page (which nobody else can open), and reads the admin's canned reply.

Every page the story passes through must fit a phone's width (no sideways scrolling). With
``SPOTICLONE_INSIGHT_SHOTS`` set to a folder, it also photographs the dashboard, the data
browser, the support inbox and a year-in-review card at 1280x800 and 390x844. The simulated
history is removed at the end (``--remove``), leaving the shared catalog as it was.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from datetime import date
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from spoticlone import routes
from spoticlone.models import (
    Album,
    ArtistFollow,
    ArtistProfile,
    Notification,
    NotificationPreference,
    PlayEvent,
    Role,
    SyntheticUser,
    Track,
    TrackStatus,
    User,
)
from tests.e2e.helpers import PHONE, TIMEOUT_MS, server_db, settle, sign_in, verified_account
from tests.images import png

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
WIDE = {"width": 1280, "height": 800}
SHOTS = Path(os.environ["SPOTICLONE_INSIGHT_SHOTS"]) if os.environ.get("SPOTICLONE_INSIGHT_SHOTS") else None
ADMIN = ("insight.admin@example.test", "insight_admin", "numbers from the database")
LISTENER = ("insight.listener@example.test", "insight_listener", "tell me about new music")
ARTIST = ("insight.artist@example.test", "insight_artist", "my new release is out")
TARGET = "story_target"
STAGE_NAME, RELEASE = "Story Lights", "Bell Tower"
CANNED = "Thanks for the details! We fixed the player; reload the page and it plays to the end."
CHARTS = ("active", "plays", "signups", "funnel", "catalog", "browsers", "devices")
MISSING = "a song nobody has uploaded"


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SPOTICLONE_DATA_DIR": str(data_dir), "SPOTICLONE_ENV": "development"}
    env.pop("SPOTICLONE_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "spoticlone.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def _world(data_dir: Path) -> int:
    """The accounts, a draft release by an artist the listener follows, a canned answer; the album id."""
    from spoticlone.services.core.actor import load_actor
    from spoticlone.services.insight import searches
    from spoticlone.services.support import canned, help_articles

    with server_db(data_dir) as session:
        admin = verified_account(session, email=ADMIN[0], username=ADMIN[1], password=ADMIN[2], role=Role.ADMIN)
        listener = verified_account(session, email=LISTENER[0], username=LISTENER[1], password=LISTENER[2])
        owner = verified_account(session, email=ARTIST[0], username=ARTIST[1], password=ARTIST[2],
                                 role=Role.ARTIST)
        session.add(User(email="story.target@example.test", username=TARGET, password_hash="-",
                         email_verified=True, first_name="Robin"))
        artist = ArtistProfile(stage_name=STAGE_NAME, slug="story-lights", bio="", user_id=owner.id)
        session.add(artist)
        session.commit()
        album = Album(title=RELEASE, slug="bell-tower", artist_id=artist.id)
        session.add(album)
        session.commit()
        seeded = session.exec(select(Track).where(Track.status == TrackStatus.PUBLISHED).order_by(Track.id)).first()
        session.add(Track(title="Ring Out", slug="ring-out", artist_id=artist.id, album_id=album.id,
                          track_number=1, duration_ms=seeded.duration_ms, audio_key=seeded.audio_key,
                          audio_format=seeded.audio_format, mime_type=seeded.mime_type,
                          file_size=seeded.file_size, status=TrackStatus.DRAFT))
        session.add(ArtistFollow(user_id=listener.id, artist_id=artist.id))
        session.commit()
        help_articles.seed_defaults(session)  # a no-op when the migration already wrote them
        canned.create_canned(session, actor=load_actor(session, admin.id), title="Player fixed", body=CANNED)
        # A search that found nothing today, whatever the simulation's dice say.
        searches.record_miss(session, term=MISSING, day=date.today())
        session.commit()
        return album.id


def _fits(page, name: str) -> None:
    """The page does not scroll sideways at desktop or phone width (photographed when asked)."""
    for kind, size in (("1280", WIDE), ("390", PHONE)):
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")
        if SHOTS is not None:
            settle(page)
            page.wait_for_timeout(500)  # plotly's resize handler settles the charts' widths
            page.screenshot(path=str(SHOTS / f"{name}-{kind}.png"), full_page=True)
        page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth",
                               timeout=5000)
    page.set_viewport_size(WIDE)


def _drawn(page) -> None:
    for key in CHARTS:
        page.locator(f"[data-testid=chart-{key}] .main-svg").first.wait_for()
    assert page.locator("[data-testid=heat-clock] .sc-in-cell").count() == 7 * 24
    assert page.locator("[data-testid=heat-cohorts] .sc-in-cell").count() > 0
    assert page.locator("[data-testid=section-top_tracks] tbody tr").count() > 0


def _post(url: str, body: dict, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _until(check, what: str, seconds: float = 60):
    """Poll ``check`` (the job worker runs on its own clock) until it returns something."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"no {what} after {seconds:.0f} s")


def _mail_to(outbox: Path, address: str, subject: str):
    def find():
        for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if message["To"] == address and message["Subject"] == subject:
                return message
        return None
    return _until(find, f"email {subject!r} to {address}", 90)  # the sweep runs each minute


def _release_told(data_dir: Path, listener: str) -> bool:
    with server_db(data_dir) as session:
        user = session.exec(select(User).where(User.email == listener)).one()
        return session.exec(select(Notification.id).where(Notification.user_id == user.id,
                                                          Notification.kind == "release")).first() is not None


def admin_reads_the_dashboard(page, app_url: str) -> None:
    page.goto(app_url + routes.ADMIN_ANALYTICS + "?range=90d")
    page.get_by_test_id("admin-analytics").wait_for()
    _drawn(page)
    assert page.get_by_test_id("figure-plays").inner_text() not in ("", "0")
    assert page.locator("[data-testid=section-search_misses]").get_by_text(MISSING).count() == 1
    _fits(page, "dashboard")

    before = page.get_by_test_id("analytics-period").inner_text()
    page.get_by_test_id("range-7d").click()
    page.wait_for_url("**/admin/analytics?range=7d")
    page.wait_for_function(
        "before => document.querySelector('[data-testid=analytics-period]').innerText !== before", arg=before)
    _drawn(page)
    shown = page.locator("[data-testid=section-top_tracks] tbody tr").first.inner_text()

    with page.expect_download() as download:
        page.get_by_test_id("csv-top_tracks").click()
    assert download.value.suggested_filename.startswith("spoticlone-top-tracks-")
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0] == "rank,track,artist,plays,listening_hours"
    rank, track = lines[1].split(",")[:2]
    assert rank == "1" and track.strip('"') in shown  # the CSV holds what the table shows


def admin_edits_a_user_and_reads_the_audit_log(page, app_url: str, data_dir: Path) -> None:
    page.goto(app_url + routes.ADMIN_DATA)
    page.get_by_test_id("table-link-user").wait_for()
    assert "accounts" in page.get_by_test_id("table-list").inner_text().lower()
    _fits(page, "data-browser")

    page.get_by_test_id("table-link-user").click()
    page.get_by_test_id("data-rows").wait_for()
    page.get_by_test_id("data-search").fill(TARGET)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(f"**q={TARGET}**")
    rows = page.get_by_test_id("data-rows")
    rows.get_by_text(TARGET, exact=True).wait_for()
    assert "hidden" not in rows.inner_text()
    _fits(page, "data-browser-table")

    rows.get_by_test_id("open-row").first.click()
    page.get_by_test_id("data-row").wait_for()
    assert "hidden" in page.get_by_test_id("field-password_hash").inner_text()
    first_name = page.get_by_test_id("field-first_name")
    first_name.get_by_role("textbox").fill("  Robin   Hood ")
    first_name.get_by_test_id("save-first_name").click()
    page.get_by_test_id("data-notice").get_by_text("first_name is now Robin Hood").wait_for()
    with server_db(data_dir) as session:
        assert session.exec(select(User).where(User.username == TARGET)).one().first_name == "Robin Hood"

    page.goto(app_url + routes.admin_audit_url(action="data.user"))
    entry = page.get_by_test_id("audit-entry").first
    entry.get_by_text("data.user.first_name").wait_for()
    text = entry.inner_text()
    assert ADMIN[1] in text and "Robin Hood" in text and "Robin" in text


def listener_is_told_and_unsubscribes(page, stranger, app_url: str, data_dir: Path, album_id: int) -> None:
    bell = page.locator(".sc-main-top [data-testid=notification-bell]")
    bell.wait_for()
    assert page.locator(".sc-main-top [data-testid=bell-count]").count() == 0

    token = _post(app_url + "/api/v1/auth/login", {"email": ARTIST[0], "password": ARTIST[2]})["access_token"]
    _post(f"{app_url}/api/v1/studio/releases/{album_id}/publish", {"affirm_rights": True}, token)
    # The followers are told by a job after the publish commits; any navigation then recounts.
    _until(lambda: _release_told(data_dir, LISTENER[0]), "release notification")
    page.goto(app_url + "/library")
    count = page.locator(".sc-main-top [data-testid=bell-count]")
    count.wait_for()
    assert count.inner_text() == "1"
    assert bell.get_attribute("aria-label") == "Notifications, 1 unread"
    _fits(page, "bell")

    bell.click()
    page.wait_for_url(f"{app_url}/notifications")
    row = page.locator("[data-testid=notification-row]").first
    row.wait_for()
    assert f"{STAGE_NAME} released {RELEASE}" in row.inner_text()
    _fits(page, "notifications")
    row.click()
    page.wait_for_url(f"{app_url}/album/{album_id}-bell-tower")
    page.locator(".sc-main-top [data-testid=notification-bell]").wait_for()
    page.wait_for_function("() => !document.querySelector('.sc-main-top [data-testid=bell-count]')")

    mail = _mail_to(data_dir / "outbox", LISTENER[0], f"{STAGE_NAME} released {RELEASE}")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = mail["List-Unsubscribe"].strip("<>")
    assert link.startswith(app_url + "/api/v1/notifications/unsubscribe?token=")
    assert link in mail.get_body(("plain",)).get_content()

    stranger.goto(link)  # the mail is opened where nobody is signed in
    stranger.get_by_text('Stop sending you "New releases" emails?').wait_for()
    stranger.get_by_role("button", name="Unsubscribe").click()
    stranger.get_by_text("Done: we will not send you").wait_for()
    with server_db(data_dir) as session:
        listener = session.exec(select(User).where(User.email == LISTENER[0])).one()
        saved = session.exec(select(NotificationPreference).where(
            NotificationPreference.user_id == listener.id, NotificationPreference.kind == "release")).one()
        assert (saved.email, saved.in_app) == (False, True)

    page.goto(app_url + "/settings/notifications")
    switch = page.locator("[data-testid=release-email]")
    switch.wait_for()
    assert switch.get_attribute("data-state") == "unchecked"
    assert page.locator("[data-testid=release-in_app]").get_attribute("data-state") == "checked"
    _fits(page, "notification-settings")


def listener_files_a_support_request(page, app_url: str, screenshot: Path) -> str:
    page.goto(app_url + "/help")
    page.locator("[data-testid=help-article]").first.wait_for()
    page.locator("[data-testid=help-article] summary").nth(2).click()
    assert page.get_by_text("Make an app password").first.is_visible()
    assert page.locator("[data-testid=help-articles] script").count() == 0
    _fits(page, "help")

    page.locator("[data-testid=contact-support]").click()
    page.wait_for_url(re.compile(r".*/support/new\?from=/help"))
    page.locator("[data-testid=support-subject]").fill("Songs stop after 30 seconds")
    page.locator("[data-testid=support-message-input]").fill(
        "Every song stops after half a minute, on every album.\nIt started yesterday.")
    page.locator("[data-testid=support-context-preview]").get_by_text("/help").wait_for()
    not_a_picture = screenshot.with_name("notes.txt")
    not_a_picture.write_text("not a picture")
    page.locator("#support-screenshot input[type=file]").set_input_files(str(not_a_picture))
    refusal = page.locator("[data-testid=support-error]")
    refusal.get_by_text("That file can't be used").wait_for()  # and the empty upload after it keeps it:
    page.wait_for_timeout(1000)
    assert refusal.is_visible() and page.locator("[data-testid=support-screenshot-name]").count() == 0
    page.locator("#support-screenshot input[type=file]").set_input_files(str(screenshot))
    page.locator("[data-testid=support-screenshot-name]").wait_for()
    assert page.locator("[data-testid=support-error]").count() == 0
    _fits(page, "support-form")
    page.locator("[data-testid=support-send]").click()
    page.wait_for_url(re.compile(r".*/support/requests/\d+"))
    page.get_by_text("Every song stops after half a minute").wait_for()
    page.locator("[data-testid=support-context] img").wait_for()
    return page.url


def admin_answers_with_a_canned_reply(page, app_url: str) -> None:
    page.goto(app_url + "/admin/support?status=open&assigned=nobody")
    row = page.locator("[data-testid=support-request-row]", has_text="Songs stop after 30 seconds")
    row.wait_for()
    _fits(page, "support-inbox")
    row.click()
    page.locator("[data-testid=support-canned]").click()
    page.get_by_role("menuitem", name="Player fixed").click()
    reply = page.locator("[data-testid=support-reply]")
    page.wait_for_function("el => el.value.includes('We fixed the player')", arg=reply.element_handle())
    page.locator("[data-testid=support-staff-send]").click()
    page.locator("[data-testid=support-notice]").wait_for()
    assert page.locator("[data-testid=support-status]").first.inner_text() == "Waiting for listener"
    _fits(page, "support-request-admin")


def _year_in_review_shots(browser, app_url: str, data_dir: Path) -> None:
    """Only when photographing: a simulated listener's year in review and its card."""
    from spoticlone.services.auth.passwords import hash_password

    with server_db(data_dir) as session:
        busiest = session.exec(
            select(PlayEvent.user_id).join(SyntheticUser, col(SyntheticUser.user_id) == PlayEvent.user_id)
            .group_by(col(PlayEvent.user_id)).order_by(func.count().desc())).first()
        person = session.get(User, busiest)
        person.password_hash, person.email_verified = hash_password("a year of listening"), True
        session.add(person)
        session.commit()
        email = person.email
    context = browser.new_context(viewport=WIDE)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        sign_in(page, app_url, email, "a year of listening")
        year = date.today().year
        page.goto(app_url + routes.year_review_url(year))
        page.get_by_test_id("year-card").wait_for()
        _fits(page, "year-in-review")
        page.goto(app_url + routes.year_card_url(year))
        page.screenshot(path=str(SHOTS / "year-card-og.png"))
    finally:
        context.close()


def test_admin_and_listener_insight_story(browser, app_url, app_data_dir, tmp_path):
    album_id = _world(app_data_dir)
    made = _cli(app_data_dir, "simulate-activity", "--users", "6", "--days", "21", "--seed", "13")
    assert made.returncode == 0, made.stderr
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
    screenshot = tmp_path / "player.png"
    screenshot.write_bytes(png(900, 560, (30, 200, 90)))
    contexts = [browser.new_context(viewport=WIDE) for _ in range(3)]
    try:
        admin, listener, stranger = (context.new_page() for context in contexts)
        for page in (admin, listener, stranger):
            page.set_default_timeout(TIMEOUT_MS)
        sign_in(admin, app_url, ADMIN[0], ADMIN[2])
        admin_reads_the_dashboard(admin, app_url)
        admin_edits_a_user_and_reads_the_audit_log(admin, app_url, app_data_dir)

        sign_in(listener, app_url, LISTENER[0], LISTENER[2])
        listener_is_told_and_unsubscribes(listener, stranger, app_url, app_data_dir, album_id)
        request_url = listener_files_a_support_request(listener, app_url, screenshot)
        sign_in(stranger, app_url, ARTIST[0], ARTIST[2])  # someone else cannot open it
        stranger.goto(request_url)
        stranger.locator("[data-testid=not-found]").wait_for()
        assert stranger.get_by_text("Every song stops").count() == 0
        admin_answers_with_a_canned_reply(admin, app_url)
        listener.goto(request_url)
        listener.get_by_text("We fixed the player").wait_for()
        assert listener.locator("[data-testid=support-status]").first.inner_text() == "Waiting for you"
        _fits(listener, "support-conversation")
        if SHOTS is not None:
            _year_in_review_shots(browser, app_url, app_data_dir)
    finally:
        for context in contexts:
            context.close()
        removed = _cli(app_data_dir, "simulate-activity", "--remove")
        assert removed.returncode == 0, removed.stderr
