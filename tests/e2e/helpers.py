"""What several browser journeys do the same way: wait for pictures, take desktop and phone
screenshots, read an emailed code from the server's outbox, write accounts into the
server's own database (so a journey starts signed up without replaying sign-up)."""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from email import policy
from email.parser import BytesParser
from pathlib import Path

from sqlmodel import Session

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000
#: How long ``settle`` waits, in all, for the pictures to decode; one that never does is left as is.
DECODE_TIMEOUT_MS = 10_000


def settle(page, decode_timeout_ms: int = DECODE_TIMEOUT_MS) -> None:
    """Network quiet and every picture loaded and decoded (lazy ones below the fold too, for full-page shots).

    Loaded is not painted: a full-page screenshot taken between a picture's load and its
    decode shows an empty box, so each picture's ``decode()`` is awaited too, for at most
    ``decode_timeout_ms`` in all. A broken picture (its decode fails) is not waited for.
    """
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=TIMEOUT_MS)
    page.evaluate("""async (bound) => {
        const decoded = Array.from(document.images, image => image.decode().catch(() => undefined));
        await Promise.race([Promise.all(decoded), new Promise(done => setTimeout(done, bound))]);
    }""", decode_timeout_ms)


def shots(page, screenshots_dir: Path, name: str) -> None:
    """Full-page screenshots ``<name>-desktop.png`` and ``<name>-phone.png``; ends at desktop width."""
    page.set_viewport_size(DESKTOP)
    settle(page)
    page.screenshot(path=str(screenshots_dir / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.locator(".sc-topbar").wait_for(timeout=TIMEOUT_MS)
    settle(page)
    page.screenshot(path=str(screenshots_dir / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def page_shots(page, screenshots_dir: Path, name: str, *, desktop: dict | None = None,
               quiet: bool = True) -> list[str]:
    """Like ``shots`` (desktop width given, default ``DESKTOP``), from the top of the page.

    Scrolled to the top first, so sticky bars sit where a visitor sees them. ``quiet=False``
    skips waiting for a quiet network (a page caught mid-upload never is). Returns the
    widths at which the page scrolled sideways (content wider than the screen), for the
    journey to judge.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    desktop = desktop or DESKTOP
    overflow = []
    for kind, size in (("desktop", desktop), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")
        if kind == "phone":
            page.locator(".sc-topbar").wait_for(timeout=TIMEOUT_MS)
        if quiet:
            settle(page)
        try:
            page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth",
                                   timeout=3000)
        except PlaywrightTimeout:  # reported; the picture is still useful
            overflow.append(f"{kind} ({size['width']} px)")
        page.screenshot(path=str(screenshots_dir / f"{name}-{kind}.png"), full_page=True)
    page.set_viewport_size(desktop)
    return overflow


def throttle_uploads(page, bytes_per_second: int | None, cdp=None):
    """Slow the browser's uploads to ``bytes_per_second`` (None: full speed again), through the
    Chrome DevTools protocol, so a journey can watch and photograph progress bars move.

    Returns the DevTools session: pass it back to lift the limit it set.
    """
    if cdp is None:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1,
        "uploadThroughput": bytes_per_second if bytes_per_second else -1,
    })
    return cdp


def code_for(outbox: Path, address: str) -> str:
    """The 6 digits in the newest email to ``address`` (waits briefly for the mailer)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        files = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True) if outbox.exists() else []
        for path in files:
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if message["To"] == address:
                body = message.get_body(preferencelist=("plain",)).get_content()
                return re.search(r"\b(\d{6})\b", body).group(1)
        time.sleep(0.25)
    raise AssertionError(f"no email to {address} in {outbox}")


@contextmanager
def server_db(data_dir: Path):
    """A session on the e2e server's SQLite database."""
    from spoticlone.db import make_engine

    engine = make_engine(f"sqlite:///{data_dir / 'spoticlone.db'}")
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def verified_account(session: Session, *, email: str, username: str, password: str, **fields):
    """A verified listener written straight into the database; returns the user."""
    from spoticlone.models import User
    from spoticlone.services.auth.passwords import hash_password

    user = User(email=email, username=username, password_hash=hash_password(password),
                email_verified=True, **fields)
    session.add(user)
    session.commit()
    return user


def ready(page) -> None:
    """The app is live once the server has filled in the account area of the shell."""
    page.locator(".sc-main-top .sc-account > *").first.wait_for(timeout=TIMEOUT_MS)


def sign_in(page, app_url: str, email: str, password: str) -> None:
    """Sign in through the form and wait for the signed-in shell."""
    page.goto(app_url + "/signin")
    ready(page)
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.locator(".sc-main-top [data-testid=account-menu]").wait_for(timeout=TIMEOUT_MS)


NOT_FOUND = "the server responded with a status of 404"


class BrowserErrors:
    """Uncaught script errors and console errors of every page a journey opens.

    The ``browser_errors`` fixture (``tests/e2e/conftest.py``) watches each context made
    from the shared browser and fails the journey at teardown if anything was collected,
    so a page that breaks quietly cannot pass. A journey that loads a missing resource on
    purpose names it with ``expect_404``; one that provokes an error on purpose (a blocked
    injected script) names it with ``expect``. Pages on another site (the mock Google
    provider's sign-in form) are not ours and are not watched.
    """

    def __init__(self, origin: str = "") -> None:
        self.errors: list[str] = []
        self._origin = origin
        self._expected_404: list[str] = []
        self._expected: list[str] = []

    def expect_404(self, url_part: str) -> None:
        """Accept the console's 404 for a resource whose URL contains ``url_part``."""
        self._expected_404.append(url_part)

    def expect(self, text_part: str) -> None:
        """Accept console errors containing ``text_part`` (an error the journey provokes)."""
        self._expected.append(text_part)

    def _foreign(self, page) -> bool:
        url = page.url if page is not None else ""
        return bool(self._origin) and url.startswith("http") and not url.startswith(self._origin)

    def watch(self, context) -> None:
        context.on("weberror", self._web_error)
        context.on("console", self._console)

    def _web_error(self, web_error) -> None:
        if not self._foreign(web_error.page):
            self.errors.append(f"uncaught: {web_error.error}")

    def _console(self, message) -> None:
        if message.type != "error" or self._foreign(message.page):
            return
        if any(part in message.text for part in self._expected):
            return
        url = (message.location or {}).get("url", "")
        if NOT_FOUND in message.text and any(part in url for part in self._expected_404):
            return
        self.errors.append(f"console error: {message.text} (at {url})")
