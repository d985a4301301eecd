"""Take screenshots of the running app at desktop and phone width.

Usage::

    python benchmarks/screenshots.py http://127.0.0.1:3000 [--out screenshots] [--all]

Saves ``home-desktop.png``, ``home-phone.png``, ``album-desktop.png`` and
``album-phone.png`` (plus artist, track, genre and browse pages with ``--all``). The
album, artist and track are the first ones linked from Home, so any seeded catalog works.
Uses Debian's Chromium (Playwright's own browser download cannot work offline).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import time
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Page, sync_playwright

logger = logging.getLogger("screenshots")

VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("chromium not found: install it with `make chromium`")
    return path


def wait_for_images(page: Page, timeout_s: float = 10.0) -> None:
    """Wait until every visible <img> finished loading (or the timeout passes)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        pending = page.evaluate(
            "() => Array.from(document.images).filter(i => { const r = i.getBoundingClientRect();"
            " return r.width > 0 && r.top < innerHeight && r.left < innerWidth; })"
            ".filter(i => !i.complete).length"
        )
        if not pending:
            return
        time.sleep(0.2)


def first_link(page: Page, test_id: str) -> str | None:
    locator = page.locator(f"[data-testid={test_id}]").first
    return locator.get_attribute("href") if locator.count() else None


def shoot(base_url: str, out_dir: Path, *, everything: bool = False) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for name, (width, height) in VIEWPORTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base_url, wait_until="networkidle")
                page.locator("[data-testid=album-card]").first.wait_for(timeout=30_000)
                targets = {"home": None, "album": first_link(page, "album-card")}
                if everything:
                    targets.update(
                        artist=first_link(page, "artist-card"),
                        genre=first_link(page, "genre-tile"),
                        track=page.locator(".sc-track-title").first.get_attribute("href"),
                        browse="/browse",
                    )
                for label, path in targets.items():
                    if path:
                        page.goto(urljoin(base_url, path), wait_until="networkidle")
                    page.wait_for_timeout(400)
                    wait_for_images(page)
                    target = out_dir / f"{label}-{name}.png"
                    page.screenshot(path=str(target))
                    saved.append(target)
                    logger.info("saved %s", target)
                page.close()
        finally:
            browser.close()
    return saved


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="base URL of a running server, e.g. http://127.0.0.1:3000")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "screenshots"))
    parser.add_argument("--all", action="store_true", help="also artist, genre, track, browse")
    args = parser.parse_args()
    shoot(args.url.rstrip("/") + "/", Path(args.out), everything=args.all)


if __name__ == "__main__":
    main()
