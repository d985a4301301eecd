"""Navidrome's ``.nsp`` smart playlist files, read and written, so rules travel between servers.

An ``.nsp`` file is JSON: ``name``, ``comment``, ``public``, one top-level ``all`` or ``any``
list whose items are ``{"<operator>": {"<field>": value}}`` or nested ``{"all"|"any": [...]}``,
and ``sort`` (``"-year"`` reads descending), ``order`` and ``limit``. Field and operator
names are case-insensitive there, as in Navidrome. A file that is not JSON, is too large,
or uses a field or operator this server cannot evaluate is refused with a sentence naming
it; nothing is half-imported.

Loudness has no Navidrome field of its own; it travels as ReplayGain's ``rgtrackgain``,
the gain that brings a track to -18 LUFS (so ``gain = -18 - loudness``, and greater and
less swap).
"""

from __future__ import annotations

import json
from typing import Any

from spoticlone.services.core.errors import Invalid, TooLarge
from spoticlone.services.library.smart_rules import (
    FIELDS,
    MAX_LIMIT,
    OPERATORS,
    Criteria,
    Group,
    Rule,
    parse_criteria,
)

#: Navidrome reads at most 100 KB of an ``.nsp`` file; so do we.
MAX_NSP_BYTES = 100 * 1024
REPLAYGAIN_REFERENCE = -18.0
GAIN_FIELD = "rgtrackgain"
KNOWN_KEYS = frozenset({"name", "comment", "public", "all", "any", "sort", "order", "limit", "refreshdelay"})
#: Navidrome keys this server cannot honour: refused by name rather than silently dropped.
UNSUPPORTED_KEYS = {"limitpercent": "a limit in percent", "offset": "an offset"}
_FIELD_BY_LOWER = {name.lower(): name for name in FIELDS}
_OPERATOR_BY_LOWER = {name.lower(): name for name in OPERATORS}
_FLIPPED = {"gt": "lt", "lt": "gt"}


class NspFile(Criteria):
    """What an imported file holds besides the criteria."""

    name: str = ""
    comment: str = ""
    public: bool = False


def _field(raw: str) -> str:
    lowered = raw.lower()
    if lowered == GAIN_FIELD:
        return "loudness"
    if lowered not in _FIELD_BY_LOWER:
        raise Invalid(f"The field \u201c{raw[:40]}\u201d is not supported here; remove that rule and import again.")
    return _FIELD_BY_LOWER[lowered]


def _gain_to_loudness(operator: str, value: Any) -> tuple[str, Any]:
    def convert(v: Any) -> Any:
        numeric = isinstance(v, int | float) and not isinstance(v, bool)
        return round(REPLAYGAIN_REFERENCE - float(v), 2) if numeric else v

    if isinstance(value, list) and len(value) == 2:
        return operator, [convert(value[1]), convert(value[0])]
    return _FLIPPED.get(operator, operator), convert(value)


def _item_in(raw: Any, depth: int) -> dict[str, Any]:
    if not isinstance(raw, dict) or len(raw) != 1:
        raise Invalid("Each rule in the file must be one {\"operator\": {\"field\": value}} object.")
    key, body = next(iter(raw.items()))
    lowered = str(key).lower()
    if lowered in ("all", "any"):
        return _group_in(lowered, body, depth + 1)
    if lowered not in _OPERATOR_BY_LOWER:
        raise Invalid(f"The operator \u201c{str(key)[:40]}\u201d is not supported here.")
    operator = _OPERATOR_BY_LOWER[lowered]
    if not isinstance(body, dict) or len(body) != 1:
        raise Invalid(f"The \u201c{key}\u201d rule must name exactly one field.")
    field_name, value = next(iter(body.items()))
    field = _field(str(field_name))
    if field == "loudness" and str(field_name).lower() == GAIN_FIELD:
        operator, value = _gain_to_loudness(operator, value)
    return {"field": field, "operator": operator, "value": value}


def _group_in(match: str, items: Any, depth: int) -> dict[str, Any]:
    if not isinstance(items, list):
        raise Invalid(f"\u201c{match}\u201d must be a list of rules.")
    if depth > 8:
        raise Invalid("The file nests its groups too deeply.")
    return {"match": match, "rules": [_item_in(item, depth) for item in items]}


def _sort_in(raw: Any, order: Any) -> tuple[str, str]:
    text = str(raw or "title").strip()
    if "," in text:
        raise Invalid("Sorting by several fields (\u201csort\u201d) is not supported here; keep one.")
    descending = text.startswith("-")
    name = text.lstrip("+-").strip().lower()
    field = "random" if name == "random" else _FIELD_BY_LOWER.get(name, "")
    if not field:
        raise Invalid(f"Sorting by \u201c{text[:40]}\u201d is not supported here.")
    wanted = str(order or "asc").strip().lower()
    if wanted not in ("asc", "desc"):
        raise Invalid("\u201corder\u201d must be \u201casc\u201d or \u201cdesc\u201d.")
    return field, "desc" if descending != (wanted == "desc") else "asc"


def parse_nsp(data: bytes) -> NspFile:
    """An ``.nsp`` file's contents, checked like rules from the builder; ``Invalid`` otherwise."""
    if len(data) > MAX_NSP_BYTES:
        raise TooLarge(f"That file is larger than {MAX_NSP_BYTES // 1024} KB; a smart playlist file is much smaller.")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise Invalid("That file is not a smart playlist (.nsp): it is not valid JSON.") from None
    if not isinstance(raw, dict):
        raise Invalid("That file is not a smart playlist (.nsp): expected a JSON object.")
    keys = {str(k).lower(): v for k, v in raw.items()}
    for key in keys:
        if key in UNSUPPORTED_KEYS:
            raise Invalid(f"The file uses {UNSUPPORTED_KEYS[key]} (\u201c{key}\u201d), which is not supported here.")
        if key not in KNOWN_KEYS:
            raise Invalid(f"The file has an unknown field \u201c{key[:40]}\u201d.")
    if ("all" in keys) == ("any" in keys):
        raise Invalid("The file needs exactly one top-level \u201call\u201d or \u201cany\u201d list of rules.")
    match = "all" if "all" in keys else "any"
    group = _group_in(match, keys[match], 1)
    sort, order = _sort_in(keys.get("sort"), keys.get("order"))
    limit = keys.get("limit") or MAX_LIMIT
    criteria = parse_criteria(group, sort=sort, order=order, limit=limit)
    name, comment = keys.get("name"), keys.get("comment")
    return NspFile(
        **criteria.model_dump(), name=name.strip()[:200] if isinstance(name, str) else "",
        comment=comment.strip()[:2000] if isinstance(comment, str) else "", public=keys.get("public") is True,
    )


def _item_out(item: Rule | Group) -> dict[str, Any]:
    if isinstance(item, Group):
        return {item.match: [_item_out(i) for i in item.rules]}
    field, operator, value = item.field, item.operator, item.value
    if field == "loudness":
        gain = [round(REPLAYGAIN_REFERENCE - v, 2) for v in reversed(value)] if isinstance(value, list) \
            else round(REPLAYGAIN_REFERENCE - value, 2)
        return {_FLIPPED.get(operator, operator): {GAIN_FIELD: gain}}
    return {operator: {field: value}}


def export_nsp(criteria: Criteria, *, name: str, comment: str, public: bool) -> dict[str, Any]:
    """The ``.nsp`` JSON of a smart playlist (what ``parse_nsp`` reads back unchanged)."""
    return {
        "name": name, "comment": comment, "public": public,
        criteria.root.match: [_item_out(item) for item in criteria.root.rules],
        "sort": criteria.sort, "order": criteria.order, "limit": criteria.limit,
    }
