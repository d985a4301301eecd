"""The production build works under its Content-Security-Policy: zero violations while playing.

Every ``securitypolicyviolation`` event is recorded by a script installed before any
page script runs, and every console message is kept; playing an album exercises the
inline bootstrap scripts (hashed), ``rx.call_script`` (eval), the event websocket,
the audio stream and cover images.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 30_000
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile}));
"""


def _an_album(app_url: str) -> str:
    with urllib.request.urlopen(app_url + "/api/v1/tracks?page_size=50", timeout=10) as response:
        tracks = json.load(response)["items"]
    return next(t["album_url"] for t in tracks if t["album_url"])


def _header_map(response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.all_headers().items()}


def test_app_plays_music_with_zero_csp_violations(browser, app_url, screenshots_dir, browser_errors):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))

    home = page.goto(app_url + "/")
    headers = _header_map(home)
    policy = headers["content-security-policy"]
    assert re.search(r"script-src 'self' 'unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+;", policy), policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"

    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => window.__csp") == [], console

    # An album page (rewritten by the link-preview middleware, then hashed) and playback.
    page.goto(app_url + _an_album(app_url))
    page.locator("[data-testid=play-context]").wait_for(timeout=TIMEOUT_MS)
    page.locator("[data-testid=play-context]").click()
    page.wait_for_function(
        "() => { const a = document.getElementById('sc-audio'); return a && !a.paused && a.currentTime > 1.2; }",
        timeout=TIMEOUT_MS,
    )
    # Client-side navigation keeps the websocket and the music going under the policy.
    page.locator("a[href='/search']").first.click()
    page.wait_for_url(re.compile(r".*/search$"), timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots_dir / "csp-playing.png"))

    violations = page.evaluate("() => window.__csp")
    csp_console = [line for line in console if "Content Security Policy" in line or "Refused to" in line]
    policy_console = [line for line in console if "Permissions-Policy" in line or "Permissions policy" in line]
    assert violations == [], violations
    assert csp_console == [], csp_console
    assert policy_console == [], policy_console
    assert page.evaluate("() => !document.getElementById('sc-audio').paused")

    # Control: the recorder works, and an injected inline script (an XSS) does not run.
    browser_errors.expect("Executing inline script violates the following Content Security Policy")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_function("() => window.__csp.length > 0", timeout=TIMEOUT_MS)
    assert page.evaluate("() => window.__injected === undefined")
    assert page.evaluate("() => window.__csp[0].directive").startswith("script-src")
    context.close()
