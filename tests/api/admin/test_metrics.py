"""/metrics: Prometheus text that parses, counters that move, bounded labels, and a closed door."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.routing import Route, WebSocketRoute

from spoticlone.config import get_settings
from spoticlone.integrations.mailer import EmailMessageSpec, MailerError, OutboxMailer, send_async
from spoticlone.middleware.metrics import metrics_middleware
from spoticlone.models import AudioUpload, PlayEvent, utcnow
from spoticlone.services.admin import metrics
from tests import factories

LOOPBACK = ("127.0.0.1", 40000)
OUTSIDE = ("203.0.113.7", 40000)
TOKEN = "scrape-token-0123456789abcdef"


def value(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def _requests(route: str, status: str = "2xx", method: str = "GET") -> float:
    return value("spoticlone_http_requests_total", method=method, route=route, status=status)


@pytest.fixture
def wrapped(engine):
    """The API with the metrics middleware around it, bound to the test database."""
    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.db import session_scope

    api = create_api()

    def session_override():
        with session_scope(engine) as session:
            yield session

    api.dependency_overrides[get_session] = session_override
    return metrics_middleware(api)


def client(app, address=LOOPBACK) -> TestClient:
    return TestClient(app, client=address, raise_server_exceptions=False)


def _configure(monkeypatch, **env: str) -> None:
    for name, val in env.items():
        monkeypatch.setenv(f"SPOTICLONE_{name.upper()}", val)
    get_settings.cache_clear()


def test_metrics_page_parses_and_names_every_series(wrapped):
    loopback = client(wrapped)
    loopback.get("/api/v1/genres")
    response = loopback.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    families = {family.name: family for family in text_string_to_metric_families(response.text)}
    assert {
        "spoticlone_http_requests", "spoticlone_http_request_duration_seconds", "spoticlone_websocket_sessions",
        "spoticlone_websocket_sessions_opened", "spoticlone_plays", "spoticlone_uploads_received",
        "spoticlone_emails", "spoticlone_job_queue_depth", "spoticlone_errors",
    } <= set(families)
    assert families["spoticlone_http_request_duration_seconds"].type == "histogram"
    depth = [s for s in families["spoticlone_job_queue_depth"].samples]
    assert depth[0].value == 0
    # Our own registry: no process or platform collectors from the global default one.
    assert not any(name.startswith(("process_", "python_")) for name in families)


def test_request_counters_and_latency_move_by_route_template(wrapped, catalog):
    loopback = client(wrapped)
    track = catalog.tracks[0]
    before = _requests("/api/v1/tracks/{track_id}")
    before_404 = _requests("/api/v1/tracks/{track_id}", "4xx")
    before_latency = value("spoticlone_http_request_duration_seconds_count", method="GET",
                           route="/api/v1/tracks/{track_id}")
    assert loopback.get(f"/api/v1/tracks/{track.id}").status_code == 200
    assert loopback.get(f"/api/v1/tracks/{track.id}").status_code == 200
    assert loopback.get("/api/v1/tracks/999999").status_code == 404
    assert _requests("/api/v1/tracks/{track_id}") == before + 2
    assert _requests("/api/v1/tracks/{track_id}", "4xx") == before_404 + 1
    assert value("spoticlone_http_request_duration_seconds_count", method="GET",
                 route="/api/v1/tracks/{track_id}") == before_latency + 3


def test_label_cardinality_is_bounded_with_a_thousand_ids(wrapped):
    loopback = client(wrapped)
    for n in range(1000):
        path = (f"/api/v1/tracks/{n}", f"/track/{n}-song-{n}", f"/nothing/{n}/here", f"/api/v1/nope/{n}")[n % 4]
        loopback.get(path)
    text = loopback.get("/metrics").text
    routes = {sample.labels["route"] for family in text_string_to_metric_families(text)
              if family.name == "spoticlone_http_requests" for sample in family.samples}
    assert {"/api/v1/tracks/{track_id}", "/track/[track_ref]", "other", "/api/other"} <= routes
    assert not any(str(n) in route for route in routes for n in (7, 123, 999))
    assert len(routes) < 20


def test_route_labels_for_pages_assets_and_reflex(wrapped):
    labels = wrapped.labels
    assert labels.label("/") == "/"
    assert labels.label("/album/12-night-run/") == "/album/[album_ref]"
    assert labels.label("/_event/") == "/_event"
    assert labels.label("/_upload/abc/def.png") == "/_upload"
    assert labels.label("/assets/index-abc123.js") == "static"
    assert labels.label("/rest/ping.view") == "/rest/{method}"
    assert labels.label("/api/v1/genres/rock/tracks") == "/api/v1/genres/{slug}/tracks"
    assert labels.label("/wp-login.php/../etc") == "other"


def _ordinary_404(app) -> bytes:
    """What any unknown path answers, with the path taken out."""
    return client(app, OUTSIDE).get("/metrics-nope").content.replace(b"/metrics-nope", b"")


@pytest.mark.parametrize(
    ("address", "headers"),
    [
        (OUTSIDE, {}),
        (OUTSIDE, {"Authorization": "Bearer wrong"}),
        (LOOPBACK, {"Authorization": "Bearer wrong"}),
        (LOOPBACK, {"Authorization": f"Basic {TOKEN}"}),
        # Behind a local proxy that is not in SPOTICLONE_TRUSTED_PROXIES every visitor is 127.0.0.1.
        (LOOPBACK, {"X-Forwarded-For": "198.51.100.9"}),
        (LOOPBACK, {"Forwarded": "for=198.51.100.9"}),
    ],
)
def test_refused_scrapes_get_the_ordinary_404(wrapped, monkeypatch, address, headers):
    _configure(monkeypatch, metrics_token=TOKEN)
    response = client(wrapped, address).get("/metrics", headers=headers)
    assert response.status_code == 404
    assert "spoticlone_" not in response.text
    assert response.content.replace(b"/metrics", b"") == _ordinary_404(wrapped)


def test_loopback_may_scrape_by_default(wrapped):
    assert client(wrapped, LOOPBACK).get("/metrics").status_code == 200
    assert client(wrapped, ("::1", 40000)).get("/metrics").status_code == 200


def test_token_opens_the_page_from_anywhere_and_allow_list_is_configurable(wrapped, monkeypatch):
    _configure(monkeypatch, metrics_token=TOKEN, metrics_allow="")
    assert client(wrapped, OUTSIDE).get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client(wrapped, LOOPBACK).get("/metrics").status_code == 404  # empty allow-list: token only
    _configure(monkeypatch, metrics_allow="203.0.113.0/24")
    assert client(wrapped, OUTSIDE).get("/metrics").status_code == 200
    assert client(wrapped, OUTSIDE).post("/metrics").status_code in (404, 405)


def test_behind_a_trusted_proxy_the_real_client_address_decides(wrapped, monkeypatch):
    _configure(monkeypatch, trusted_proxies="127.0.0.1")
    proxied = client(wrapped, LOOPBACK)
    assert proxied.get("/metrics", headers={"X-Forwarded-For": "198.51.100.9"}).status_code == 404
    assert proxied.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200


def test_a_counted_play_moves_the_play_counter(wrapped, engine, catalog):
    api = client(wrapped)
    anon = "browser-token-metrics-01"
    before = value("spoticlone_plays_total")
    play = api.post("/api/v1/plays", json={"track_id": catalog.tracks[0].id, "anonymous_session": anon})
    play_id = play.json()["play_id"]
    with Session(engine) as session:
        row = session.get(PlayEvent, play_id)
        row.started_at = utcnow() - timedelta(minutes=10)
        session.add(row)
        session.commit()
    assert api.patch(f"/api/v1/plays/{play_id}", json={"ms_played": 5_000, "anonymous_session": anon}).json()[
        "counted"] is False
    assert value("spoticlone_plays_total") == before
    assert api.patch(f"/api/v1/plays/{play_id}", json={"ms_played": 40_000, "anonymous_session": anon}).json()[
        "counted"] is True
    assert value("spoticlone_plays_total") == before + 1


def test_uploads_are_counted_when_committed_only(session):
    artist = factories.make_artist(session)
    before = value("spoticlone_uploads_received_total")

    def upload() -> AudioUpload:
        return AudioUpload(artist_id=artist.id, filename="a.flac", size=10, sha256="0" * 64)

    session.add(upload())
    session.flush()
    session.rollback()
    assert value("spoticlone_uploads_received_total") == before
    session.add(upload())
    session.add(upload())
    session.commit()
    assert value("spoticlone_uploads_received_total") == before + 2


class _RefusingMailer:
    def send(self, message):
        raise MailerError("the server said no")


def test_emails_sent_and_failed(tmp_path):
    message = EmailMessageSpec(to="a@example.com", subject="Hi", text="hello", html="<p>hello</p>")
    sent, failed = value("spoticlone_emails_total", outcome="sent"), value("spoticlone_emails_total", outcome="failed")
    asyncio.run(send_async(OutboxMailer(tmp_path / "outbox"), message))
    with pytest.raises(MailerError):
        asyncio.run(send_async(_RefusingMailer(), message))
    assert value("spoticlone_emails_total", outcome="sent") == sent + 1
    assert value("spoticlone_emails_total", outcome="failed") == failed + 1


async def _echo(websocket):
    await websocket.accept()
    await websocket.send_text(await websocket.receive_text())
    await websocket.close()


def _boom(request):
    raise RuntimeError("a bug")


def test_websocket_sessions_are_counted_while_open(settings):
    app = metrics_middleware(Starlette(routes=[WebSocketRoute("/_event", _echo)]))
    opened = value("spoticlone_websocket_sessions_opened_total")
    with client(app).websocket_connect("/_event") as socket:
        assert value("spoticlone_websocket_sessions") == 1
        socket.send_text("ping")
        assert socket.receive_text() == "ping"
    assert value("spoticlone_websocket_sessions") == 0
    assert value("spoticlone_websocket_sessions_opened_total") == opened + 1


def test_errors_count_5xx_escaped_and_logged_exceptions(settings):
    app = metrics_middleware(Starlette(routes=[Route("/boom", _boom)]))
    escaped, five = value("spoticlone_errors_total", kind="unhandled_exception"), value(
        "spoticlone_errors_total", kind="http_5xx")
    assert client(app).get("/boom").status_code == 500
    assert value("spoticlone_errors_total", kind="unhandled_exception") == escaped + 1
    assert value("spoticlone_errors_total", kind="http_5xx") == five + 1
    logged = value("spoticlone_errors_total", kind="logged_exception")
    try:
        raise ValueError("caught and logged")
    except ValueError:
        logging.getLogger("spoticlone.state.safety").error("unexpected error", exc_info=True)
    logging.getLogger("spoticlone.state.safety").error("no traceback, not a bug")
    assert value("spoticlone_errors_total", kind="logged_exception") == logged + 1


def test_every_answer_carries_a_request_id(wrapped):
    loopback = client(wrapped)
    generated = loopback.get("/api/v1/genres").headers["x-request-id"]
    assert len(generated) == 32
    assert loopback.get("/api/v1/genres", headers={"X-Request-Id": "lb-1234abcd"}).headers[
        "x-request-id"] == "lb-1234abcd"
    forged = loopback.get("/api/v1/genres", headers={"X-Request-Id": "bad id\r\nwith: junk"})
    assert forged.headers["x-request-id"] != "bad id\r\nwith: junk" and len(forged.headers["x-request-id"]) == 32


def test_counting_logged_errors_keeps_the_last_resort_output(monkeypatch):
    """With nothing configured, Python prints warnings to stderr; the counter must not swallow them."""
    import io

    metrics.count_logged_exceptions()
    printed = io.StringIO()
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    monkeypatch.setattr(logging, "lastResort", logging.StreamHandler(printed))
    logging.getLogger("spoticlone.some.module").warning("disk almost full")
    assert "disk almost full" in printed.getvalue()
