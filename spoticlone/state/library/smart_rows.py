"""The smart playlist builder's rows: a rule tree flattened for the page, and back.

A page renders a flat list far more simply than a tree, so the builder keeps one row per
rule or group, in display order, each naming its parent group (``"root"`` for the top)
and its depth (for indentation). ``to_tree`` rebuilds the JSON the service checks and
remembers which row each path (``rules[1].rules[0]``) came from, so a refusal naming a
path can point at the row to fix. Values stay strings here: the service parses them.
"""

from __future__ import annotations

import re
from typing import Any

from spoticlone.services.library.smart_rules import FIELDS, OPERATORS_FOR

ROOT = "root"
MAX_GROUP_DEPTH = 3
DEFAULT_VALUES = {"inTheLast": "30", "notInTheLast": "30"}
_PATH = re.compile(r"^((?:\.?rules\[\d+\])+)")


def input_kind(field: str, operator: str) -> str:
    """Which input the value needs: text, number, date, days or boolean."""
    kind = FIELDS.get(field, ("text", "", ""))[0]
    if operator in ("inTheLast", "notInTheLast"):
        return "days"
    return kind


def rule_row(key: str, parent: str, depth: int, field: str = "genre", operator: str = "",
             value: Any = "", value2: Any = "") -> dict[str, Any]:
    """A rule row with the operator (the field's first unless given) and its value inputs."""
    kind = FIELDS[field][0]
    operator = operator if operator in OPERATORS_FOR[kind] else OPERATORS_FOR[kind][0]
    if kind == "boolean" and value == "":
        value = "true"
    return {
        "key": key, "kind": "rule", "parent": parent, "depth": depth, "field": field, "ftype": kind,
        "operator": operator, "value": _text(value) or DEFAULT_VALUES.get(operator, ""), "value2": _text(value2),
        "input": input_kind(field, operator), "range": operator == "inTheRange", "unit": FIELDS[field][2],
        "match": "", "can_nest": False,
    }


def group_row(key: str, parent: str, depth: int, match: str = "any") -> dict[str, Any]:
    return {
        "key": key, "kind": "group", "parent": parent, "depth": depth, "field": "", "ftype": "", "operator": "",
        "value": "", "value2": "", "input": "", "range": False, "unit": "", "match": match,
        "can_nest": depth + 1 < MAX_GROUP_DEPTH,
    }


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def from_tree(tree: dict[str, Any], next_key) -> list[dict[str, Any]]:
    """Rows for a stored rule tree (``next_key()`` names each new row)."""
    rows: list[dict[str, Any]] = []

    def walk(items: list[Any], parent: str, depth: int) -> None:
        for item in items:
            key = next_key()
            if "rules" in item:
                rows.append(group_row(key, parent, depth, item.get("match", "any")))
                walk(item["rules"], key, depth + 1)
            else:
                value = item.get("value")
                low, high = (value if isinstance(value, list) and len(value) == 2 else (value, ""))
                rows.append(rule_row(key, parent, depth, item["field"], item["operator"], low, high))

    walk(tree.get("rules", []), ROOT, 0)
    return rows


def to_tree(rows: list[dict[str, Any]], match: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The rule tree the service checks, and which row key each path came from."""
    children: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(row["parent"], []).append(row)
    paths: dict[str, str] = {}

    def build(parent: str, prefix: str) -> list[dict[str, Any]]:
        items = []
        for i, row in enumerate(children.get(parent, [])):
            path = f"{prefix}[{i}]"
            paths[path] = row["key"]
            if row["kind"] == "group":
                items.append({"match": row["match"], "rules": build(row["key"], f"{path}.rules")})
            else:
                value: Any = [row["value"], row["value2"]] if row["range"] else row["value"]
                items.append({"field": row["field"], "operator": row["operator"], "value": value})
        return items

    return {"match": match, "rules": build(ROOT, "rules")}, paths


def row_of_message(message: str, paths: dict[str, str]) -> tuple[str, str]:
    """(row key, sentence) for a refusal like ``rules[1].value: needs a number``; key "" if none."""
    head, sep, sentence = message.partition(": ")
    if not sep:
        return "", message
    found = _PATH.match(head)
    key = paths.get(found.group(1), "") if found else ""
    shown = sentence if key else message
    return key, shown[:1].upper() + shown[1:]


def descendants(rows: list[dict[str, Any]], key: str) -> set[str]:
    """``key`` and every row inside it (a group's whole subtree)."""
    gone = {key}
    for row in rows:  # rows are in display order: a child always follows its parent
        if row["parent"] in gone:
            gone.add(row["key"])
    return gone


def insert_at(rows: list[dict[str, Any]], parent: str) -> int:
    """Where a new child of ``parent`` goes: after the parent's last descendant."""
    if parent == ROOT:
        return len(rows)
    inside = descendants(rows, parent)
    last = max(i for i, row in enumerate(rows) if row["key"] in inside)
    return last + 1
