"""A listener plays an album, follows the lyrics, browses on while it keeps playing, skips.

Runs against the real production build (``app_url``) with the demo catalog's Opus tracks
(~30-40 s each); headless Chromium plays them thanks to
``--autoplay-policy=no-user-gesture-required``. Audio state is read from the one
``<audio id="sc-audio">`` element with ``page.evaluate``.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000
AUDIO = "document.getElementById('sc-audio')"


def _audio(page) -> dict:
    return page.evaluate(
        f"() => {{ const a = {AUDIO}; return {{ t: a.currentTime, paused: a.paused,"
        " src: a.getAttribute('src'), probe: a.dataset.probe || null }; }"
    )


def _wait_playing_past(page, seconds: float) -> None:
    page.wait_for_function(
        f"(s) => {{ const a = {AUDIO}; return a && !a.paused && a.currentTime > s; }}",
        arg=seconds, timeout=TIMEOUT_MS,
    )


def _album_with_synced_lyrics(app_url: str) -> str:
    """The URL of an album of 2+ tracks whose first track has synced lyrics."""
    with urllib.request.urlopen(app_url + "/api/v1/tracks?page_size=100", timeout=10) as response:
        tracks = json.load(response)["items"]
    by_album: dict[str, list[dict]] = {}
    for track in tracks:
        if track["album_url"]:
            by_album.setdefault(track["album_url"], []).append(track)
    for url, items in by_album.items():
        items.sort(key=lambda t: (t["disc_number"], t["track_number"] or 0))
        if len(items) >= 2 and items[0]["has_synced_lyrics"]:
            return url
    pytest.fail("the demo catalog has no album whose first track has synced lyrics")


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")


def test_listening_journey(browser, app_url, screenshots_dir):
    album_url = _album_with_synced_lyrics(app_url)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(app_url + album_url)
    page.locator("[data-testid=track-row]").first.wait_for(timeout=TIMEOUT_MS)
    first_title = page.locator("[data-testid=track-title]").first.inner_text()

    # Play the album: the bar shows the first track and the time advances.
    page.locator("[data-testid=play-context]").click()
    page.locator("[data-testid=player-title]").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=player-title]").inner_text() == first_title
    _wait_playing_past(page, 1.2)
    elapsed = page.locator("[data-testid=player-elapsed]")
    first_text = elapsed.inner_text()
    page.wait_for_function(
        "(t) => document.querySelector('[data-testid=player-elapsed]').textContent !== t",
        arg=first_text, timeout=TIMEOUT_MS,
    )
    _settle(page)
    page.screenshot(path=str(screenshots_dir / "player-bar-desktop.png"))
    # The MediaSession (lock screen, media keys) knows what plays.
    assert page.evaluate("() => navigator.mediaSession.metadata.title") == first_title

    # Lyrics: click a later line and the audio jumps to that line's time.
    page.locator("[data-testid=lyrics-toggle]").click()
    page.locator("[data-lyric-time]").first.wait_for(timeout=TIMEOUT_MS)
    now_ms = _audio(page)["t"] * 1000
    times = [int(t) for t in page.eval_on_selector_all(
        "[data-lyric-time]", "els => els.map(e => e.getAttribute('data-lyric-time'))")]
    target_index = next(i for i, t in enumerate(times) if t > now_ms + 3000)
    target = page.locator("[data-lyric-time]").nth(target_index)
    target.click()
    position = _audio(page)["t"]
    assert abs(position - times[target_index] / 1000) <= 1.0, (position, times[target_index])
    page.wait_for_function(
        "(i) => document.querySelectorAll('[data-lyric-time]')[i].classList.contains('sc-lyric-active')",
        arg=target_index, timeout=TIMEOUT_MS,
    )
    page.mouse.move(10, 10)
    page.wait_for_timeout(400)  # the highlight fades in (CSS transition)
    page.screenshot(path=str(screenshots_dir / "lyrics-desktop.png"))
    page.locator("[data-testid=lyrics-toggle]").click()

    # Navigate client-side: the same <audio> element keeps playing, not restarted.
    page.evaluate(f"() => {{ {AUDIO}.dataset.probe = 'kept'; }}")
    before = _audio(page)
    page.locator(".sc-sidebar a[href='/browse']").click()
    page.wait_for_url(re.compile(r"/browse$"), timeout=TIMEOUT_MS)
    page.locator("[data-testid=genre-tile]").first.wait_for(timeout=TIMEOUT_MS)
    _wait_playing_past(page, before["t"] + 0.5)
    after = _audio(page)
    assert after["probe"] == "kept" and after["src"] == before["src"]
    assert after["t"] > before["t"]

    # Keyboard: Space pauses and resumes, the right arrow seeks 5 s ahead.
    page.keyboard.press("Space")
    page.wait_for_function(f"() => {AUDIO}.paused", timeout=TIMEOUT_MS)
    paused_at = _audio(page)["t"]
    page.keyboard.press("ArrowRight")
    assert abs(_audio(page)["t"] - (paused_at + 5)) <= 0.5
    page.keyboard.press("Space")
    page.wait_for_function(f"() => !{AUDIO}.paused", timeout=TIMEOUT_MS)

    # The queue panel shows what plays now and next; "next" moves on.
    page.locator("[data-testid=queue-toggle]").click()
    page.locator("[data-testid=queue-now]").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid=queue-row]").count() >= 1
    next_title = page.locator("[data-testid=queue-row] .sc-q-title").first.inner_text()
    page.screenshot(path=str(screenshots_dir / "queue-desktop.png"))
    page.locator("#sc-next").click()
    page.wait_for_function(
        "(t) => document.querySelector('[data-testid=player-title]').textContent === t",
        arg=next_title, timeout=TIMEOUT_MS,
    )
    _wait_playing_past(page, 0.3)
    next_src = _audio(page)["src"]
    assert next_src != before["src"]
    # Escape closes the queue panel and the music plays on.
    page.keyboard.press("Escape")
    page.locator("[data-testid=queue-panel]").wait_for(state="hidden", timeout=TIMEOUT_MS)
    assert not page.evaluate(f"() => {AUDIO}.paused")

    # Home now shows this browser's "Recently played" shelf.
    page.locator(".sc-sidebar nav a.sc-nav-link").first.click()
    page.get_by_role("heading", name="Recently played").wait_for(timeout=TIMEOUT_MS)

    # A reload restores the queue (paused: browsers block autoplay after a reload).
    page.reload()
    page.wait_for_function(
        "(t) => { const el = document.querySelector('[data-testid=player-title]');"
        " return el && el.textContent === t; }",
        arg=next_title, timeout=TIMEOUT_MS,
    )
    page.wait_for_function(
        f"(src) => {AUDIO}.getAttribute('src') === src", arg=next_src, timeout=TIMEOUT_MS
    )
    assert _audio(page)["paused"]
    page.close()


def test_player_on_a_phone(browser, app_url, screenshots_dir):
    album_url = _album_with_synced_lyrics(app_url)
    phone = browser.new_page(viewport=PHONE)
    phone.goto(app_url + album_url)
    phone.locator("[data-testid=play-context]").click()
    phone.locator("[data-testid=player-title]").wait_for(timeout=TIMEOUT_MS)
    _wait_playing_past(phone, 0.5)
    bar = phone.locator("[data-testid=player-bar]").bounding_box()
    nav = phone.locator(".sc-bottomnav").bounding_box()
    assert bar["y"] + bar["height"] <= nav["y"] + 1, "the bar sits above the bottom nav"
    _settle(phone)
    phone.screenshot(path=str(screenshots_dir / "player-bar-phone.png"))
    phone.locator("[data-testid=queue-toggle]").click()
    phone.locator("[data-testid=queue-now]").wait_for(timeout=TIMEOUT_MS)
    phone.screenshot(path=str(screenshots_dir / "queue-phone.png"))
    phone.locator("[data-testid=lyrics-toggle]").click()
    phone.locator("[data-lyric-time]").first.wait_for(timeout=TIMEOUT_MS)
    phone.wait_for_timeout(1200)
    phone.screenshot(path=str(screenshots_dir / "lyrics-phone.png"))
    panel = phone.locator("[data-testid=lyrics-panel]").bounding_box()
    assert panel["width"] >= PHONE["width"] - 1, "lyrics cover the screen on a phone"
    phone.close()
