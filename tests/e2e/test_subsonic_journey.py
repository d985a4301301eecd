"""The README's "Use your phone" steps, end to end against the production build.

A listener signs in, makes an app password in Settings → Security (shown once), and a
real Subsonic client library (py-sonic) signs in with the server address, the username
and that app password: browses the seeded catalog, streams a range, and the settings
page then shows the key as used. Finally the key is revoked and stops working.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import libsonic
import pytest

from spoticlone import routes
from tests.e2e.helpers import DESKTOP, TIMEOUT_MS, page_shots, server_db, sign_in, verified_account

pytestmark = pytest.mark.e2e

EMAIL = "phone.listener@example.test"
USERNAME = "phone_listener"
PASSWORD = "a long walk to the river"
REPORTS = Path("/tmp/reports/S")


def test_use_your_phone(browser, app_url, app_data_dir, screenshots_dir):
    with server_db(app_data_dir) as session:
        verified_account(session, email=EMAIL, username=USERNAME, password=PASSWORD)
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, app_url, EMAIL, PASSWORD)
    page.goto(app_url + routes.SETTINGS_SECURITY)
    page.get_by_role("heading", name="Apps and devices").wait_for()
    page.locator("#app_password_name").fill("Car stereo")
    page.get_by_role("button", name="Make an app password").click()
    shown = page.locator("#new-app-password")
    shown.wait_for()
    key = shown.inner_text().strip()
    assert len(key.replace("-", "")) == 20
    overflow = page_shots(page, screenshots_dir, "subsonic-app-password")
    assert not overflow, overflow

    address = urlsplit(app_url)
    phone = libsonic.Connection(f"{address.scheme}://{address.hostname}", USERNAME, key, port=address.port,
                                appName="e2e-phone")
    assert phone.ping()
    artist_id = phone.getArtists()["artists"]["index"][0]["artist"][0]["id"]
    album_id = phone.getArtist(artist_id)["artist"]["album"][0]["id"]
    song = phone.getAlbum(album_id)["album"]["song"][0]
    assert phone.stream(song["id"]).read(64)

    page.get_by_role("button", name="Done").click()
    page.reload()
    # The page state survives the reload for a moment: wait for the fresh list.
    row = page.locator(".sc-device", has_text="Car stereo").filter(has_not_text="last used never")
    row.wait_for()
    page_shots(page, screenshots_dir, "subsonic-app-password-used")
    REPORTS.mkdir(parents=True, exist_ok=True)
    for name in ("subsonic-app-password", "subsonic-app-password-used"):
        for kind in ("desktop", "phone"):
            shutil.copy(screenshots_dir / f"{name}-{kind}.png", REPORTS / f"{name}-{kind}.png")

    row.get_by_role("button", name="Revoke Car stereo").click()
    row.wait_for(state="detached")
    with pytest.raises(Exception):  # noqa: B017 - py-sonic raises its own error classes
        phone.ping()
