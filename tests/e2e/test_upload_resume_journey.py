"""An artist's connection drops in the middle of an upload, and the upload goes on from where
the server stopped receiving, not from the start.

Runs against the production build with the job worker (``app_url``). Two songs are sent with
the browser's uploads slowed down; halfway, the browser is taken offline (Chrome's own network
emulation: the requests in flight fail, the server sees the connection end). The page says it
is retrying; back online, each file asks the server how many bytes it holds and sends the
rest. The files that arrive must be byte for byte the files picked (their SHA-256), and the
artist, leaving the page and coming back, sees them become drafts. Screenshots of the page
mid-upload (desktop and phone) go to ``/tmp/reports/D/``.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.helpers import TIMEOUT_MS, server_db, sign_in, throttle_uploads, verified_account

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PASSWORD = "resume-where-it-dropped-9"
ARTIST = {"email": "ria.resumes@example.com", "username": "ria_resumes"}
REPORTS = Path("/tmp/reports/D")
RATE = 44100
#: Keep a hand on every piece the page sends, so the journey can cut the ones in flight.
WATCH_PIECES = """() => {
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  window.__scPieces = [];
  XMLHttpRequest.prototype.open = function (method) { this.__scMethod = method; return open.apply(this, arguments); };
  XMLHttpRequest.prototype.send = function () {
    if (this.__scMethod === 'PUT') window.__scPieces.push(this);
    return send.apply(this, arguments);
  };
}"""
#: Drop the connection of each piece still being sent; the page hears a network error.
CUT = """() => {
  let cut = 0;
  for (const xhr of window.__scPieces) {
    if (xhr.readyState !== 1) continue;
    const failed = xhr.onerror;
    xhr.abort();
    if (failed) failed.call(xhr, new ProgressEvent('error'));
    cut++;
  }
  return cut;
}"""


def _song(path: Path, seconds: float, seed: int) -> Path:
    """A WAV of a soft chord with noise, unique per seed (so no two files share a hash)."""
    import soundfile as sf

    t = np.arange(int(RATE * seconds)) / RATE
    noise = np.random.default_rng(seed).normal(0, 0.02, (t.size, 2))
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6)) * 0.15
    data = (np.stack([chord, chord], axis=1) + noise).astype(np.float32)
    out = io.BytesIO()
    sf.write(out, data, RATE, format="WAV", subtype="PCM_16")
    path.write_bytes(out.getvalue())
    return path


def _small_pieces(route) -> None:
    """Ask the page to send 256 KB pieces (the server offers 8 MB), so that when the connection
    drops some pieces have certainly arrived whole and the server holds a part of each file.

    Chrome's upload throttling slows what the page is told, not always what the server gets, so
    with one piece per file the server could hold the whole file by the time of the cut.
    """
    if route.request.method != "POST":
        route.continue_()
        return
    response = route.fetch()
    body = response.json()
    if response.status == 201:
        body["piece_size"] = 256 * 1024
    route.fulfill(response=response, json=body)


def _make_artist(data_dir: Path) -> None:
    from spoticlone.models import ArtistProfile, Role

    with server_db(data_dir) as session:
        user = verified_account(session, password=PASSWORD, role=Role.ARTIST, **ARTIST)
        session.add(ArtistProfile(user_id=user.id, stage_name="Ria Resumes", slug="ria-resumes"))
        session.commit()


def _shots(page, screenshots_dir: Path, name: str) -> None:
    """Desktop and phone screenshots of a page caught mid-upload (its network is never quiet)."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    for kind, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(300)  # the layout settles at the new width
        page.screenshot(path=str(screenshots_dir / f"{name}-{kind}.png"), full_page=True)
        shutil.copy(screenshots_dir / f"{name}-{kind}.png", REPORTS / f"{name}-{kind}.png")
    page.set_viewport_size(DESKTOP)


def _batch_percent(page) -> int:
    value = page.locator("[role=progressbar][aria-label='Batch progress']").get_attribute("aria-valuenow")
    return int(value or 0)


def test_an_upload_cut_mid_way_resumes_from_the_servers_offset(
    browser, app_url, app_data_dir, screenshots_dir, tmp_path, browser_errors
):
    # Requests that fail while offline, and 409s from pieces out of step, are expected here.
    browser_errors.expect("net::ERR_")
    browser_errors.expect("status of 409")
    browser_errors.expect("status of 422")
    _make_artist(app_data_dir)
    files = [_song(tmp_path / "Harbour Take 3.wav", 22.0, 1), _song(tmp_path / "Lantern Demo.wav", 14.0, 2)]
    digests = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    # Every piece sent, as (session, Upload-Offset, sent after the cut?).
    pieces: list[tuple[str, int, bool]] = []
    cut_done = {"yes": False}
    page.on("request", lambda r: pieces.append((r.url.rsplit("/", 1)[-1], int(r.headers.get("upload-offset", "-1")),
                                                cut_done["yes"]))
            if r.method == "PUT" and "/uploads/sessions/" in r.url else None)
    page.route("**/api/v1/studio/uploads/sessions", _small_pieces)
    sign_in(page, app_url, ARTIST["email"], PASSWORD)
    page.goto(app_url + "/studio/upload")
    page.locator("[data-testid=upload-drop]").wait_for(timeout=TIMEOUT_MS)

    page.evaluate(WATCH_PIECES)
    cdp = throttle_uploads(page, 256 * 1024)
    page.locator("[data-testid=upload-input]").set_input_files([str(p) for p in files])
    page.wait_for_function(
        "() => { const b = document.querySelector('[role=progressbar][aria-label=\"Batch progress\"]');"
        " return b && Number(b.getAttribute('aria-valuenow')) >= 25; }", timeout=TIMEOUT_MS)
    _shots(page, screenshots_dir, "upload-mid-upload")
    before_cut = _batch_percent(page)
    assert 0 < before_cut < 100, before_cut

    # The cut: the browser goes offline and the pieces in flight lose their connections (the
    # server sees each request end mid-body, as when a phone drops off a network).
    cdp.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": -1})
    assert page.evaluate(CUT) >= 1
    cut_done["yes"] = True
    retrying = page.locator("[data-testid=upload-row][data-upload-state=retrying]")
    retrying.first.wait_for(timeout=TIMEOUT_MS)
    assert "Connection lost" in retrying.first.inner_text()
    _shots(page, screenshots_dir, "upload-connection-lost")
    page.wait_for_timeout(2500)
    throttle_uploads(page, None, cdp)  # back online, full speed
    page.get_by_text(re.compile(r"2 of 2 files sent")).wait_for(timeout=120_000)

    # A file that had pieces on the server before the cut goes on from the server's offset: its
    # next piece never starts again at byte 0, and at least one file had more to send.
    started = {sid for sid, _, after in pieces if not after}
    after_cut = {}
    for sid, offset, after in pieces:
        if after and sid in started:
            after_cut.setdefault(sid, offset)
    assert after_cut and all(offset > 0 for offset in after_cut.values()), pieces
    # The worker makes drafts of both; leaving the page and coming back shows them.
    page.goto(app_url + "/studio")
    page.goto(app_url + "/studio/upload")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=upload-item][data-status=ready]').length >= 2",
        timeout=180_000)
    items = page.locator("[data-testid=upload-item]")
    for title in digests:
        assert items.filter(has_text=f"Draft: {title}").count() == 1, title

    from sqlmodel import select

    from spoticlone.models import AudioUpload

    with server_db(app_data_dir) as session:
        sent = {Path(u.filename).stem: u.sha256 for u in session.exec(select(AudioUpload)).all()
                if Path(u.filename).stem in digests}
    assert sent == digests  # byte for byte what was picked, though sent in two goes

    # Several files dropped at once each get a row; these scraps are refused in plain words.
    page.evaluate("""() => {
      const zone = document.getElementById('sc-upload-drop');
      const dt = new DataTransfer();
      for (const name of ['scrap-1.mp3', 'scrap-2.flac', 'scrap-3.wav'])
        dt.items.add(new File(['not a song'], name, {type: 'audio/mpeg'}));
      for (const type of ['dragenter', 'dragover', 'drop'])
        zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""")
    page.get_by_text(re.compile(r"Batch finished: 0 of 3 files sent")).wait_for(timeout=TIMEOUT_MS)
    refused = page.locator("[data-testid=upload-row][data-upload-state=refused]")
    assert refused.count() == 3 and "too small to be a song" in refused.first.inner_text()

    _replace_in_builder(page, app_url, app_data_dir, screenshots_dir, _song(tmp_path / "Lantern Final.wav", 8.0, 3))
    context.close()


def _replace_in_builder(page, app_url: str, data_dir: Path, screenshots_dir: Path, new_file: Path) -> None:
    """Put a draft in a release, then give it new audio from the album builder's song row."""
    from sqlmodel import select

    from spoticlone.models import Album, AudioUpload, Track

    with server_db(data_dir) as session:
        upload = next(u for u in session.exec(select(AudioUpload)).all() if u.filename == "Lantern Demo.wav")
        track = session.get(Track, upload.track_id)
        album = Album(title="Lantern Sessions", slug="lantern-sessions", artist_id=track.artist_id)
        session.add(album)
        session.flush()
        track.album_id, track.track_number = album.id, 1
        session.commit()
        album_id, track_id, old_key, old_ms = album.id, track.id, track.audio_key, track.duration_ms
    page.goto(f"{app_url}/studio?release={album_id}")
    row = page.locator(f"[data-testid=builder-track][data-track-id='{track_id}']")
    row.wait_for(timeout=TIMEOUT_MS)
    row.locator("[data-testid=replace-audio-input]").set_input_files(str(new_file))
    status = row.locator("[data-testid=replace-audio-status]")
    try:
        status.filter(has_text="New audio is in place (0:08)").wait_for(timeout=120_000)
    except PlaywrightTimeout:
        # Say what the line showed and what the upload became, so a failure can be read.
        page.screenshot(path=str(screenshots_dir / "builder-replace-audio-failed.png"), full_page=True)
        with server_db(data_dir) as session:
            uploads = [(u.filename, u.status, u.error) for u in session.exec(select(AudioUpload)).all()
                       if u.replace_track_id == track_id]
        pytest.fail(f"status line {status.inner_text()!r}, state {status.get_attribute('data-state')!r}; "
                    f"uploads replacing the song: {uploads}")
    # The row's own line reads the song again (the script presses the builder's reload).
    row.locator(".sc-st-small").filter(has_text="0:08").wait_for(timeout=TIMEOUT_MS)
    _shots(page, screenshots_dir, "builder-replace-audio")
    with server_db(data_dir) as session:
        track = session.get(Track, track_id)
        assert track is not None and track.album_id == album_id and track.audio_key != old_key
        assert abs(track.duration_ms - 8000) < 100 and old_ms != track.duration_ms
