"""The one place where domain errors become HTTP responses.

Services raise ``spoticlone.services.core.errors`` exceptions; routes never catch them.
Every error body is JSON ``{"detail": message, "code": code}``: ``detail`` is a
sentence for a person, ``code`` a stable word for a program (a domain error's own
``code``, ``validation_failed`` for a request that does not validate, otherwise the
word for the HTTP status in ``CODE_FOR_STATUS``), so a client reacts to the code and a
message can be reworded freely. A request that does not validate also gets the field
errors in ``errors``. One format for every answer (``error_schema`` documents it in
the OpenAPI spec).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.utils import is_body_allowed_for_status_code
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


#: The ``code`` of an error that brings none of its own, by HTTP status. The words are
#: those of the domain errors with the same status (``services.core.errors``).
CODE_FOR_STATUS: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    422: "invalid",
    423: "locked",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}
#: A request that does not match the operation's parameters or body schema.
VALIDATION_FAILED = "validation_failed"
#: A body that could not be read at all (not UTF-8, not JSON).
BODY_UNREADABLE = "body_unreadable"


def code_for_status(status_code: int) -> str:
    """The stable ``code`` for an error of this status that names none itself."""
    return CODE_FOR_STATUS.get(status_code, "error")


def error_response(
    status_code: int, detail: str, headers: dict[str, str] | None = None, *, code: str | None = None
) -> JSONResponse:
    """The one error body: ``detail`` for a person, ``code`` for a program."""
    body = {"detail": detail, "code": code or code_for_status(status_code)}
    return JSONResponse(body, status_code=status_code, headers=headers)


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(max(0, int(exc.retry_after)))}
    return error_response(status_for(exc), exc.message, headers, code=exc.code)


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
    body = {"detail": f"Invalid request: {reasons}{more}.", "code": VALIDATION_FAILED, "errors": errors}
    return JSONResponse(body, status_code=422)


#: FastAPI's own wording for errors it raises itself: what a client is told instead, and its code.
_FRAMEWORK_DETAILS = {
    "There was an error parsing the body": (
        "The request body could not be read. Send JSON encoded as UTF-8.", BODY_UNREADABLE,
    ),
}


async def _http_error(_request: Request, exc: Exception) -> Response:
    # Registered for Starlette's class, which FastAPI raises for an unreadable body, an
    # unknown route or a wrong method, and whose subclass every route's
    # ``HTTPException`` is. ``detail`` stays what the route said; ``code`` follows the status.
    assert isinstance(exc, HTTPException)
    headers = getattr(exc, "headers", None)
    if not is_body_allowed_for_status_code(exc.status_code):
        return Response(status_code=exc.status_code, headers=headers)
    detail, code = exc.detail, None
    if isinstance(detail, str) and detail in _FRAMEWORK_DETAILS:
        detail, code = _FRAMEWORK_DETAILS[detail]
    return JSONResponse({"detail": detail, "code": code or code_for_status(exc.status_code)},
                        status_code=exc.status_code, headers=headers)


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
