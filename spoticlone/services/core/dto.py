"""Small immutable views of catalog rows handed to the API and the UI.

Services never return ORM objects: a DTO is safe to keep after the session closes,
to serialise into Reflex state, and to return from FastAPI.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, computed_field

from spoticlone.services.core.errors import Invalid

T = TypeVar("T")


#: The largest page a list service returns (the API declares the same bound).
MAX_PAGE_SIZE = 100


class DTO(BaseModel):
    """The base of every service answer: immutable, so it is safe to cache and share."""

    model_config = ConfigDict(frozen=True)


def check_page(page: int, page_size: int) -> int:
    """The row offset of ``page``; ``Invalid`` for a page or size out of range."""
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise Invalid("Page numbers start at 1.")
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(f"Page size must be between 1 and {MAX_PAGE_SIZE}.")
    return (page - 1) * page_size


class Page(DTO, Generic[T]):
    """One page of a server-side paginated list."""

    items: list[T]
    total: int
    page: int
    page_size: int

    # Computed fields so API clients get them in the JSON without redoing the arithmetic.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def pages(self) -> int:
        """How many pages there are (at least one, so an empty list still has page 1)."""
        return max(1, -(-self.total // self.page_size))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_next(self) -> bool:
        """Whether a page follows this one."""
        return self.page < self.pages
