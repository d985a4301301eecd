"""The one error body of the API, and the OpenAPI document that says so.

Every error the API sends (a domain error, an ``HTTPException``, a request that does
not validate, a refused cross-site request) is JSON ``{"detail": "<sentence>",
"code": "<word>"}``; validation errors add ``errors``, one entry per field. FastAPI's generated document
describes a 422's ``detail`` as an array and leaves out the errors that dependencies
and services raise, so a client (or a schema-driven fuzzer) built from it disagrees
with the server. ``install_error_schema`` rewrites the generated document once:
one ``Error`` schema, referenced by every 4xx response of every operation, and the
statuses each operation can answer with listed from what it declares (parameters,
a body, authentication).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["detail", "code"],
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in a sentence a listener understands."},
        "code": {
            "type": "string",
            "description": (
                "What went wrong, as a stable word for programs: `validation_failed`, `not_found`, "
                "`method_not_allowed`, `unauthorized`, `permission_denied`, `conflict`, `rate_limited`, "
                "or a more precise one (`sign_in_required`, `terms_not_accepted`, ...). Test this, "
                "never the wording of `detail`."
            ),
        },
        "errors": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/FieldError"},
            "description": "Validation errors only: one entry per rejected field.",
        },
    },
}
FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "title": "FieldError",
    "type": "object",
    "required": ["loc", "msg", "type"],
    "properties": {
        "loc": {
            "type": "array",
            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "description": 'Where the value was, e.g. `["query", "page"]` or `["body", "track_ids", 0]`.',
        },
        "msg": {"type": "string"},
        "type": {"type": "string", "description": "Machine-readable kind, e.g. `less_than_equal`."},
    },
}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})
_UNSAFE = frozenset({"put", "post", "delete", "patch"})
_FASTAPI_VALIDATION = "#/components/schemas/HTTPValidationError"

INVALID = "Invalid input (a parameter or the body); nothing changed. `errors` lists the fields."
UNREADABLE = "The body could not be read at all (for instance, it is not UTF-8)."
NOT_FOUND = "Not found."
UNAUTHORIZED = "Not signed in, or the bearer token is invalid or has expired."
FORBIDDEN = "Not allowed (for instance a suspended account)."
CROSS_SITE = (
    "A request authenticated by the session cookie that does not come from this site "
    '(`Origin`/`Referer`) is refused with "Cross-site request refused.".'
)


def _expected_errors(method: str, operation: dict[str, Any]) -> dict[str, str]:
    """Error statuses an operation can answer with, from what it declares."""
    params = operation.get("parameters", [])
    security = operation.get("security") or []
    expected: dict[str, str] = {}
    if params or "requestBody" in operation:
        expected["422"] = INVALID
    if "requestBody" in operation:
        expected["400"] = UNREADABLE
    if any(p.get("in") == "path" for p in params):
        expected["404"] = NOT_FOUND
    if security:
        # Also for optional authentication: a bearer token that does not verify is a
        # 401, never a silent fallback to anonymous.
        expected["401"] = UNAUTHORIZED
        expected["403"] = FORBIDDEN
    return expected


def _mentions_cookie(security: list[dict[str, Any]]) -> bool:
    return any("session_cookie" in requirement for requirement in security)


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Make ``schema`` (an OpenAPI document from FastAPI) describe the errors really sent."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Error"] = ERROR_SCHEMA
    components["FieldError"] = FIELD_ERROR_SCHEMA
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _expected_errors(method, operation).items():
                responses.setdefault(status, {"description": description})
            if method in _UNSAFE and _mentions_cookie(operation.get("security") or []):
                forbidden = responses["403"]
                forbidden["description"] = f"{forbidden['description']} {CROSS_SITE}"
            for status, response in responses.items():
                if not status.isdigit() or int(status) < 400:
                    continue
                content = response.get("content") or {}
                json_schema = content.get("application/json", {}).get("schema", {})
                if not content or json_schema.get("$ref") == _FASTAPI_VALIDATION:
                    response["content"] = ERROR_CONTENT
                if status == "422" and response.get("description") == "Validation Error":
                    response["description"] = INVALID
    return schema


def install_error_schema(app: FastAPI) -> None:
    """Serve ``document_errors`` of FastAPI's generated document (built once, then cached)."""
    generate = app.openapi
    documented: list[int] = []

    def openapi() -> dict[str, Any]:
        schema = generate()
        if id(schema) not in documented:
            document_errors(schema)
            documented.append(id(schema))
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
