"""The one layout of every email Spoticlone sends: a plain-text part and an HTML part.

A body is a greeting followed by blocks (a paragraph, a code, a button, a quote, a list of
links); each block function writes both parts from the same words, so the two never say
different things, and it escapes every value itself: a caller passes what a person typed
(a username, a stage name, a playlist title) as it is, and ``<img src=x onerror=...>`` shows
as typed in both parts. Callers never write HTML, so there is no other place to forget it.

The HTML is one column with inline styles, because mail clients drop ``<style>`` elements
and style sheets. The plain part is what text-only and accessible clients show.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from spoticlone.branding import SITE_NAME
from spoticlone.integrations.mailer import EmailMessageSpec

PRODUCT = SITE_NAME
SIGN_OFF = f"— The {PRODUCT} team"

_P = "margin:0 0 16px"
_MUTED = "margin:0 0 16px;font-size:13px;color:#52525b"
_FINE_PRINT = "margin:0;font-size:12px;color:#52525b"


@dataclass(frozen=True)
class Block:
    """One part of a body in both forms; made by the functions below, which do the escaping."""

    text: str
    html: str


@dataclass(frozen=True)
class Link:
    """A labelled absolute URL: a link in the HTML part, ``label: url`` in the plain part."""

    label: str
    url: str


@dataclass(frozen=True)
class Body:
    """Both parts of a finished mail body."""

    text: str
    html: str


def escape(value: str) -> str:
    """``value`` as HTML text or attribute value (quotes escaped too)."""
    return html.escape(value, quote=True)


def hello(username: str | None = None) -> str:
    """The greeting: ``Hi ada,`` for an account, ``Hello,`` when the reader has none."""
    return f"Hi {username}," if username else "Hello,"


def paragraph(text: str, *, muted: bool = False) -> Block:
    """A paragraph; ``muted`` for the small grey "didn't ask for this?" kind of line."""
    return Block(text, f'<p style="{_MUTED if muted else _P}">{escape(text)}</p>')


def heading(text: str) -> Block:
    """A bold line above the rest (a notification's title)."""
    return Block(text, f'<p style="{_P};font-size:18px;font-weight:bold">{escape(text)}</p>')


def code(value: str) -> Block:
    """A one-time code, large and spaced so it is easy to copy by eye."""
    return Block(f"    {value}", f'<p style="{_P};font-size:32px;letter-spacing:6px;font-weight:bold;'
                                  f'font-family:Menlo,Consolas,monospace">{escape(value)}</p>')


def button(label: str, url: str) -> Block:
    """The one thing the reader is asked to do, as a button; ``label: url`` in plain text."""
    return Block(f"{label}: {url}", (
        f'<p style="margin:0 0 24px"><a href="{escape(url)}" style="display:inline-block;padding:10px 20px;'
        'background:#1db954;color:#000000;border-radius:20px;text-decoration:none;font-weight:bold">'
        f"{escape(label)}</a></p>"))


def quote(text: str) -> Block:
    """Someone's own words, quoted as they wrote them (line breaks kept)."""
    return Block("\n".join("> " + line for line in text.splitlines()),
                 '<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:3px solid #d4d4d8;'
                 f'color:#3f3f46;white-space:pre-wrap">{escape(text)}</blockquote>')


def link_list(links: Sequence[Link]) -> Block:
    """A bulleted list of links (a digest's items): label, then the URL below it in plain text."""
    items = "".join(f'<li style="margin:0 0 8px"><a href="{escape(link.url)}" style="color:#18181b">'
                    f"{escape(link.label)}</a></li>" for link in links)
    return Block("\n".join(f"- {link.label}\n  {link.url}" for link in links),
                 f'<ul style="{_P};padding-left:20px">{items}</ul>')


def fine_print(sentence: str, links: Sequence[Link]) -> Block:
    """The small print below the sign-off: why this mail came, and links to stop it.

    In plain text each link gets its own line, so a URL is never glued to punctuation.
    """
    anchors = " ".join(f'<a href="{escape(link.url)}" style="color:#52525b">{escape(link.label)}</a>.'
                       for link in links)
    return Block("\n".join([sentence, *(f"{link.label}: {link.url}" for link in links)]),
                 f'<p style="{_FINE_PRINT}">{escape(sentence)} {anchors}</p>')


def render(greeting: str, blocks: Sequence[Block], *, footer: Block | None = None) -> Body:
    """The whole body: greeting, blocks, the team's sign-off (plain text), then ``footer``."""
    text = f"{greeting}\n\n" + "".join(f"{block.text}\n\n" for block in blocks) + f"{SIGN_OFF}\n"
    if footer is not None:
        text += f"\n{footer.text}\n"
    inner = "\n".join(block.html for block in (*blocks, *([footer] if footer else [])))
    return Body(text, f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{escape(PRODUCT)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#18181b">
<div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<p style="margin:0 0 24px;font-size:20px;font-weight:bold;color:#1db954">{escape(PRODUCT)}</p>
<p style="{_P}">{escape(greeting)}</p>
{inner}
</div>
</body>
</html>
""")


def message(to: str, subject: str, greeting: str, blocks: Sequence[Block], *, footer: Block | None = None,
            headers: tuple[tuple[str, str], ...] = ()) -> EmailMessageSpec:
    """A finished email to one address (``EmailMessageSpec`` refuses line breaks in headers)."""
    body = render(greeting, blocks, footer=footer)
    return EmailMessageSpec(to=to, subject=subject, text=body.text, html=body.html, headers=headers)
