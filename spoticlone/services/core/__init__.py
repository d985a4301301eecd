"""What every domain builds on: domain errors, the actor, the clock, throttles, DTO bases,
slugs, text clean-up, events and registries. Imports no other domain.

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.core import actor``), which keeps import order simple.
"""

from spoticlone.services.core.actor import is_admin, load_actor, require_admin, require_user
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
from spoticlone.services.core.slugs import slugify
from spoticlone.services.core.tag_text import clean_text, parse_date, plain_from_lrc

__all__ = [
    "account_key",
    "address_key",
    "check_and_count",
    "check_page",
    "clean_text",
    "count_all",
    "emit",
    "ensure_allowed",
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
