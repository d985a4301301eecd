"""Notifications: the bell, per-kind preferences, the mail outbox with retries, unsubscribe links, the weekly digest."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.notifications.digest import send_weekly_digests, week_of
    from spoticlone.services.notifications.emails import message, one_line, render, render_digest
    from spoticlone.services.notifications.fanout import (
        deliver_all,
        deliver_chunk,
        note_release,
        recent_releases,
        release_of,
    )
    from spoticlone.services.notifications.inbox import (
        deliver,
        deliver_many,
        list_notifications,
        mark_all_read,
        mark_read,
        unread_count,
    )
    from spoticlone.services.notifications.outbox import (
        dispatch_after_commit,
        queue_email,
        retry_delay,
        send_due,
        send_one,
    )
    from spoticlone.services.notifications.preferences import (
        kind_of,
        list_preferences,
        stop_emails,
        update_preferences,
        wants,
    )
    from spoticlone.services.notifications.unsubscribe import (
        describe_token,
        make_token,
        unsubscribe_by_token,
        unsubscribe_url,
    )

#: Which module of the package defines each public function.
_HOMES = {
    "deliver": "inbox",
    "deliver_all": "fanout",
    "deliver_chunk": "fanout",
    "deliver_many": "inbox",
    "describe_token": "unsubscribe",
    "dispatch_after_commit": "outbox",
    "kind_of": "preferences",
    "list_notifications": "inbox",
    "list_preferences": "preferences",
    "make_token": "unsubscribe",
    "mark_all_read": "inbox",
    "mark_read": "inbox",
    "message": "emails",
    "note_release": "fanout",
    "one_line": "emails",
    "queue_email": "outbox",
    "recent_releases": "fanout",
    "release_of": "fanout",
    "render": "emails",
    "render_digest": "emails",
    "retry_delay": "outbox",
    "send_due": "outbox",
    "send_one": "outbox",
    "send_weekly_digests": "digest",
    "stop_emails": "preferences",
    "unread_count": "inbox",
    "unsubscribe_by_token": "unsubscribe",
    "unsubscribe_url": "unsubscribe",
    "update_preferences": "preferences",
    "wants": "preferences",
    "week_of": "digest",
}

__all__ = [
    "deliver",
    "deliver_all",
    "deliver_chunk",
    "deliver_many",
    "describe_token",
    "dispatch_after_commit",
    "kind_of",
    "list_notifications",
    "list_preferences",
    "make_token",
    "mark_all_read",
    "mark_read",
    "message",
    "note_release",
    "one_line",
    "queue_email",
    "recent_releases",
    "release_of",
    "render",
    "render_digest",
    "retry_delay",
    "send_due",
    "send_one",
    "send_weekly_digests",
    "stop_emails",
    "unread_count",
    "unsubscribe_by_token",
    "unsubscribe_url",
    "update_preferences",
    "wants",
    "week_of",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
