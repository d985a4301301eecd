"""The rules of a smart playlist: which fields and operators exist, and checking a rule set.

A rule set is a tree: a group says whether ``all`` or ``any`` of its items must hold, and each
item is a rule (``field`` / ``operator`` / ``value``) or a nested group. It arrives as plain
JSON from the builder, the REST API or an ``.nsp`` file; ``parse_rules`` turns it into frozen
pydantic models or raises ``Invalid`` naming the rule and field that is wrong (``rules[2].value``),
so a listener can fix exactly that row. Values are bounded here, before any query is built.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from spoticlone.services.core.errors import Invalid

FieldKind = Literal["text", "number", "date", "boolean"]

#: field -> (kind, label shown in the builder, unit hint).
FIELDS: dict[str, tuple[FieldKind, str, str]] = {
    "title": ("text", "Title", ""),
    "genre": ("text", "Genre", ""),
    "artist": ("text", "Artist", ""),
    "album": ("text", "Album", ""),
    "year": ("number", "Year", ""),
    "dateAdded": ("date", "Date added", ""),
    "playCount": ("number", "My play count", "plays"),
    "lastPlayed": ("date", "Last played", ""),
    "loved": ("boolean", "Liked", ""),
    "rating": ("number", "My rating", "stars"),
    "duration": ("number", "Duration", "seconds"),
    "loudness": ("number", "Loudness", "LUFS"),
}

#: operator -> label; which ones each kind of field offers is ``OPERATORS_FOR``.
OPERATORS: dict[str, str] = {
    "is": "is", "isNot": "is not", "contains": "contains", "notContains": "does not contain",
    "startsWith": "starts with", "endsWith": "ends with", "gt": "is greater than", "lt": "is less than",
    "inTheRange": "is between", "before": "is before", "after": "is after",
    "inTheLast": "in the last (days)", "notInTheLast": "not in the last (days)",
}
OPERATORS_FOR: dict[FieldKind, tuple[str, ...]] = {
    "text": ("is", "isNot", "contains", "notContains", "startsWith", "endsWith"),
    "number": ("is", "isNot", "gt", "lt", "inTheRange"),
    "date": ("is", "before", "after", "inTheRange", "inTheLast", "notInTheLast"),
    "boolean": ("is", "isNot"),
}

#: Inclusive bounds of numeric values, per field (a number outside is refused, never clamped).
NUMBER_BOUNDS: dict[str, tuple[float, float]] = {
    "year": (1000, 3000), "playCount": (0, 1_000_000_000), "rating": (0, 5),
    "duration": (0, 86_400), "loudness": (-70, 10),
}
WHOLE_NUMBERS = frozenset({"year", "playCount", "rating"})
MAX_DAYS = 36_500
MAX_TEXT = 200
MAX_RULES = 50
MAX_DEPTH = 4
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
SORT_FIELDS: dict[str, str] = {
    "title": "Title", "artist": "Artist", "album": "Album", "year": "Year", "dateAdded": "Date added",
    "playCount": "My play count", "lastPlayed": "Last played", "rating": "My rating",
    "duration": "Duration", "loudness": "Loudness", "random": "Random",
}


class Rule(BaseModel):
    """One condition: ``field`` ``operator`` ``value`` (a pair for ``inTheRange``)."""

    model_config = ConfigDict(frozen=True)

    field: str
    operator: str
    value: Any


class Group(BaseModel):
    """Items that must ``all`` hold, or ``any`` of which must."""

    model_config = ConfigDict(frozen=True)

    match: Literal["all", "any"] = "all"
    rules: tuple[Rule | Group, ...] = ()


class Criteria(BaseModel):
    """A whole smart playlist's selection: the rule tree, the order and how many tracks."""

    model_config = ConfigDict(frozen=True)

    root: Group
    sort: str = "title"
    order: Literal["asc", "desc"] = "asc"
    limit: int = DEFAULT_LIMIT


def _refuse(path: str, message: str) -> Invalid:
    return Invalid(f"{path}: {message}")


def _number(path: str, field: str, raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _refuse(path, f"{FIELDS[field][1]} needs a number.")
    try:
        value = float(raw)
    except ValueError:
        raise _refuse(path, f"{FIELDS[field][1]} needs a number, not \u201c{str(raw)[:40]}\u201d.") from None
    low, high = NUMBER_BOUNDS[field]
    if not math.isfinite(value) or not low <= value <= high:
        raise _refuse(path, f"{FIELDS[field][1]} must be between {low:g} and {high:g}.")
    if field in WHOLE_NUMBERS:
        if value != int(value):
            raise _refuse(path, f"{FIELDS[field][1]} needs a whole number.")
        return int(value)
    return value


def _date(path: str, raw: Any) -> str:
    if isinstance(raw, str) and len(raw.strip()) == 10:
        try:
            return date.fromisoformat(raw.strip()).isoformat()
        except ValueError:
            pass
    raise _refuse(path, "needs a date written as YYYY-MM-DD.")


def _days(path: str, raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str) or not str(raw).strip().isdigit():
        raise _refuse(path, "needs a whole number of days.")
    days = int(str(raw).strip())
    if not 1 <= days <= MAX_DAYS:
        raise _refuse(path, f"the number of days must be between 1 and {MAX_DAYS}.")
    return days


def _scalar(path: str, field: str, kind: FieldKind, raw: Any) -> Any:
    if kind == "text":
        text = raw.strip() if isinstance(raw, str) else None
        if not text:
            raise _refuse(path, f"{FIELDS[field][1]} needs some text.")
        if len(text) > MAX_TEXT:
            raise _refuse(path, f"keep the text under {MAX_TEXT} characters.")
        return text
    if kind == "number":
        return _number(path, field, raw)
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise _refuse(path, "needs true or false.")
    return _date(path, raw)


def _value(path: str, field: str, operator: str, raw: Any) -> Any:
    kind = FIELDS[field][0]
    if operator == "inTheRange":
        if not isinstance(raw, list | tuple) or len(raw) != 2:
            raise _refuse(path, "needs two values, from and to.")
        low, high = (_scalar(f"{path}[{i}]", field, kind, v) for i, v in enumerate(raw))
        if low > high:
            raise _refuse(path, "the first value must not be after the second.")
        return [low, high]
    if operator in ("inTheLast", "notInTheLast"):
        return _days(path, raw)
    return _scalar(path, field, kind, raw)


def _rule(path: str, raw: dict[str, Any]) -> Rule:
    unknown = set(raw) - {"field", "operator", "value"}
    if unknown:
        raise _refuse(path, f"unknown key \u201c{sorted(unknown)[0]}\u201d.")
    field, operator = raw.get("field"), raw.get("operator")
    if not isinstance(field, str) or field not in FIELDS:
        raise _refuse(f"{path}.field", f"\u201c{str(field)[:40]}\u201d is not a field smart playlists know.")
    if not isinstance(operator, str) or operator not in OPERATORS_FOR[FIELDS[field][0]]:
        raise _refuse(f"{path}.operator",
                      f"{FIELDS[field][1]} cannot use the operator \u201c{str(operator)[:40]}\u201d.")
    return Rule(field=field, operator=operator, value=_value(f"{path}.value", field, operator, raw.get("value")))


def _group(path: str, raw: Any, depth: int, counter: list[int]) -> Group:
    if not isinstance(raw, dict):
        raise _refuse(path or "rules", "must be an object with \u201cmatch\u201d and \u201crules\u201d.")
    if depth > MAX_DEPTH:
        raise _refuse(path, f"groups nest at most {MAX_DEPTH} deep.")
    unknown = set(raw) - {"match", "rules"}
    if unknown:
        raise _refuse(path or "rules", f"unknown key \u201c{sorted(unknown)[0]}\u201d.")
    match = raw.get("match", "all")
    if match not in ("all", "any"):
        raise _refuse(f"{path}.match" if path else "match", "must be \u201call\u201d or \u201cany\u201d.")
    items = raw.get("rules")
    prefix = f"{path}.rules" if path else "rules"
    if not isinstance(items, list) or not items:
        raise _refuse(prefix, "add at least one rule.")
    parsed: list[Rule | Group] = []
    for i, item in enumerate(items):
        counter[0] += 1
        if counter[0] > MAX_RULES:
            raise _refuse(prefix, f"a smart playlist has at most {MAX_RULES} rules.")
        here = f"{prefix}[{i}]"
        if isinstance(item, dict) and "rules" in item:
            parsed.append(_group(here, item, depth + 1, counter))
        elif isinstance(item, dict):
            parsed.append(_rule(here, item))
        else:
            raise _refuse(here, "must be a rule or a group.")
    return Group(match=match, rules=tuple(parsed))


def parse_group(raw: Any) -> Group:
    """The rule tree from JSON, or ``Invalid`` naming the first wrong item."""
    return _group("", raw, 1, [0])


def parse_criteria(raw: Any, *, sort: Any = "title", order: Any = "asc", limit: Any = DEFAULT_LIMIT) -> Criteria:
    """Rules plus sort, order and limit, all checked; ``Invalid`` names the wrong field."""
    group = parse_group(raw)
    if not isinstance(sort, str) or sort not in SORT_FIELDS:
        raise _refuse("sort", f"cannot sort by \u201c{str(sort)[:40]}\u201d.")
    if order not in ("asc", "desc"):
        raise _refuse("order", "must be \u201casc\u201d or \u201cdesc\u201d.")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise _refuse("limit", f"must be a whole number from 1 to {MAX_LIMIT}.")
    return Criteria(root=group, sort=sort, order=order, limit=limit)


def group_json(group: Group) -> dict[str, Any]:
    """The tree as plain JSON, as stored and as the builder edits it."""
    return {
        "match": group.match,
        "rules": [group_json(item) if isinstance(item, Group) else item.model_dump() for item in group.rules],
    }
