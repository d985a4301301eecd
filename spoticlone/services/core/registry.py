"""Named registries: the one way the core and plugins add interchangeable parts.

Event subscribers, and next radio and recommendation strategies, audio formats, pages,
sidebar entries and API routers, are looked up by name in a ``Registry``. Names make
extension explicit: a duplicate is refused instead of silently replacing the core's
part, a plugin can remove exactly what it added, and an admin page can list what is
installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered mapping of unique names to items of one kind."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str, item: T) -> T:
        """Add ``item`` under ``name``; a name already taken raises ``ValueError``."""
        if not name or not isinstance(name, str):
            raise ValueError(f"{self.kind}: a name is required")
        if name in self._items:
            raise ValueError(f"{self.kind}: {name!r} is already registered")
        self._items[name] = item
        return item

    def unregister(self, name: str) -> None:
        """Remove ``name``; an unknown name raises ``KeyError``."""
        if name not in self._items:
            raise KeyError(f"{self.kind}: {name!r} is not registered")
        del self._items[name]

    def get(self, name: str) -> T:
        """The item registered under ``name`` (``KeyError`` if none)."""
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(f"{self.kind}: {name!r} is not registered") from None

    def names(self) -> list[str]:
        """Registered names, in registration order."""
        return list(self._items)

    def items(self) -> Iterator[tuple[str, T]]:
        """``(name, item)`` pairs in registration order (a snapshot: safe to unregister)."""
        return iter(list(self._items.items()))

    def reorder(self, key: Callable[[str, T], int]) -> None:
        """Sort the entries by ``key(name, item)``, keeping registration order among equals."""
        self._items = dict(sorted(self._items.items(), key=lambda pair: key(*pair)))

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __len__(self) -> int:
        return len(self._items)
