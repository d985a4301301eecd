"""Log output for the server and the worker: as it always was, or one JSON object per line.

``SPOTICLONE_LOG_FORMAT=json`` is for log collectors (Loki, Elasticsearch, journald with a
JSON parser): every record becomes one line with ``time`` (UTC, ISO 8601), ``level``,
``logger``, ``message``, ``request_id`` when the record was written while serving a request
(the ``X-Request-Id`` the metrics middleware gives every request), and ``exception`` with the
traceback when there is one. Newlines inside a message or a traceback are escaped by JSON,
so a collector never splits one record into several.

The request id travels in a context variable rather than a logging filter on each handler:
anything logged while a request is served (also in the thread pool, which copies the
context) carries it, whichever logger or handler writes it.

``text`` (the default) changes nothing, so development output and the CLI stay as they were.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

#: The id of the request being served in this context, if any.
REQUEST_ID: ContextVar[str | None] = ContextVar("spoticlone_request_id", default=None)

#: Loggers that servers configure with handlers of their own (and ``propagate=False``):
#: in JSON mode their handlers get the JSON formatter too.
SERVER_LOGGERS = ("_granian", "granian.access", "uvicorn", "uvicorn.error", "uvicorn.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _JsonHandler(logging.StreamHandler):
    """The root handler JSON mode installs (its own class, so a second call replaces it)."""


def configure_logging(log_format: str | None = None, *, stream: TextIO | None = None) -> None:
    """Apply ``log_format`` (default: ``SPOTICLONE_LOG_FORMAT``); the last call wins.

    Read from the environment rather than through ``get_settings()``: the CLI calls this
    before every command, and resolving the settings would create the secret key in a data
    folder that ``restore`` expects to find empty. ``config.Settings`` checks the value.

    In JSON mode the root logger writes JSON to ``stream`` (stderr by default) at INFO for
    Spoticlone's own loggers and WARNING for libraries, replacing handlers an earlier
    ``logging.basicConfig`` installed, and the servers' own loggers switch to the same format.
    """
    if log_format is None:
        log_format = os.environ.get("SPOTICLONE_LOG_FORMAT", "text")
    if log_format.strip().lower() != "json":
        return
    formatter = JsonFormatter()
    root = logging.getLogger()
    for old in list(root.handlers):
        if isinstance(old, _JsonHandler) or type(old) is logging.StreamHandler:
            root.removeHandler(old)
    handler = _JsonHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    spoticlone_logger = logging.getLogger("spoticlone")
    if spoticlone_logger.level == logging.NOTSET:
        spoticlone_logger.setLevel(logging.INFO)
    for name in SERVER_LOGGERS:
        for server_handler in logging.getLogger(name).handlers:
            server_handler.setFormatter(formatter)
