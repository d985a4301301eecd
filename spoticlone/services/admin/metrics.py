"""What ``/metrics`` reports (Prometheus text format), and who may read it.

The counters live in a registry of our own rather than prometheus_client's global one, so
the page shows exactly Spoticlone's series (no library registers into it behind our back)
and tests read precise values from it.

Where each number comes from:

- HTTP requests and their latency, by route template and status class: the metrics
  middleware (``middleware/metrics.py``) calls :func:`observe_request`; it passes a
  template, never a raw path, so the label set stays bounded.
- Websocket sessions (Reflex's ``/_event``): the same middleware, on accept and close.
- Plays: a ``PLAY_RECORDED`` subscriber notes the play on the session, and the count moves
  when that transaction commits (a rolled-back play is not counted).
- Uploads received: an ``AudioUpload`` row is written once a whole file arrived and passed
  the receiving checks; an insert listener counts it, also on commit.
- Emails sent or failed: ``integrations/mailer.send_async``, the one way mail leaves.
- Job queue depth: read from the queue when the page is scraped (:func:`set_job_queue_depth`).
- Errors: 5xx answers and exceptions that escaped to the server (the middleware), and
  records logged at ERROR with a traceback by Spoticlone's loggers (an event handler's bug
  that ``state/safety.py`` turned into a friendly toast).

Counters are per process. With several server workers (Redis deployments) each worker
keeps its own, and a scrape reaches one of them; Prometheus' ``sum()`` over instances is
only right when each worker is scraped on its own. The job worker's mail is not counted
here (it runs in another process).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable, Mapping
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

from spoticlone.client_address import client_address
from spoticlone.models import AudioUpload
from spoticlone.services.core import events

CONTENT_TYPE = CONTENT_TYPE_LATEST
REGISTRY = CollectorRegistry(auto_describe=True)
STATUS_CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx", "none")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
ERROR_KINDS = ("http_5xx", "unhandled_exception", "logged_exception")
#: Latency buckets in seconds: page loads and API calls sit in the first half, audio
#: streams and uploads (timed until their last byte) in the second.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 120.0)
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")

HTTP_REQUESTS = Counter(
    "spoticlone_http_requests", "HTTP requests answered, by method, route template and status class.",
    ["method", "route", "status"], registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "spoticlone_http_request_duration_seconds", "Time from request to last response byte, by route template.",
    ["method", "route"], buckets=BUCKETS, registry=REGISTRY,
)
WEBSOCKETS_OPEN = Gauge(
    "spoticlone_websocket_sessions", "Event websockets (/_event) open now: pages being used.", registry=REGISTRY,
)
WEBSOCKETS_OPENED = Counter(
    "spoticlone_websocket_sessions_opened", "Event websockets accepted since the process started.",
    registry=REGISTRY,
)
PLAYS = Counter("spoticlone_plays", "Plays counted (past the counting rule, committed).", registry=REGISTRY)
UPLOADS = Counter(
    "spoticlone_uploads_received", "Audio files received whole and accepted for processing.", registry=REGISTRY,
)
EMAILS = Counter("spoticlone_emails", "Emails handed to the mail server or outbox, by outcome.", ["outcome"],
                 registry=REGISTRY)
JOB_QUEUE_DEPTH = Gauge(
    "spoticlone_job_queue_depth", "Background jobs waiting for a worker (NaN: the queue did not answer).",
    registry=REGISTRY,
)
ERRORS = Counter("spoticlone_errors", "Server errors, by kind.", ["kind"], registry=REGISTRY)

for _outcome in ("sent", "failed"):
    EMAILS.labels(outcome=_outcome)
for _kind in ERROR_KINDS:
    ERRORS.labels(kind=_kind)

_PENDING_PLAYS = "spoticlone.metrics.plays"
_PENDING_UPLOADS = "spoticlone.metrics.uploads"


def status_class(status: int | None) -> str:
    """``404`` -> ``"4xx"``; ``None`` (the client left before any answer) -> ``"none"``."""
    if status is None or not 100 <= status <= 599:
        return "none"
    return f"{status // 100}xx"


def observe_request(method: str, route: str, status: int | None, seconds: float) -> None:
    """Count one HTTP request under its route *template* (see ``middleware/route_labels.py``)."""
    method = method if method in METHODS else "OTHER"
    HTTP_REQUESTS.labels(method=method, route=route, status=status_class(status)).inc()
    HTTP_LATENCY.labels(method=method, route=route).observe(max(seconds, 0.0))
    if status is not None and status >= 500:
        ERRORS.labels(kind="http_5xx").inc()


def count_unhandled_exception() -> None:
    """An exception escaped every handler and reached the server."""
    ERRORS.labels(kind="unhandled_exception").inc()


def websocket_opened() -> None:
    """An event websocket was accepted."""
    WEBSOCKETS_OPEN.inc()
    WEBSOCKETS_OPENED.inc()


def websocket_closed() -> None:
    """An accepted event websocket ended (either side closed it, or the server stopped)."""
    WEBSOCKETS_OPEN.dec()


def count_email(*, sent: bool) -> None:
    """One message handed over (``sent``) or refused by the mail backend."""
    EMAILS.labels(outcome="sent" if sent else "failed").inc()


def set_job_queue_depth(pending: int | None) -> None:
    """The queue's pending count at scrape time; ``None`` when the queue could not be read."""
    JOB_QUEUE_DEPTH.set(float("nan") if pending is None else pending)


def render() -> bytes:
    """The whole registry in the Prometheus text format (``CONTENT_TYPE``)."""
    return generate_latest(REGISTRY)


def access_allowed(
    *,
    peer: str | None,
    headers: Mapping[str, str],
    token: str | None,
    allow: Iterable[IPv4Network | IPv6Network],
    trusted_proxies: Iterable[IPv4Network | IPv6Network],
) -> bool:
    """Whether a scrape may read the metrics: the right Bearer token, or an allowed address.

    A wrong token is refused even from an allowed address (a misconfigured scraper should
    notice). The address is the client's as ``client_address`` works it out behind trusted
    proxies; a request that carries forwarding headers but did not come from a trusted proxy
    is never let in by address, because behind an unconfigured local proxy every visitor
    would look like 127.0.0.1.
    """
    proxies = tuple(trusted_proxies)
    authorization = headers.get("authorization", "")
    if authorization:
        scheme, _, presented = authorization.partition(" ")
        return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(
            presented.strip().encode(), (token or "").encode()
        )
    forwarded = headers.get("x-forwarded-for")
    address_text = client_address(peer, forwarded, proxies)
    try:
        address = ip_address(address_text or "")
    except ValueError:
        return False
    peer_address = _address(peer)
    via_trusted_proxy = peer_address is not None and any(
        peer_address.version == net.version and peer_address in net for net in proxies
    )
    if not via_trusted_proxy and any(name in headers for name in FORWARDING_HEADERS):
        return False
    return any(address.version == net.version and address in net for net in allow)


def _address(raw: str | None) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(raw or "")
    except ValueError:
        return None


def _note_play(session, *, event) -> None:
    session.info[_PENDING_PLAYS] = session.info.get(_PENDING_PLAYS, 0) + 1


# Listed after the core's own subscribers (charts first), whichever is imported first.
events.subscribers(events.PLAY_RECORDED)
events.subscribe(events.PLAY_RECORDED, "metrics", _note_play)


@event.listens_for(AudioUpload, "after_insert")
def _note_upload(_mapper, _connection, target) -> None:
    session = object_session(target)
    if session is not None:
        session.info[_PENDING_UPLOADS] = session.info.get(_PENDING_UPLOADS, 0) + 1


@event.listens_for(Session, "after_commit")
def _count_committed(session) -> None:
    plays = session.info.pop(_PENDING_PLAYS, 0)
    uploads = session.info.pop(_PENDING_UPLOADS, 0)
    if plays:
        PLAYS.inc(plays)
    if uploads:
        UPLOADS.inc(uploads)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session) -> None:
    session.info.pop(_PENDING_PLAYS, None)
    session.info.pop(_PENDING_UPLOADS, None)


class _ErrorLogCounter(logging.Handler):
    """Counts ERROR records with a traceback: bugs that were caught, logged and answered kindly.

    Attaching any handler switches off Python's last-resort output (WARNING and up to
    stderr) for records that no other handler takes, which is how the server logs when
    nothing configured logging; so such a record is handed to the last resort here.
    """

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR and record.exc_info:
            ERRORS.labels(kind="logged_exception").inc()
        last_resort = logging.lastResort
        if last_resort is not None and record.levelno >= last_resort.level and not self._others_handle(record):
            last_resort.handle(record)

    def _others_handle(self, record: logging.LogRecord) -> bool:
        logger: logging.Logger | None = logging.getLogger(record.name)
        while logger is not None:
            if any(handler is not self for handler in logger.handlers):
                return True
            if not logger.propagate:
                return False
            logger = logger.parent
        return False


def count_logged_exceptions(logger_name: str = "spoticlone") -> None:
    """Count tracebacks logged at ERROR below ``logger_name`` (idempotent)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(handler, _ErrorLogCounter) for handler in logger.handlers):
        logger.addHandler(_ErrorLogCounter())
