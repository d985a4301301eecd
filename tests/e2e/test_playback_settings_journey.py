"""A listener's loud track is turned down, then they pick a streaming quality and turn
normalisation off on the Playback settings page; the player follows both.

Runs against the production build (``app_url``) with the demo catalog. The track's loudness
is written into the server's database (-8 LUFS, a loud master), so the expected gain is
-6 dB: the element plays at the listener's volume times 10^(-6/20).
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.helpers import TIMEOUT_MS, page_shots, server_db, sign_in, verified_account

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 860}
REPORTS = Path("/tmp/reports/B")
AUDIO = "document.getElementById('sc-audio')"
PASSWORD = "correct horse battery"


def _first_album_track(app_url: str) -> dict:
    with urllib.request.urlopen(app_url + "/api/v1/tracks?page_size=50", timeout=10) as response:
        tracks = json.load(response)["items"]
    by_album: dict[str, list[dict]] = {}
    for track in tracks:
        if track["album_url"]:
            by_album.setdefault(track["album_url"], []).append(track)
    items = sorted(next(iter(by_album.values())), key=lambda t: (t["disc_number"], t["track_number"] or 0))
    return items[0]


def _player(page) -> dict:
    return page.evaluate(
        f"() => {{ const a = {AUDIO}; return {{ src: a.getAttribute('src'), volume: a.volume,"
        " gain: window.scPlayer.gain(), slider: document.getElementById('sc-volume').value }; }"
    )


def test_playback_settings_journey(browser, app_url, app_data_dir):
    from spoticlone.models import TrackLoudness

    REPORTS.mkdir(parents=True, exist_ok=True)
    track = _first_album_track(app_url)
    with server_db(app_data_dir) as session:
        verified_account(session, email="pat@example.com", username="pat_plays", password=PASSWORD)
        session.merge(TrackLoudness(track_id=track["id"], integrated_lufs=-8.0, true_peak_dbtp=-0.5))
        session.commit()

    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, app_url, "pat@example.com", PASSWORD)

    # Defaults: normal quality, normalisation on (the loud track plays 6 dB down).
    page.goto(app_url + track["album_url"])
    page.locator("[data-testid=play-context]").click()
    page.wait_for_function(f"() => {{ const a = {AUDIO}; return a && !a.paused && a.currentTime > 0.3; }}",
                           timeout=TIMEOUT_MS)
    playing = _player(page)
    assert playing["src"].endswith(f"/tracks/{track['id']}/stream?quality=normal")
    assert playing["gain"] == pytest.approx(10 ** (-6 / 20), abs=0.01)
    assert playing["volume"] == pytest.approx(playing["gain"], abs=0.01)
    assert playing["slider"] == "1"  # the slider shows the listener's volume, not the gain

    # The settings page, reached from the account menu.
    page.locator(".sc-main-top [data-testid=account-menu]").click()
    page.get_by_role("menuitem", name="Playback").click()
    page.locator("[data-testid=quality-normal]").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=quality-normal]").is_checked()
    overflow = page_shots(page, REPORTS, "playback-settings", desktop=DESKTOP)
    assert not overflow, overflow

    page.locator("label[for=quality-high]").click()
    page.get_by_text("Streaming quality: High (320 kbps)").wait_for(timeout=TIMEOUT_MS)
    page.locator("[data-testid=normalise-volume]").click()
    page.get_by_text("Volume normalisation is off.").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=normalise-volume]").get_attribute("aria-checked") == "false"
    # The track still loaded in the player is at full volume again at once.
    page.wait_for_function("() => window.scPlayer.gain() === 1", timeout=TIMEOUT_MS)
    assert _player(page)["volume"] == pytest.approx(1.0)
    page.wait_for_timeout(400)  # the switch slides (CSS transition)
    page.screenshot(path=str(REPORTS / "playback-settings-saved-desktop.png"), full_page=True)

    # Saved on the server: a reload shows them, and the next track streams at High.
    page.reload()
    page.locator("[data-testid=quality-high]").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=quality-high]").is_checked()
    assert page.locator("[data-testid=normalise-volume]").get_attribute("aria-checked") == "false"
    page.goto(app_url + track["album_url"])
    page.locator("[data-testid=play-context]").click()
    page.wait_for_function(
        f"() => ({AUDIO}.getAttribute('src') || '').endsWith('?quality=high') && !{AUDIO}.paused",
        timeout=TIMEOUT_MS)
    page.close()
