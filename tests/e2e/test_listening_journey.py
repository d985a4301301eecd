"""A listener plays an album, follows the lyrics, browses on while it keeps playing, skips.

Runs against the real production build (``app_url``) with the demo catalog's Opus tracks
(~30-40 s each); headless Chromium plays them thanks to
``--autoplay-policy=no-user-gesture-required``. Audio state is read from the one
``<audio id="sc-audio">`` element with ``page.evaluate``.
"""

from __future__ import annotations

import json
import re
import time
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


def _api(app_url: str, path: str) -> dict:
    with urllib.request.urlopen(app_url + path, timeout=10) as response:
        return json.load(response)


def _first_track(app_url: str, album_url: str) -> dict:
    tracks = [t for t in _api(app_url, "/api/v1/tracks?page_size=100")["items"] if t["album_url"] == album_url]
    return min(tracks, key=lambda t: (t["disc_number"], t["track_number"] or 0))


def _event_names(sent: list[tuple[float, str]]) -> list[str]:
    """The handlers named by the websocket events a page sent (for failure messages)."""
    return [name for _, payload in sent for name in re.findall(r'_state\.([a-z][a-z_]*)\\?"', payload)]


def _black(png: bytes) -> bool:
    """Whether a screenshot clip is solid black (nothing of the page shows through)."""
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(png)) as image:
        return all(max(pixel[:3]) <= 12 for pixel in image.convert("RGB").get_flattened_data())


def _seek_with_slider(page, selector: str, seconds: float) -> None:
    """Drag a range input to ``seconds`` the way a finger does: input events, then change."""
    page.eval_on_selector(
        selector,
        "(el, s) => { el.value = String(s); el.dispatchEvent(new Event('input', {bubbles: true}));"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }",
        seconds,
    )


def _tap_mini_player(page) -> None:
    """Tap the song title in the mini-player (the tap layer covers it, not the buttons)."""
    title = page.locator("[data-testid=player-title]").bounding_box()
    page.mouse.click(title["x"] + min(20, title["width"] / 2), title["y"] + title["height"] / 2)


def test_player_on_a_phone(browser, app_url, screenshots_dir):
    """Mini-player, full-screen now-playing view, and an idle listener's quiet websocket."""
    album_url = _album_with_synced_lyrics(app_url)
    first = _first_track(app_url, album_url)
    phone = browser.new_page(viewport=PHONE)
    sent: list[tuple[float, str]] = []
    phone.on("websocket", lambda ws: ws.on(
        "framesent", lambda payload: sent.append((time.monotonic(), str(payload)))))
    phone.goto(app_url + album_url)
    phone.locator("[data-testid=play-context]").click()
    phone.locator("[data-testid=player-title]").wait_for(timeout=TIMEOUT_MS)
    _wait_playing_past(phone, 0.5)

    # An idle listener costs a report every ~10 s, not a websocket event per second.
    start_time, start_clock = _audio(phone)["t"], time.monotonic()
    phone.wait_for_timeout(12_000)
    window = [p for t, p in sent if t >= start_clock and p.startswith("42")]
    heard = _audio(phone)
    assert heard["t"] - start_time >= 10, "the track kept playing during the window"
    assert len(window) <= 3, f"{len(window)} websocket events in 12 s of playback: {window}"

    # The mini-player: cover, title, play/pause; tapping it slides up the full view.
    assert phone.locator("#sc-play").is_visible() and not phone.locator("#sc-next").is_visible()
    view = phone.locator("[data-testid=now-playing-view]")
    assert not view.is_visible()
    _tap_mini_player(phone)
    view.wait_for(state="visible", timeout=TIMEOUT_MS)
    _seek_with_slider(phone, "[data-testid=fp-seek]", 1.0)  # room to finish the journey
    phone.wait_for_function(f"() => {AUDIO}.currentTime < 4", timeout=TIMEOUT_MS)
    phone.wait_for_function(  # the slide-up transition ends with the view at the top
        "() => document.querySelector('[data-testid=now-playing-view]').getBoundingClientRect().top === 0",
        timeout=TIMEOUT_MS)
    box = view.bounding_box()
    assert box["y"] == 0 and box["height"] >= PHONE["height"] - 1 and box["width"] >= PHONE["width"] - 1
    shown = phone.locator("[data-testid=fp-title]").inner_text()
    assert shown == first["title"], f"{shown} {_audio(phone)}: {' '.join(_event_names(sent))}"
    for testid in ("fp-seek", "fp-prev", "fp-play", "fp-next", "fp-shuffle", "fp-repeat",
                   "fp-lyrics", "fp-queue", "fp-close", "like-button"):
        assert view.locator(f"[data-testid={testid}]").is_visible(), testid

    # Lyrics open over the view, highlighted as the song plays; Escape returns to it.
    phone.locator("[data-testid=fp-lyrics]").click()
    phone.locator("[data-lyric-time]").first.wait_for(timeout=TIMEOUT_MS)
    panel = phone.locator("[data-testid=lyrics-panel]").bounding_box()
    assert panel["width"] >= PHONE["width"] - 1 and panel["height"] >= PHONE["height"] - 1
    phone.wait_for_function("() => document.querySelector('.sc-lyric-active') !== null", timeout=TIMEOUT_MS)
    phone.wait_for_timeout(500)
    phone.screenshot(path=str(screenshots_dir / "lyrics-phone.png"))
    phone.keyboard.press("Escape")
    phone.locator("[data-testid=lyrics-panel]").wait_for(state="detached", timeout=TIMEOUT_MS)
    assert view.is_visible()
    phone.screenshot(path=str(screenshots_dir / "now-playing-phone.png"))

    # The play still counts (min(30 s, half the track)) from those reports (the seek back
    # added no listening time, the seconds heard after it do).
    deadline = time.monotonic() + 45
    while _api(app_url, f"/api/v1/tracks/{first['id']}")["play_count"] <= first["play_count"]:
        assert time.monotonic() < deadline, "the play was not recorded"
        phone.wait_for_timeout(1000)

    phone.locator("[data-testid=fp-shuffle]").click()
    phone.wait_for_function(
        "() => document.querySelector('[data-testid=fp-shuffle]').classList.contains('sc-on')",
        timeout=TIMEOUT_MS)
    phone.locator("[data-testid=fp-repeat]").click()
    phone.wait_for_function(
        "() => document.querySelector('[data-testid=fp-repeat]').getAttribute('aria-label') === 'Repeat: all'",
        timeout=TIMEOUT_MS)
    phone.locator("[data-testid=fp-shuffle]").click()
    phone.wait_for_function(
        "() => !document.querySelector('[data-testid=fp-shuffle]').classList.contains('sc-on')",
        timeout=TIMEOUT_MS)

    # The queue, then "next" and "previous" from the view.
    phone.locator("[data-testid=fp-queue]").click()
    phone.locator("[data-testid=queue-now]").wait_for(timeout=TIMEOUT_MS)
    now_title = phone.locator("[data-testid=fp-title]").inner_text()
    next_title = phone.locator("[data-testid=queue-row] .sc-q-title").first.inner_text()
    phone.screenshot(path=str(screenshots_dir / "queue-phone.png"))
    phone.locator("[data-testid=queue-panel] button[aria-label=Close]").click()
    phone.locator("[data-testid=queue-panel]").wait_for(state="detached", timeout=TIMEOUT_MS)
    phone.locator("[data-testid=fp-next]").click()
    phone.wait_for_function(
        "(t) => document.querySelector('[data-testid=fp-title]').textContent === t",
        arg=next_title, timeout=TIMEOUT_MS)
    _wait_playing_past(phone, 0.3)
    phone.locator("[data-testid=fp-prev]").click()  # at the start of a track: back one
    phone.wait_for_function(
        "(t) => document.querySelector('[data-testid=fp-title]').textContent === t",
        arg=now_title, timeout=TIMEOUT_MS)

    # The down chevron closes the view; Escape does too; the music plays on.
    phone.locator("[data-testid=fp-close]").click()
    view.wait_for(state="hidden", timeout=TIMEOUT_MS)
    _tap_mini_player(phone)
    view.wait_for(state="visible", timeout=TIMEOUT_MS)
    phone.keyboard.press("Escape")
    view.wait_for(state="hidden", timeout=TIMEOUT_MS)
    _wait_playing_past(phone, 0.2)

    # The mini-player sits above the tab bar, and nothing of the track list shows around
    # it or through the tab bar; the last rows scroll clear of it.
    bar = phone.locator("[data-testid=player-bar]").bounding_box()
    nav = phone.locator(".sc-bottomnav").bounding_box()
    assert bar["y"] + bar["height"] <= nav["y"] + 1, "the bar sits above the bottom nav"
    phone.mouse.wheel(0, 400)
    phone.wait_for_timeout(300)
    for clip in ({"x": 0, "y": bar["y"], "width": 8, "height": bar["height"]},
                 {"x": 0, "y": bar["y"], "width": PHONE["width"], "height": 4},
                 {"x": 0, "y": nav["y"] + nav["height"] - 6, "width": 10, "height": 6}):
        assert _black(phone.screenshot(clip=clip)), f"page content shows through at {clip}"
    phone.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    phone.wait_for_timeout(300)
    lowest = phone.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.sc-main a, .sc-main p, .sc-main span')]"
        ".filter(e => e.offsetParent && e.getBoundingClientRect().height > 0)"
        ".map(e => e.getBoundingClientRect().bottom))")
    assert lowest <= bar["y"] + 1, (lowest, bar["y"])
    phone.screenshot(path=str(screenshots_dir / "player-bar-phone.png"))

    # A desktop window keeps the full bar; the phone view and tap layer are gone.
    phone.set_viewport_size({"width": 1280, "height": 800})
    phone.wait_for_timeout(500)
    assert phone.locator("#sc-prev").is_visible() and phone.locator("#sc-seek").is_visible()
    assert not phone.locator("[data-testid=player-expand]").is_visible()
    assert not view.is_visible()
    phone.screenshot(path=str(screenshots_dir / "player-bar-1280.png"))
    phone.close()
