"""Volume normalisation turns quiet tracks up, as far as their true peak allows.

Runs against the production build (``app_url``) with the demo catalog. The first two songs
of an album get loudness figures in the server's database: a quiet master with headroom
(-20 LUFS, peak -10 dBTP: +6 dB, the whole way to -14 LUFS) and a quiet master whose peak
stops the boost early (-20 LUFS, peak -3 dBTP: +2 dB, the peak lands on -1 dBTP). A boost
cannot be an element volume above 1, so the player routes the element through a Web Audio
gain node: the element stays at the listener's volume and the node adds the boost.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.helpers import TIMEOUT_MS, page_shots, server_db, sign_in, verified_account

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
REPORTS = Path("/tmp/reports/import")
AUDIO = "document.getElementById('sc-audio')"
PASSWORD = "correct horse battery"


def _album_tracks(app_url: str) -> list[dict]:
    with urllib.request.urlopen(app_url + "/api/v1/tracks?page_size=50", timeout=10) as response:
        tracks = json.load(response)["items"]
    by_album: dict[str, list[dict]] = {}
    for track in tracks:
        if track["album_url"]:
            by_album.setdefault(track["album_url"], []).append(track)
    album = next(items for items in by_album.values() if len(items) >= 2)
    return sorted(album, key=lambda t: (t["disc_number"], t["track_number"] or 0))


def _playing(page, track_id: int) -> dict:
    page.wait_for_function(
        f"() => {{ const a = {AUDIO}; return a && !a.paused && a.currentTime > 0.3"
        f" && (a.getAttribute('src') || '').includes('/tracks/{track_id}/stream'); }}", timeout=TIMEOUT_MS)
    page.wait_for_function("() => window.scPlayer.level().boost > 1", timeout=TIMEOUT_MS)
    return page.evaluate("() => ({ gain: window.scPlayer.gain(), ...window.scPlayer.level(),"
                         " slider: document.getElementById('sc-volume').value })")


def test_quiet_tracks_are_boosted_up_to_their_peak_headroom(browser, app_url, app_data_dir):
    from spoticlone.models import TrackLoudness

    REPORTS.mkdir(parents=True, exist_ok=True)
    first, second = _album_tracks(app_url)[:2]
    with server_db(app_data_dir) as session:
        verified_account(session, email="quinn@example.com", username="quinn_quiet", password=PASSWORD)
        session.merge(TrackLoudness(track_id=first["id"], integrated_lufs=-20.0, true_peak_dbtp=-10.0))
        session.merge(TrackLoudness(track_id=second["id"], integrated_lufs=-20.0, true_peak_dbtp=-3.0))
        session.commit()

    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, app_url, "quinn@example.com", PASSWORD)
    page.goto(app_url + first["album_url"])
    page.locator("[data-testid=play-context]").click()
    heard = _playing(page, first["id"])
    assert heard["gain"] == pytest.approx(10 ** (6 / 20), abs=0.01)
    assert heard["boost"] == pytest.approx(heard["gain"], abs=0.01)
    assert heard["volume"] == pytest.approx(1.0) and heard["slider"] == "1"
    overflow = page_shots(page, REPORTS, "volume-boost-playing", desktop=DESKTOP)
    assert not overflow, overflow

    page.locator("#sc-next").click()
    heard = _playing(page, second["id"])
    assert heard["gain"] == pytest.approx(10 ** (2 / 20), abs=0.01)  # only up to -1 dBTP
    assert heard["boost"] == pytest.approx(heard["gain"], abs=0.01)

    # The listener's own volume still scales what they hear; the boost stays on top.
    page.locator("#sc-volume").fill("0.5")
    page.wait_for_function(f"() => Math.abs({AUDIO}.volume - 0.5) < 0.01", timeout=TIMEOUT_MS)
    assert page.evaluate("() => window.scPlayer.level().boost") == pytest.approx(10 ** (2 / 20), abs=0.01)
    page.close()
