"""What every domain builds on: domain errors, the actor, the clock, throttles, DTO bases,
slugs, text clean-up, events and registries. Imports no other domain.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.core import actor``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.core.actor import is_admin, load_actor, require_admin, require_user
    from spoticlone.services.core.db_cache import database_key
    from spoticlone.services.core.dto import check_page
    from spoticlone.services.core.events import emit, subscribe, subscriber, subscribers, unsubscribe
    from spoticlone.services.core.ratelimit import (
        account_key,
        address_key,
        check_and_count,
        count_all,
        ensure_allowed,
        pair_key,
        prune,
        refund,
        reset,
        uncount,
    )
    from spoticlone.services.core.sealing import derive_key, fernet_for
    from spoticlone.services.core.slugs import slugify
    from spoticlone.services.core.tag_text import clean_text, parse_date, plain_from_lrc

#: Which module of the package defines each public function.
_HOMES = {
    "account_key": "ratelimit",
    "address_key": "ratelimit",
    "check_and_count": "ratelimit",
    "check_page": "dto",
    "clean_text": "tag_text",
    "count_all": "ratelimit",
    "database_key": "db_cache",
    "derive_key": "sealing",
    "emit": "events",
    "ensure_allowed": "ratelimit",
    "fernet_for": "sealing",
    "is_admin": "actor",
    "load_actor": "actor",
    "pair_key": "ratelimit",
    "parse_date": "tag_text",
    "plain_from_lrc": "tag_text",
    "prune": "ratelimit",
    "refund": "ratelimit",
    "require_admin": "actor",
    "require_user": "actor",
    "reset": "ratelimit",
    "slugify": "slugs",
    "subscribe": "events",
    "subscriber": "events",
    "subscribers": "events",
    "uncount": "ratelimit",
    "unsubscribe": "events",
}

__all__ = [
    "account_key",
    "address_key",
    "check_and_count",
    "check_page",
    "clean_text",
    "count_all",
    "database_key",
    "derive_key",
    "emit",
    "ensure_allowed",
    "fernet_for",
    "is_admin",
    "load_actor",
    "pair_key",
    "parse_date",
    "plain_from_lrc",
    "prune",
    "refund",
    "require_admin",
    "require_user",
    "reset",
    "slugify",
    "subscribe",
    "subscriber",
    "subscribers",
    "uncount",
    "unsubscribe",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
