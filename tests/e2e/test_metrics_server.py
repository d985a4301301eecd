"""Metrics, request ids and the health probe on the real production server (Granian, single port).

The API tests drive the middleware over the FastAPI app alone; this proves it is installed
around the whole app: page loads and Reflex's real event websocket (socket.io on ``/_event``)
are counted, and a scrape from loopback is let in while a forwarded one is not.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.e2e


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _samples(text: str, family: str) -> list:
    return [sample for f in text_string_to_metric_families(text) if f.name == family for sample in f.samples]


def test_pages_and_the_event_websocket_are_counted(app_url, browser):
    page = browser.new_page()
    page.goto(f"{app_url}/browse")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelector('main, body') !== null")

    status, _, text = _get(f"{app_url}/metrics")
    assert status == 200, text[:300]
    open_sockets = [s.value for s in _samples(text, "spoticlone_websocket_sessions")]
    assert open_sockets and open_sockets[0] >= 1
    routes = {s.labels["route"] for s in _samples(text, "spoticlone_http_requests") if s.name.endswith("_total")}
    assert "/browse" in routes
    assert "static" in routes
    assert not any(route.startswith("/assets/") for route in routes)
    page.close()


def test_forwarded_scrapes_are_refused_and_health_has_every_part(app_url):
    status, _, text = _get(f"{app_url}/metrics", {"X-Forwarded-For": "198.51.100.9"})
    assert status == 404 and "spoticlone_" not in text
    status, headers, body = _get(f"{app_url}/api/health", {"X-Request-Id": "probe-abcdef12"})
    assert status == 200, body
    assert headers.get("x-request-id") == "probe-abcdef12"
    assert '"failed":[]' in body.replace(" ", "")
