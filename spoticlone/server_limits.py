"""Connection time limits for the Granian server that ``reflex run`` starts.

As Reflex starts it, Granian never drops a client that connects and sends nothing
(its "auto" HTTP mode waits, without a time limit, for the first bytes to tell
HTTP/1 from HTTP/2), gives one that stops in the middle of its request headers no
limit either once part of a header arrived, and so lets stalled clients pile up until
the server stops accepting. Two settings fix that:

- ``http=HTTPModes.http1``: the connection goes straight to the HTTP/1 reader, whose
  header timeout then runs from the moment of connecting. Browsers speak HTTP/2 only
  over TLS, which a reverse proxy terminates, so nothing used HTTP/2 here anyway
  (websockets are HTTP/1.1 upgrades).
- ``header_read_timeout = header_timeout_seconds``: a client has that long to send a
  request's headers after connecting, after part of them, and, on a kept-alive
  connection, after its previous response; then the connection is closed. So this is
  also the keep-alive idle timeout. It never cuts a response being sent or an open
  websocket.

Reflex builds the server itself (``reflex.utils.exec.run_granian_backend_prod`` and the
dev runner instantiate ``granian.server.Server``) and passes neither setting, and
Granian reads neither from the environment. So ``install`` replaces the ``Server`` name
that Reflex looks up with a subclass whose only change is those two defaults; a caller
passing its own keeps them. ``rxconfig.py`` calls it, which covers every way Reflex
starts a server (``make run``, ``reflex run`` in dev or prod) because Reflex loads
rxconfig before it builds the server. ``tests/e2e/test_server_limits.py`` proves the
limits on the real server.
"""

from __future__ import annotations

import logging

import granian.server
from granian.constants import HTTPModes
from granian.http import HTTP1Settings

from spoticlone.config import Settings, get_settings

logger = logging.getLogger(__name__)


def http1_settings(settings: Settings) -> HTTP1Settings:
    """Granian's HTTP/1 settings for ``settings`` (its defaults apart from the timeout)."""
    return HTTP1Settings(header_read_timeout=round(settings.header_timeout_seconds * 1000))


def install(settings: Settings | None = None) -> None:
    """Make every Granian server built in this process use our limits (idempotent)."""
    settings = settings or get_settings()
    limits = http1_settings(settings)
    base = granian.server.Server
    base = getattr(base, "_spoticlone_base", base)

    class LimitedServer(base):  # type: ignore[misc, valid-type]
        """Granian's server with Spoticlone's HTTP mode and header timeout as defaults."""

        _spoticlone_base = base

        def __init__(
            self, *args, http: HTTPModes = HTTPModes.http1,
            http1_settings: HTTP1Settings | None = None, **kwargs,
        ):
            super().__init__(*args, http=http, http1_settings=http1_settings or limits, **kwargs)

    LimitedServer.__name__ = LimitedServer.__qualname__ = base.__name__
    granian.server.Server = LimitedServer
    logger.debug("Granian: HTTP/1, header read timeout %s ms", limits.header_read_timeout)
