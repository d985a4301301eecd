"""The album builder in a real browser: cover, featured artists, order by keyboard and by
drag, per-song fields, publish, then unpublish and delete behind their confirmations.

The artist and three drafts are written straight into the server's database (uploading
is another journey's subject); one draft carries a picture from its tags. Screenshots of
the builder at desktop and phone widths go to ``/tmp/reports/F/``.
"""

from __future__ import annotations

import io
import json
import re
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.helpers import TIMEOUT_MS, server_db, settle, sign_in, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "drag-the-songs-into-place-3"
EMAIL = "lumen.bay@example.com"
TITLES = ("First Light", "Slow Harbour", "Night Ferry")
ALBUM = "Lanterns Over Water"
GUEST = "Hollow Pines"  # from the demo catalog
REPORTS = Path("/tmp/reports/F")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _picture(color: tuple[int, int, int], size: int = 600) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), color)
    draw = ImageDraw.Draw(image)
    for i in range(0, size, 40):
        draw.line([(0, i), (size, size - i)], fill=(255, 214, 120), width=6)
    draw.ellipse([size * 0.3, size * 0.3, size * 0.7, size * 0.7], fill=(255, 190, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def _artist_with_drafts(data_dir: Path) -> None:
    from spoticlone.integrations.media_store import LocalMediaStore
    from spoticlone.models import ArtistProfile, Role, Track, TrackStatus

    store = LocalMediaStore(data_dir / "media")
    with server_db(data_dir) as session:
        user = verified_account(session, email=EMAIL, username="lumen_bay", password=PASSWORD, role=Role.ARTIST)
        artist = ArtistProfile(stage_name="Lumen Bay", slug="lumen-bay", user_id=user.id)
        session.add(artist)
        session.commit()
        tag_cover = store.put_bytes("covers", "jpg", _picture((40, 60, 120)))
        for n, title in enumerate(TITLES):
            session.add(Track(
                title=title, slug=title.lower().replace(" ", "-"), artist_id=artist.id, status=TrackStatus.DRAFT,
                audio_key=store.put_bytes("audio", "mp3", b"ID3 not played in this journey"), audio_format="mp3",
                duration_ms=180_000 + n * 7000, cover_key=tag_cover if n == 2 else None,
            ))
        session.commit()


def _order(page) -> list[str]:
    rows = page.locator("[data-testid=builder-track]")
    return [rows.nth(i).locator("input").first.input_value() for i in range(rows.count())]


def _wait_order(page, titles: list[str]) -> None:
    page.wait_for_function(
        "(want) => Array.from(document.querySelectorAll('[data-testid=builder-track]'))"
        ".map(r => r.querySelector('input').value).join('|') === want.join('|')",
        arg=titles, timeout=TIMEOUT_MS)


def _notice(page, text: str) -> None:
    page.locator("[role=status]", has_text=text).first.wait_for(timeout=TIMEOUT_MS)


def _shots(page, name: str) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(300)
        settle(page)
        page.screenshot(path=str(REPORTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def _build(page, app_url: str) -> int:
    page.goto(app_url + "/studio")
    drafts = page.locator("[data-testid=studio-draft]")
    drafts.first.wait_for(timeout=TIMEOUT_MS)
    for title in TITLES:
        drafts.filter(has_text=title).get_by_role("checkbox").first.check()
    form = page.get_by_role("form", name="New release")
    form.get_by_label("Title").fill(ALBUM)
    form.get_by_role("button", name="Create release").click()
    page.wait_for_url(re.compile(r"/studio\?release=\d+$"), timeout=TIMEOUT_MS)
    page.locator("[data-testid=album-builder]").wait_for(timeout=TIMEOUT_MS)
    assert _order(page) == list(TITLES)
    return int(page.url.rsplit("=", 1)[1])


def _cover(page, tmp_path: Path) -> None:
    """Upload a cover, switch to the song's embedded one, then replace it with an upload again."""
    panel = page.locator("[data-testid=cover-panel]")
    first, second = tmp_path / "cover-a.png", tmp_path / "cover-b.jpg"
    first.write_bytes(_picture((150, 40, 70), 900))
    second.write_bytes(_picture((20, 110, 90), 1200))
    panel.locator("input[type=file]").set_input_files(str(first))
    _notice(page, "New cover saved.")
    panel.locator("[data-testid=tag-cover]").first.click()
    _notice(page, "Cover taken from the song's file.")
    panel.locator("input[type=file]").set_input_files(str(second))
    _notice(page, "New cover saved.")
    bad = tmp_path / "not-a-picture.png"
    bad.write_bytes(b"MZ\x90\x00 this is not an image")
    panel.locator("input[type=file]").set_input_files(str(bad))
    panel.get_by_role("alert").filter(has_text="could not be read").wait_for(timeout=TIMEOUT_MS)


def _feature(page) -> None:
    row = page.locator("[data-testid=builder-track]").filter(has=page.locator(f"input[value='{TITLES[0]}']"))
    row.get_by_role("button", name=f"Add a featured artist to {TITLES[0]}").click()
    query = row.locator("[data-testid=featured-query]")
    query.fill("hollow")
    query.press("Enter")
    row.locator("[data-testid=featured-result]", has_text=GUEST).click()
    row.locator("[data-testid=featured-chip]", has_text=GUEST).wait_for(timeout=TIMEOUT_MS)
    row.locator("[data-testid=featured-query]").fill("hollow")  # the search stays open for more
    row.locator("[data-testid=featured-query]").press("Enter")
    row.locator("[data-testid=featured-result]", has_text=GUEST).click()
    row.get_by_role("alert").filter(has_text="already featured").wait_for(timeout=TIMEOUT_MS)
    row.get_by_role("button", name="Done").click()


def _reorder(page) -> None:
    """Keyboard first (focus follows the moved song), then a mouse drag by the grip."""
    up = page.get_by_role("button", name=f"Move {TITLES[2]} up")
    up.focus()
    page.keyboard.press("Enter")
    _wait_order(page, [TITLES[0], TITLES[2], TITLES[1]])
    page.wait_for_function("(label) => document.activeElement && "
                           "document.activeElement.getAttribute('aria-label') === label",
                           arg=f"Move {TITLES[2]} up", timeout=TIMEOUT_MS)
    page.keyboard.press("Enter")  # focus stayed on the moved song's "up" button
    _wait_order(page, [TITLES[2], TITLES[0], TITLES[1]])
    rows = page.locator("[data-testid=builder-track]")
    grip = rows.nth(0).locator("[data-drag-handle]")
    target = rows.nth(2).bounding_box()
    start = grip.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(start["x"] + 5, start["y"] + (target["y"] + target["height"] * 0.8 - start["y"]) * step / 10)
    page.mouse.up()
    _wait_order(page, [TITLES[0], TITLES[1], TITLES[2]])
    _notice(page, "New order saved.")
    _touch_drag(page, rows.nth(2).locator("[data-drag-handle]"), rows.nth(0))
    _wait_order(page, [TITLES[2], TITLES[0], TITLES[1]])


def _touch_drag(page, grip, onto) -> None:
    """A finger drag (touch events through DevTools, as a phone sends them) to just above ``onto``."""
    cdp = page.context.new_cdp_session(page)
    start, target = grip.bounding_box(), onto.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    end_y = target["y"] + target["height"] * 0.2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent",
                 {"type": "touchMove", "touchPoints": [{"x": x, "y": y + (end_y - y) * step / 10}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def _song_fields(page) -> None:
    row = page.locator("[data-testid=builder-track]").filter(has=page.locator(f"input[value='{TITLES[1]}']"))
    isrc = row.get_by_label("ISRC")
    isrc.fill("nope")
    isrc.blur()
    row.get_by_role("alert").filter(has_text="An ISRC has 12 characters").wait_for(timeout=TIMEOUT_MS)
    isrc.fill("GB-XYZ-26-00001")
    isrc.blur()
    _notice(page, "Saved.")
    row.get_by_label("Licence").select_option("CC BY-SA 4.0")
    row.get_by_role("link", name="About this licence").wait_for(timeout=TIMEOUT_MS)
    row.get_by_role("checkbox", name="Explicit").click()
    _notice(page, "Saved.")


def _api(app_url: str, path: str) -> dict:
    with urllib.request.urlopen(app_url + path, timeout=10) as response:
        return json.loads(response.read())


def test_an_artist_builds_publishes_and_takes_down_an_album(browser, app_url, app_data_dir, tmp_path):
    _artist_with_drafts(app_data_dir)
    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, app_url, EMAIL, PASSWORD)
    album_id = _build(page, app_url)
    _cover(page, tmp_path)
    _feature(page)
    _reorder(page)
    _song_fields(page)
    page.get_by_role("button", name="Publish now").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("button", name="Publish now").is_disabled()
    page.locator(".sc-st-steps", has_text=f"{len(TITLES)} songs in order").wait_for(timeout=TIMEOUT_MS)
    _shots(page, "album-builder-draft")

    page.get_by_role("checkbox", name=re.compile("rights")).check()
    page.get_by_role("button", name="Publish now").click()
    _notice(page, "Published: listeners can find it now.")
    page.locator("[data-testid=status-badge]", has_text="Published").first.wait_for(timeout=TIMEOUT_MS)
    _shots(page, "album-builder-published")

    album = _api(app_url, f"/api/v1/albums/{album_id}")
    cover_url = album["album"]["cover_url"]
    assert cover_url and [t["title"] for t in album["tracks"]] == [TITLES[2], TITLES[0], TITLES[1]]
    assert [a["name"] for a in album["tracks"][1]["featured"]] == [GUEST]
    assert album["tracks"][2]["explicit"] is True and album["tracks"][2]["licence"] == "CC BY-SA 4.0"
    page.goto(app_url + album["album"]["url"])
    page.locator(f"img[src='{cover_url}']").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("link", name=GUEST).first.wait_for(timeout=TIMEOUT_MS)

    page.goto(app_url + f"/studio?release={album_id}")
    page.locator("[data-testid=album-builder]").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("button", name="Delete release").is_disabled()
    page.get_by_role("button", name="Unpublish").click()
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_text(re.compile("playlists keep its songs as unavailable")).wait_for(timeout=TIMEOUT_MS)
    dialog.locator("[data-testid=confirm-action]").click()
    _notice(page, "Unpublished.")
    page.get_by_role("button", name="Delete release").click()
    page.get_by_role("alertdialog").get_by_text(re.compile("cannot be undone")).wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("alertdialog").locator("[data-testid=confirm-action]").click()
    page.wait_for_url(re.compile(r"/studio$"), timeout=TIMEOUT_MS)
    page.locator("[data-testid=releases-empty]").wait_for(timeout=TIMEOUT_MS)
    page.close()
