"""Notification emails: plain text plus HTML, with a one-click unsubscribe link in each.

Pure functions, like ``services.accounts.emails``: they only build text, in the one layout of
``services/core/email_layout.py``, which HTML-escapes every value that came from a person (a
stage name, a playlist title, a username, a support subject), links included, so
``<img src=x onerror=...>`` as a stage name shows as typed. The subject is one line (control
characters folded to spaces). The RFC 8058 headers are added when the message is sent
(``message``), from the same deterministic token as the footer's link.
"""

from __future__ import annotations

from dataclasses import dataclass

from spoticlone.integrations.mailer import EmailMessageSpec
from spoticlone.services.core import email_layout as layout
from spoticlone.services.core.email_layout import PRODUCT, Link

SUBJECT_MAX = 200


@dataclass(frozen=True)
class Rendered:
    """The parts of a mail that are stored in the outbox row."""

    subject: str
    text: str
    html: str


def one_line(value: str, limit: int = SUBJECT_MAX) -> str:
    """``value`` on a single line (no control characters), at most ``limit`` characters."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def render(*, username: str, title: str, body: str, link: str, action: str,
           kind_label: str, unsubscribe_link: str, settings_link: str) -> Rendered:
    """One notification as a mail: the title as subject and heading, the body, a button."""
    subject = one_line(title)
    blocks = [layout.heading(subject), *([layout.paragraph(body)] if body else []), layout.button(action, link)]
    return _rendered(subject, username, blocks, kind_label, unsubscribe_link, settings_link)


def render_digest(*, username: str, week: str, lines: list[tuple[str, str]], more: int, link: str,
                  unsubscribe_link: str, settings_link: str) -> Rendered:
    """The weekly digest: up to ten ``(title, link)`` lines and how many more there were."""
    count = len(lines) + more
    subject = f"Your {PRODUCT} week: {count} new notification{'s' if count != 1 else ''}"
    blocks = [layout.paragraph(f"Here is what happened in week {week}:"),
              layout.link_list([Link(one_line(title), url) for title, url in lines]),
              *([layout.paragraph(f"…and {more} more.")] if more else []),
              layout.button("See all notifications", link)]
    return _rendered(subject, username, blocks, "Weekly digest", unsubscribe_link, settings_link)


def message(*, to: str, subject: str, text: str, html_body: str, unsubscribe_link: str) -> EmailMessageSpec:
    """The mail to hand to the mailer, with RFC 8058 one-click unsubscribe headers."""
    return EmailMessageSpec(to=to, subject=one_line(subject), text=text, html=html_body, headers=(
        ("List-Unsubscribe", f"<{unsubscribe_link}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    ))


def _rendered(subject: str, username: str, blocks: list[layout.Block], kind_label: str, unsubscribe_link: str,
              settings_link: str) -> Rendered:
    """``blocks`` in the common layout, with the footer that says why the mail came and how to stop it."""
    footer = layout.fine_print(f"You get this email because \"{kind_label}\" emails are on in your settings.", [
        Link("Unsubscribe from these emails", unsubscribe_link), Link("Choose what we send you", settings_link)])
    body = layout.render(layout.hello(username), blocks, footer=footer)
    return Rendered(subject, body.text, body.html)
