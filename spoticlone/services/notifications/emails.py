"""Notification emails: plain text plus HTML, with a one-click unsubscribe link in each.

Pure functions, like ``services.accounts.emails``: they only build text. Every value that
came from a person (a stage name, a playlist title, a username, a support subject) is
HTML-escaped in the HTML part, links included, so ``<img src=x onerror=...>`` as a stage
name shows as typed. The subject is one line (control characters folded to spaces).
The RFC 8058 headers are added when the message is sent (``message``), from the same
deterministic token as the footer's link.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from spoticlone.integrations.mailer import EmailMessageSpec

PRODUCT = "Spoticlone"
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
    text = (f"Hi {username},\n\n{subject}\n\n" + (f"{body}\n\n" if body else "")
            + f"{action}: {link}\n\n— The {PRODUCT} team\n\n"
            + _footer_text(kind_label, unsubscribe_link, settings_link))
    inner = (f'<p style="margin:0 0 16px;font-size:18px;font-weight:bold">{_e(subject)}</p>'
             + (f'<p style="margin:0 0 16px">{_e(body)}</p>' if body else "")
             + _button(link, action))
    return Rendered(subject, text, _page(username, inner, kind_label, unsubscribe_link, settings_link))


def render_digest(*, username: str, week: str, lines: list[tuple[str, str]], more: int, link: str,
                  unsubscribe_link: str, settings_link: str) -> Rendered:
    """The weekly digest: up to ten ``(title, link)`` lines and how many more there were."""
    subject = f"Your {PRODUCT} week: {len(lines) + more} new notification{'s' if len(lines) + more != 1 else ''}"
    label = "Weekly digest"
    listed = "".join(f"- {one_line(title)}\n  {url}\n" for title, url in lines)
    extra = f"...and {more} more.\n" if more else ""
    text = (f"Hi {username},\n\nHere is what happened in week {week}:\n\n{listed}{extra}\n"
            f"See everything: {link}\n\n— The {PRODUCT} team\n\n"
            + _footer_text(label, unsubscribe_link, settings_link))
    items = "".join(f'<li style="margin:0 0 8px"><a href="{_e(url)}" style="color:#18181b">'
                    f'{_e(one_line(title))}</a></li>' for title, url in lines)
    inner = (f'<p style="margin:0 0 16px">Here is what happened in week {_e(week)}:</p>'
             f'<ul style="margin:0 0 16px;padding-left:20px">{items}</ul>'
             + (f'<p style="margin:0 0 16px">…and {more} more.</p>' if more else "")
             + _button(link, "See all notifications"))
    return Rendered(subject, text, _page(username, inner, label, unsubscribe_link, settings_link))


def message(*, to: str, subject: str, text: str, html_body: str, unsubscribe_link: str) -> EmailMessageSpec:
    """The mail to hand to the mailer, with RFC 8058 one-click unsubscribe headers."""
    return EmailMessageSpec(to=to, subject=one_line(subject), text=text, html=html_body, headers=(
        ("List-Unsubscribe", f"<{unsubscribe_link}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    ))


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _button(link: str, action: str) -> str:
    return (f'<p style="margin:0 0 24px"><a href="{_e(link)}" style="display:inline-block;padding:10px 20px;'
            f'background:#1db954;color:#000000;border-radius:20px;text-decoration:none;font-weight:bold">'
            f'{_e(action)}</a></p>')


def _footer_text(kind_label: str, unsubscribe_link: str, settings_link: str) -> str:
    return (f"You get this email because \"{kind_label}\" emails are on in your settings.\n"
            f"Unsubscribe from these emails: {unsubscribe_link}\n"
            f"Choose what we send you: {settings_link}\n")


def _page(username: str, inner: str, kind_label: str, unsubscribe_link: str, settings_link: str) -> str:
    """A single-column layout with inline styles (mail clients drop <style> and CSS files)."""
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{_e(PRODUCT)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#18181b">
<div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<p style="margin:0 0 24px;font-size:20px;font-weight:bold;color:#1db954">{_e(PRODUCT)}</p>
<p style="margin:0 0 16px">Hi {_e(username)},</p>
{inner}
<p style="margin:0;font-size:12px;color:#52525b">You get this email because &quot;{_e(kind_label)}&quot; emails are on
in your settings. <a href="{_e(unsubscribe_link)}" style="color:#52525b">Unsubscribe from these emails</a>
or <a href="{_e(settings_link)}" style="color:#52525b">choose what we send you</a>.</p>
</div>
</body>
</html>
"""
