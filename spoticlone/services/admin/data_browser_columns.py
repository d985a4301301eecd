"""How the admin data browser reads a column: its kind, the values it can be filtered by, its link.

Shared by the row query (which columns a search looks in, what a filter accepts), the size
estimate (whether a table's key is a number whose span can stand in for a count) and the
row views (how a value is shown and a key parsed), so none of those imports another.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Enum, String, Text, TypeDecorator


def column_kind(column: Column) -> str:
    """``text``, ``number``, ``bool``, ``enum``, ``date``, ``datetime`` or ``other``."""
    kind_of = column.type
    if isinstance(kind_of, TypeDecorator):  # sqlmodel's AutoString, UTCDateTime
        kind_of = kind_of.impl_instance
    if isinstance(kind_of, Enum):
        return "enum"
    if isinstance(kind_of, Boolean):
        return "bool"
    if isinstance(kind_of, String | Text):
        return "text"
    try:
        python = kind_of.python_type
    except NotImplementedError:
        return "other"
    if python is datetime:
        return "datetime"
    if python is date:
        return "date"
    if python is str:
        return "text"
    if python is bool:
        return "bool"
    if python in (int, float):
        return "number"
    return "other"


def column_choices(column: Column) -> list[str]:
    """The values an enum or boolean column can be filtered by (``[]`` for any other column)."""
    if isinstance(column.type, Enum):
        enum_class = column.type.enum_class
        if enum_class is not None:
            return [str(member.value) for member in enum_class]
        return list(column.type.enums)
    if isinstance(column.type, Boolean):
        return ["true", "false"]
    return []


def linked_table(column: Column) -> str:
    """The table a foreign key points to (``""`` if none), for links to the referenced row."""
    for key in column.foreign_keys:
        return key.column.table.name
    return ""
