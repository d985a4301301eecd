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
    from spoticlone.services.core.actor import (
        acting_as,
        acting_for,
        is_admin,
        load_actor,
        require_admin,
        require_user,
    )
    from spoticlone.services.core.db_cache import database_key, engine_of
    from spoticlone.services.core.dto import check_page
    from spoticlone.services.core.email_layout import (
        button,
        code,
        escape,
        fine_print,
        heading,
        hello,
        link_list,
        message,
        paragraph,
        quote,
        render,
    )
    from spoticlone.services.core.events import emit, subscribe, subscriber, subscribers, unsubscribe
    from spoticlone.services.core.job_handoff import hand_to_queue
    from spoticlone.services.core.quick_reads import (
        is_quick_read,
        is_quick_write,
        quick_read,
        quick_write,
        reading_quickly,
        running_quick_read,
        write_after_read,
    )
    from spoticlone.services.core.ratelimit import (
        account_key,
        address_key,
        check_and_count,
        check_and_count_batched,
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
    from spoticlone.services.core.write_guards import (
        exempt,
        exempting,
        exemption,
        sets_only,
        statement_table,
        written_tables,
    )

#: Which module of the package defines each public function.
_HOMES = {
    "account_key": "ratelimit",
    "acting_as": "actor",
    "acting_for": "actor",
    "address_key": "ratelimit",
    "button": "email_layout",
    "check_and_count": "ratelimit",
    "check_and_count_batched": "ratelimit",
    "check_page": "dto",
    "clean_text": "tag_text",
    "code": "email_layout",
    "count_all": "ratelimit",
    "database_key": "db_cache",
    "derive_key": "sealing",
    "emit": "events",
    "engine_of": "db_cache",
    "ensure_allowed": "ratelimit",
    "escape": "email_layout",
    "exempt": "write_guards",
    "exempting": "write_guards",
    "exemption": "write_guards",
    "fernet_for": "sealing",
    "fine_print": "email_layout",
    "hand_to_queue": "job_handoff",
    "heading": "email_layout",
    "hello": "email_layout",
    "is_admin": "actor",
    "is_quick_read": "quick_reads",
    "is_quick_write": "quick_reads",
    "link_list": "email_layout",
    "load_actor": "actor",
    "message": "email_layout",
    "pair_key": "ratelimit",
    "paragraph": "email_layout",
    "parse_date": "tag_text",
    "plain_from_lrc": "tag_text",
    "prune": "ratelimit",
    "quick_read": "quick_reads",
    "quick_write": "quick_reads",
    "quote": "email_layout",
    "reading_quickly": "quick_reads",
    "refund": "ratelimit",
    "render": "email_layout",
    "require_admin": "actor",
    "require_user": "actor",
    "reset": "ratelimit",
    "running_quick_read": "quick_reads",
    "sets_only": "write_guards",
    "slugify": "slugs",
    "statement_table": "write_guards",
    "subscribe": "events",
    "subscriber": "events",
    "subscribers": "events",
    "uncount": "ratelimit",
    "unsubscribe": "events",
    "write_after_read": "quick_reads",
    "written_tables": "write_guards",
}

__all__ = [
    "account_key",
    "acting_as",
    "acting_for",
    "address_key",
    "button",
    "check_and_count",
    "check_and_count_batched",
    "check_page",
    "clean_text",
    "code",
    "count_all",
    "database_key",
    "derive_key",
    "emit",
    "engine_of",
    "ensure_allowed",
    "escape",
    "exempt",
    "exempting",
    "exemption",
    "fernet_for",
    "fine_print",
    "hand_to_queue",
    "heading",
    "hello",
    "is_admin",
    "is_quick_read",
    "is_quick_write",
    "link_list",
    "load_actor",
    "message",
    "pair_key",
    "paragraph",
    "parse_date",
    "plain_from_lrc",
    "prune",
    "quick_read",
    "quick_write",
    "quote",
    "reading_quickly",
    "refund",
    "render",
    "require_admin",
    "require_user",
    "reset",
    "running_quick_read",
    "sets_only",
    "slugify",
    "statement_table",
    "subscribe",
    "subscriber",
    "subscribers",
    "uncount",
    "unsubscribe",
    "write_after_read",
    "written_tables",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
