"""The one place where domain errors become HTTP responses.

Services raise ``spoticlone.services.errors`` exceptions; routes never catch them.
Every error body is JSON ``{"detail": message}``, the same shape FastAPI uses for
its own ``HTTPException`` and validation errors, so clients parse one format.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from spoticlone.services.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    PermissionDenied,
    RateLimited,
)

logger = logging.getLogger(__name__)

STATUS_FOR_ERROR: dict[type[DomainError], int] = {
    NotFound: 404,
    PermissionDenied: 403,
    Invalid: 422,
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


def install_error_handlers(app: FastAPI) -> None:
    """Register the domain-error translation on ``app``."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(OperationalError, _database_unavailable)
