"""The numbers a client may send: ids, page numbers, page sizes and counts.

Every integer the API accepts (in a path, a query string or a JSON body) is declared
with one of these types, so a number reaches the database only when it fits a 64-bit
column (SQLite raises ``OverflowError`` past that, which used to be a 500) and a
request that names no possible entity is refused with 422 before any query runs.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from annotated_types import Ge, Le
from fastapi import Path, Query
from pydantic import BeforeValidator, Strict
from pydantic_core import PydanticCustomError

from spoticlone.services.core.dto import MAX_PAGE_SIZE

#: The largest id the API accepts: the largest integer a JavaScript client can hold
#: exactly (and exact as a float in the OpenAPI document), far above any row count,
#: and well inside the 64-bit columns of SQLite and PostgreSQL.
MAX_ID = 2**53 - 1
#: The largest page number: past any real catalog even at one item per page, and its
#: offset (page x page size) stays far inside 64 bits.
MAX_PAGE = 2**31 - 1

_DIGITS = re.compile(r"[0-9]{1,20}")


def _whole_number(value: Any) -> Any:
    """Parse a path or query value written only with the digits 0-9.

    Pydantic's lax mode would read ``1.0``, `` 1`` or ``١`` (an Arabic-Indic one) as 1;
    an id in a URL has one spelling, so anything else is refused. Ints pass through
    (defaults), and the bounds are checked after this.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    raise PydanticCustomError("int_parsing", "Input should be a whole number written with the digits 0-9")


def _bounded(low: int, high: int) -> tuple[Any, ...]:
    # The bounds come first so they apply to the parsed int and appear in the JSON
    # schema as minimum/maximum; the parser wraps them.
    return Ge(low), Le(high), BeforeValidator(_whole_number)


def id_path(description: str = "Numeric id.") -> Any:
    """A path parameter holding an id (1 to ``MAX_ID``)."""
    return Annotated[int, *_bounded(1, MAX_ID), Path(description=description)]


def int_query(low: int, high: int, description: str) -> Any:
    """An optional integer query parameter bounded to ``low..high``."""
    return Annotated[int, *_bounded(low, high), Query(description=description)]


#: An id inside a JSON body: a JSON integer only (``1.0``, ``"1"`` and ``true`` are refused).
BodyId = Annotated[int, Strict(), Ge(1), Le(MAX_ID)]
#: A 0-based position inside a JSON body (e.g. where to move a playlist item).
BodyPosition = Annotated[int, Strict(), Ge(0), Le(MAX_ID)]

IdPath = id_path()
PageParam = int_query(1, MAX_PAGE, "Page number, starting at 1.")
PageSizeParam = int_query(1, MAX_PAGE_SIZE, f"Items per page (1-{MAX_PAGE_SIZE}).")
