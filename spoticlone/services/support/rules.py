"""What a support request may hold: categories, statuses, limits, and the checks on text.

Shared by the listener's side (``requests.py``), the admins' inbox (``inbox.py``), the API
(which declares the same bounds in its schema) and the form, so the limits cannot drift.
"""

from __future__ import annotations

from datetime import timedelta

from spoticlone.services.core.errors import Invalid, TooLarge

CATEGORIES: dict[str, str] = {
    "account": "Account and sign-in",
    "playback": "Playback",
    "upload": "Uploading music",
    "copyright": "Copyright",
    "bug": "Something is broken",
    "other": "Something else",
}
OPEN, WAITING, CLOSED = "open", "waiting", "closed"
STATUSES: dict[str, str] = {OPEN: "Open", WAITING: "Waiting for you", CLOSED: "Closed"}
#: How admins read a status (a "waiting" request waits for the listener, not for support).
STAFF_STATUSES: dict[str, str] = {OPEN: "Open", WAITING: "Waiting for listener", CLOSED: "Closed"}

MAX_SUBJECT = 200
MAX_MESSAGE = 5_000
MAX_CONTEXT_PAGE = 500
MAX_CONTEXT_TRACK = 300
MAX_USER_AGENT = 500
MAX_CANNED_TITLE = 120
MAX_ARTICLE_SECTION = 80
MAX_ARTICLE_TITLE = 200
MAX_ARTICLE_BODY = 20_000
#: Messages shown per conversation (oldest dropped first beyond it; a real thread is far shorter).
MAX_THREAD = 200

#: New requests per account (a person with a real problem files one or two; a script files hundreds).
NEW_PER_ACCOUNT = (5, timedelta(hours=1))
NEW_PER_DAY = (20, timedelta(days=1))
#: Replies per account: a conversation is quick, flooding the inbox is not.
REPLIES_PER_ACCOUNT = (30, timedelta(hours=1))


def category(value: str) -> str:
    """``value`` if it is a known category; ``Invalid`` otherwise."""
    if value not in CATEGORIES:
        raise Invalid("Choose what your request is about.")
    return value


def status(value: str) -> str:
    """``value`` if it is a known status; ``Invalid`` otherwise."""
    if value not in STATUSES:
        raise Invalid("Choose open, waiting or closed.")
    return value


def subject(value: str) -> str:
    """The subject on one line; required, at most ``MAX_SUBJECT`` characters."""
    text = " ".join((value or "").split())
    if not text:
        raise Invalid("Give your request a short subject.")
    if len(text) > MAX_SUBJECT:
        raise Invalid(f"The subject can be at most {MAX_SUBJECT} characters.")
    return text


def message(value: str) -> str:
    """The message, trimmed; ``TooLarge`` past ``MAX_MESSAGE`` characters, ``Invalid`` when empty."""
    text = (value or "").strip()
    if not text:
        raise Invalid("Write your message first.")
    if len(text) > MAX_MESSAGE:
        raise TooLarge(f"Your message is {len(text):,} characters long; the limit is {MAX_MESSAGE:,}. "
                       "Please shorten it, or send the rest in a reply.")
    return text


def clip(value: str | None, limit: int) -> str:
    """Context text from the browser: one line, cut to ``limit`` (it is information, not input to refuse)."""
    return " ".join((value or "").split())[:limit]


def text(value: str, limit: int, what: str) -> str:
    """Admin-written text (titles, bodies): required and bounded."""
    out = (value or "").strip()
    if not out:
        raise Invalid(f"Write the {what} first.")
    if len(out) > limit:
        raise Invalid(f"The {what} can be at most {limit:,} characters.")
    return out
