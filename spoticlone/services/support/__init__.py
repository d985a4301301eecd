"""The support desk: help answers, listeners' requests, the admins' inbox and canned answers."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.support.canned import create_canned, delete_canned, list_canned, update_canned
    from spoticlone.services.support.help_articles import (
        create_article,
        delete_article,
        help_page,
        list_articles,
        seed_defaults,
        update_article,
    )
    from spoticlone.services.support.inbox import (
        admins,
        assign,
        counts,
        list_inbox,
        set_status,
        staff_reply,
        staff_request,
    )
    from spoticlone.services.support.requests import (
        create_request,
        detail,
        export_rows,
        my_request,
        my_requests,
        reply,
        screenshot_url,
        summaries,
    )
    from spoticlone.services.support.rules import category, clip, message, status, subject, text
    from spoticlone.services.support.screenshots import attach, clean, screenshot

#: Which module of the package defines each public function.
_HOMES = {
    "admins": "inbox",
    "assign": "inbox",
    "attach": "screenshots",
    "category": "rules",
    "clean": "screenshots",
    "clip": "rules",
    "counts": "inbox",
    "create_article": "help_articles",
    "create_canned": "canned",
    "create_request": "requests",
    "delete_article": "help_articles",
    "delete_canned": "canned",
    "detail": "requests",
    "export_rows": "requests",
    "help_page": "help_articles",
    "list_articles": "help_articles",
    "list_canned": "canned",
    "list_inbox": "inbox",
    "message": "rules",
    "my_request": "requests",
    "my_requests": "requests",
    "reply": "requests",
    "screenshot": "screenshots",
    "screenshot_url": "requests",
    "seed_defaults": "help_articles",
    "set_status": "inbox",
    "staff_reply": "inbox",
    "staff_request": "inbox",
    "status": "rules",
    "subject": "rules",
    "summaries": "requests",
    "text": "rules",
    "update_article": "help_articles",
    "update_canned": "canned",
}

__all__ = [
    "admins",
    "assign",
    "attach",
    "category",
    "clean",
    "clip",
    "counts",
    "create_article",
    "create_canned",
    "create_request",
    "delete_article",
    "delete_canned",
    "detail",
    "export_rows",
    "help_page",
    "list_articles",
    "list_canned",
    "list_inbox",
    "message",
    "my_request",
    "my_requests",
    "reply",
    "screenshot",
    "screenshot_url",
    "seed_defaults",
    "set_status",
    "staff_reply",
    "staff_request",
    "status",
    "subject",
    "summaries",
    "text",
    "update_article",
    "update_canned",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
