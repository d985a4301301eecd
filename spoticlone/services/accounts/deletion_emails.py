"""The emails of an account deletion: asked for (by the owner or an administrator), cancelled.

The owner learns what will happen and when, in writing: the date the account is erased,
that signing in before then cancels it, what happens to an artist's releases, and what to
do if they did not ask. A deletion that an administrator asked for, or one cancelled by a
sign-in the owner did not make, is something they must hear about even if they never open
the site again. Subjects carry no user text (they end up in logs and lock screens); every
name is escaped by ``core.email_layout``.

``send_deletion_email`` is called by ``deletion`` after the commit that made the change true. The job
module (``jobs/deletion_tasks.py``) installs a sender that queues one retried job per
message; without one (a script, a test) the message goes out at once. A mail that cannot
be sent is logged and never undoes the deletion or the sign-in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from spoticlone import routes
from spoticlone.config import get_settings
from spoticlone.integrations.mailer import EmailMessageSpec, default_mailer
from spoticlone.services.core import email_layout as layout
from spoticlone.services.core.email_layout import PRODUCT

log = logging.getLogger(__name__)

#: Installed by the job module: each takes a message and queues it (see the module docstring).
senders: list[Callable[[EmailMessageSpec], object]] = []


def _when(moment: datetime) -> str:
    """"Friday 18 December 2026 at 14:05 UTC": unambiguous in every locale and time zone."""
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B %Y')} at {moment:%H:%M} UTC"


def _link(path: str) -> str:
    return get_settings().public_origin.rstrip("/") + path


def _releases(stage_name: str | None, keep_releases: bool) -> list[layout.Block]:
    if stage_name is None:
        return []
    if keep_releases:
        return [layout.paragraph(f"Your published releases stay on {PRODUCT}, credited to your artist name "
                                 f"\u201c{stage_name}\u201d; the artist page no longer belongs to an account.")]
    return [layout.paragraph(f"Your releases as \u201c{stage_name}\u201d will be removed too, with their audio "
                             "files and covers. Songs in other people's playlists will show as unavailable.")]


def deletion_requested_email(
    *, to: str, username: str, due_at: datetime, by_admin: bool, stage_name: str | None, keep_releases: bool,
) -> EmailMessageSpec:
    """Your account will be erased on ``due_at``; signing in before then cancels it.

    ``stage_name`` is the artist name for an artist's account (None for a listener), and
    ``keep_releases`` what was chosen for their releases.
    """
    who = (f"An administrator of {PRODUCT} asked to delete your account." if by_admin
           else f"You asked us to delete your {PRODUCT} account.")
    blocks = [
        layout.paragraph(f"{who} It will be erased for good on {_when(due_at)}."),
        layout.paragraph("Then your profile, pictures, liked songs, saved albums, playlists, follows and "
                         "sessions are erased, and your plays are kept only as anonymous counts."),
        *_releases(stage_name, keep_releases),
        layout.paragraph("Changed your mind? Sign in before that date and the deletion is cancelled: "
                         "everything stays as it is."),
        layout.button("Sign in to keep your account", _link(routes.SIGN_IN)),
        layout.paragraph(
            "If you think this is a mistake, sign in to cancel it and contact the administrators."
            if by_admin else
            "Didn't ask for this? Someone who knows your password did. Sign in to cancel the deletion, "
            "then change your password under Settings, Security.",
            muted=True,
        ),
    ]
    return layout.message(to, f"Your {PRODUCT} account will be deleted", layout.hello(username), blocks)


def account_erased_email(*, to: str, username: str, stage_name: str | None, keep_releases: bool) -> EmailMessageSpec:
    """An administrator deleted the account at once, without a grace period: it is gone."""
    blocks = [
        layout.paragraph(f"An administrator of {PRODUCT} deleted your account today. It has been erased: "
                         "your profile, pictures, library, playlists and sessions are gone, and your plays "
                         "are kept only as anonymous counts."),
        *_releases(stage_name, keep_releases),
        layout.paragraph(f"This is the last email {PRODUCT} sends to this address. If you think this is a "
                         "mistake, contact the administrators; they cannot bring the account back.",
                         muted=True),
    ]
    return layout.message(to, f"Your {PRODUCT} account was deleted", layout.hello(username), blocks)


def deletion_cancelled_email(*, to: str, username: str, signed_in_at: datetime) -> EmailMessageSpec:
    """A sign-in during the grace period cancelled the deletion."""
    blocks = [
        layout.paragraph(f"Someone signed in to your account on {_when(signed_in_at)}, so it will not be "
                         "deleted: everything stays as it was. Welcome back!"),
        layout.paragraph("Still want to leave? Ask again under Settings, Delete account."),
        layout.paragraph("Wasn't you? Someone else knows your password. Change it now under Settings, "
                         "Security, and sign out the sessions you don't recognise.", muted=True),
        layout.button("Review your account's security", _link(routes.SETTINGS_SECURITY)),
    ]
    return layout.message(to, f"Your {PRODUCT} account deletion was cancelled", layout.hello(username), blocks)


def send_deletion_email(message: EmailMessageSpec) -> None:
    """Queue ``message`` through the installed senders, or send it now; never raises."""
    try:
        if senders:
            for sender in senders:
                sender(message)
        else:
            default_mailer().send(message)
    except Exception:  # a mail server's failure must not undo what the mail reports
        log.exception("could not send the account deletion email %r", message.subject)
