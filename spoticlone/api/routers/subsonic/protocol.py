"""The Subsonic wire format: parameters from the query or a form body, answers in XML or JSON.

Every answer is wrapped in ``subsonic-response`` with ``status``, the protocol ``version``
and the OpenSubsonic fields (``type``, ``serverVersion``, ``openSubsonic``). Answers are
built as plain dicts: a scalar is an XML attribute, a dict a child element, a list
repeated child elements, and the key ``value`` an element's text (lyrics lines), which
is how Subsonic's XML and JSON forms correspond. Errors are answers too, with HTTP 200
and a Subsonic error number, because that is what the apps read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from fastapi import Request
from fastapi.responses import Response

from spoticlone.api.version import API_VERSION
from spoticlone.services.auth import app_passwords
from spoticlone.services.core.errors import DomainError, Invalid, NotFound, PermissionDenied, RateLimited

PROTOCOL_VERSION = "1.16.1"
SERVER_TYPE = "spoticlone"
XMLNS = "http://subsonic.org/restapi"
#: Longest value of any one parameter that is read (names, queries, ids, keys).
MAX_VALUE = 1000
MAX_VALUES = 1000

GENERIC, MISSING, CLIENT_TOO_OLD, SERVER_TOO_OLD = 0, 10, 20, 30
WRONG_CREDENTIALS, TOKEN_UNSUPPORTED, MECHANISM_UNSUPPORTED, CONFLICTING, BAD_API_KEY = 40, 41, 42, 43, 44
NOT_AUTHORIZED, TRIAL_OVER, NOT_FOUND = 50, 60, 70

_AUTH_CODES = {
    app_passwords.MISSING: MISSING,
    app_passwords.CONFLICT: CONFLICTING,
    app_passwords.WRONG: WRONG_CREDENTIALS,
    app_passwords.BAD_KEY: BAD_API_KEY,
}


class SubsonicError(Exception):
    """A refusal in Subsonic's own words (a number clients switch on, and a sentence)."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class Params:
    """The request's parameters (query string and form body); repeated names keep every value."""

    def __init__(self, items: list[tuple[str, str]]):
        self._values: dict[str, list[str]] = {}
        for name, value in items[:MAX_VALUES]:
            self._values.setdefault(name, []).append(value[:MAX_VALUE])

    def get(self, name: str) -> str | None:
        values = self._values.get(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return list(self._values.get(name, []))

    def required(self, name: str) -> str:
        value = self.get(name)
        if value is None or value == "":
            raise SubsonicError(MISSING, f"Required parameter is missing: {name}")
        return value

    def integer(self, name: str, default: int | None = None, *, low: int = 0, high: int = 10**9) -> int | None:
        value = self.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise SubsonicError(GENERIC, f"Parameter {name} must be a whole number.") from None
        return max(low, min(number, high))

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        return default if value is None else value.strip().lower() in ("true", "1", "yes")


async def read_params(request: Request) -> Params:
    """Query parameters, plus a form body on POST (``application/x-www-form-urlencoded``)."""
    items = [(k, v) for k, v in request.query_params.multi_items()]
    if request.method == "POST" and "form" in request.headers.get("content-type", ""):
        form = await request.form(max_files=0, max_fields=MAX_VALUES)
        items += [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    return Params(items)


def identifier(params: Params, name: str = "id") -> int:
    """A numeric id parameter; an id we never issue is "not found", as the apps expect."""
    raw = params.required(name)
    return parse_id(raw)


def parse_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 18:
        raise SubsonicError(NOT_FOUND, "Not found.")
    return int(raw)


def from_domain(error: DomainError) -> SubsonicError:
    """The Subsonic error for a service's refusal."""
    if error.code in _AUTH_CODES:
        return SubsonicError(_AUTH_CODES[error.code], error.message)
    if isinstance(error, NotFound):
        return SubsonicError(NOT_FOUND, error.message)
    if isinstance(error, PermissionDenied):
        return SubsonicError(NOT_AUTHORIZED, error.message)
    if isinstance(error, Invalid | RateLimited):
        return SubsonicError(GENERIC, error.message)
    return SubsonicError(GENERIC, error.message)


def _root(status: str) -> dict:
    return {"status": status, "version": PROTOCOL_VERSION, "type": SERVER_TYPE,
            "serverVersion": API_VERSION, "openSubsonic": True}


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml(name: str, body: Mapping, extra: str = "") -> str:
    attrs, children, text = [], [], ""
    for key, value in body.items():
        if value is None:
            continue
        if key == "value" and not isinstance(value, Mapping | list):
            text = escape(_scalar(value))
        elif isinstance(value, Mapping):
            children.append(_xml(key, value))
        elif isinstance(value, list):
            for item in value:
                children.append(_xml(key, item) if isinstance(item, Mapping)
                                else f"<{key}>{escape(_scalar(item))}</{key}>")
        else:
            attrs.append(f" {key}={quoteattr(_scalar(value))}")
    inner = text + "".join(children)
    return f"<{name}{extra}{''.join(attrs)}>{inner}</{name}>" if inner else f"<{name}{extra}{''.join(attrs)}/>"


def _clean(body: object) -> object:
    if isinstance(body, Mapping):
        return {k: _clean(v) for k, v in body.items() if v is not None}
    if isinstance(body, list):
        return [_clean(v) for v in body]
    return body


def render(params: Params, payload: Mapping | None = None, *, status: str = "ok", http_status: int = 200) -> Response:
    """The answer in the format the client asked for (``f=json``/``jsonp``, else XML)."""
    body = {**_root(status), **(payload or {})}
    fmt = (params.get("f") or "xml").lower()
    if fmt in ("json", "jsonp"):
        text = json.dumps({"subsonic-response": _clean(body)}, separators=(",", ":"), default=str)
        callback = params.get("callback") or ""
        if fmt == "jsonp" and callback.replace("_", "").replace(".", "").isalnum():
            return Response(f"{callback}({text});", status_code=http_status, media_type="application/javascript")
        return Response(text, status_code=http_status, media_type="application/json")
    xml = '<?xml version="1.0" encoding="UTF-8"?>' + _xml("subsonic-response", body, f' xmlns="{XMLNS}"')
    return Response(xml, status_code=http_status, media_type="application/xml")


def error(params: Params, failure: SubsonicError, http_status: int = 200) -> Response:
    return render(params, {"error": {"code": failure.code, "message": failure.message}},
                  status="failed", http_status=http_status)
