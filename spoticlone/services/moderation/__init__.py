"""Reports of content and takedowns: filing, the review queue, holds, counter-notices, emails."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.moderation.counter_notice import (
        file_counter_notice,
        my_hidden,
        notice_for,
        notice_message,
        profile_notice,
    )
    from spoticlone.services.moderation.emails import (
        counter_notice_to_admin,
        decision_to_reporter,
        hidden_to_owner,
        report_received,
        restored_to_owner,
    )
    from spoticlone.services.moderation.holds import apply_hold, hold_for, is_hidden, lift_hold
    from spoticlone.services.moderation.queue import dismiss, hide, restore, review_queue
    from spoticlone.services.moderation.reports import file_report, report_out
    from spoticlone.services.moderation.targets import album_track_ids, check_kind, profile_id, resolve

#: Which module of the package defines each public function.
_HOMES = {
    "album_track_ids": "targets",
    "apply_hold": "holds",
    "check_kind": "targets",
    "counter_notice_to_admin": "emails",
    "decision_to_reporter": "emails",
    "dismiss": "queue",
    "file_counter_notice": "counter_notice",
    "file_report": "reports",
    "hidden_to_owner": "emails",
    "hide": "queue",
    "hold_for": "holds",
    "is_hidden": "holds",
    "lift_hold": "holds",
    "my_hidden": "counter_notice",
    "notice_for": "counter_notice",
    "notice_message": "counter_notice",
    "profile_id": "targets",
    "profile_notice": "counter_notice",
    "report_out": "reports",
    "report_received": "emails",
    "resolve": "targets",
    "restore": "queue",
    "restored_to_owner": "emails",
    "review_queue": "queue",
}

__all__ = [
    "album_track_ids",
    "apply_hold",
    "check_kind",
    "counter_notice_to_admin",
    "decision_to_reporter",
    "dismiss",
    "file_counter_notice",
    "file_report",
    "hidden_to_owner",
    "hide",
    "hold_for",
    "is_hidden",
    "lift_hold",
    "my_hidden",
    "notice_for",
    "notice_message",
    "profile_id",
    "profile_notice",
    "report_out",
    "report_received",
    "resolve",
    "restore",
    "restored_to_owner",
    "review_queue",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
