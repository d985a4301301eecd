"""The one place where domain errors become HTTP responses.

Services raise ``spoticlone.services.core.errors`` exceptions; routes never catch them.
Every error body is JSON ``{"detail": message}``, the same shape FastAPI uses for
its own ``HTTPException``; a request that does not validate gets the same shape, a
sentence in ``detail`` plus the field errors in ``errors``, so clients parse one
format (``error_schema`` documents it in the OpenAPI spec).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from spoticlone.services.core.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    PermissionDenied,
    RateLimited,
    TooLarge,
)

logger = logging.getLogger(__name__)

STATUS_FOR_ERROR: dict[type[DomainError], int] = {
    NotFound: 404,
    PermissionDenied: 403,
    Invalid: 422,
    TooLarge: 413,
    RateLimited: 429,
    Conflict: 409,
}


def status_for(error: DomainError) -> int:
    """HTTP status for a domain error; subclasses inherit their parent's status."""
    for cls in type(error).__mro__:
        if cls in STATUS_FOR_ERROR:
            return STATUS_FOR_ERROR[cls]
    return 400


def error_response(status_code: int, detail: str, headers: dict[str, str] | None = None):
    return JSONResponse({"detail": detail}, status_code=status_code, headers=headers)


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(max(0, int(exc.retry_after)))}
    return error_response(status_for(exc), exc.message, headers)


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    # A locked or unreachable database is an outage, not a bug in the request:
    # 503 tells clients and load balancers to retry instead of reporting a crash.
    logger.error("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return error_response(503, "The database is temporarily unavailable.", {"Retry-After": "5"})


_SOURCES = frozenset({"path", "query", "header", "cookie", "body"})


def _where(loc: tuple[str | int, ...]) -> str:
    """``("body", "track_ids", 0)`` -> ``track_ids[0]``; ``("query", "page")`` -> ``page``."""
    parts = list(loc[1:]) if len(loc) > 1 and loc[0] in _SOURCES else list(loc)
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "body"


async def _invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    # FastAPI's default puts the list under ``detail`` and echoes every rejected
    # ``input`` back (a password that was too long, for one); this keeps ``detail`` a
    # sentence like every other error and the list, without inputs, under ``errors``.
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(error.get("loc", ())), "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}
        for error in exc.errors()
    ]
    reasons = "; ".join(f"{_where(tuple(e['loc']))}: {e['msg']}" for e in errors[:3])
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return JSONResponse({"detail": f"Invalid request: {reasons}{more}.", "errors": errors}, status_code=422)


#: FastAPI's own wording for errors it raises itself, and what a client is told instead.
_FRAMEWORK_DETAILS = {
    "There was an error parsing the body": "The request body could not be read. Send JSON encoded as UTF-8.",
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    # Registered for Starlette's class, which FastAPI raises for an unreadable body and
    # whose subclass every route's ``HTTPException`` is.
    assert isinstance(exc, HTTPException)
    if isinstance(exc.detail, str) and exc.detail in _FRAMEWORK_DETAILS:
        exc = HTTPException(exc.status_code, _FRAMEWORK_DETAILS[exc.detail], exc.headers)
    return await http_exception_handler(request, exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Starlette's last resort is a plain-text "Internal Server Error"; clients get the
    # documented JSON shape instead. Starlette re-raises the exception after this
    # response, so the server still logs its traceback and tests still see it.
    logger.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return error_response(500, "Something went wrong on our side. Try again in a moment.")


def install_error_handlers(app: FastAPI) -> None:
    """Register the domain-error translation, the validation-error shape and the JSON 500."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
