"""The emails of moderation: to the reporter and to the owner of what was reported.

Every value a person typed (titles, names, statements, counter-notices) goes through the
common layout (``services/core/email_layout.py``), which escapes it in the HTML part;
subjects carry no user text at all, so nobody can put words in our subject line (or a line
break into a header).
"""

from __future__ import annotations

from spoticlone.integrations.mailer import EmailMessageSpec
from spoticlone.services.core import email_layout as layout
from spoticlone.services.core.email_layout import PRODUCT

#: How long a quoted statement may be in an email; the full text is on the admin page.
QUOTE_CHARS = 1000


def _quote(text: str) -> str:
    text = text.strip()
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"


def _message(to: str, subject: str, greeting: str, paragraphs: list[str], *, link: tuple[str, str] | None = None,
             quote: str = "") -> EmailMessageSpec:
    """Paragraphs, then the quoted statement, then ``link`` (label, absolute URL) as a button."""
    blocks = [layout.paragraph(p) for p in paragraphs]
    if quote:
        blocks.append(layout.quote(_quote(quote)))
    if link:
        blocks.append(layout.button(*link))
    return layout.message(to, subject, greeting, blocks)


def report_received(to: str, noun: str, title: str) -> EmailMessageSpec:
    """To the reporter: we have your report and will answer by email."""
    return _message(to, f"We received your report ({PRODUCT})", layout.hello(), [
        f"Thank you for reporting the {noun} \u201c{title}\u201d. An administrator will review it "
        "and write to you at this address once they have decided.",
        "You do not need to do anything else for now.",
    ])


def decision_to_reporter(to: str, noun: str, title: str, decision: str) -> EmailMessageSpec:
    """To the reporter: what was decided (``hidden``, ``dismissed`` or ``restored``)."""
    sentences = {
        "hidden": f"After reviewing your report, we have hidden the {noun} \u201c{title}\u201d. "
                  "It is no longer available to anyone.",
        "dismissed": f"After reviewing your report about the {noun} \u201c{title}\u201d, we decided to "
                     "leave it available: we did not find that it breaks our rules.",
        "restored": f"The {noun} \u201c{title}\u201d that you reported is available again: its owner sent "
                    "a counter-notice and an administrator restored it. If you disagree, you may take "
                    "the matter further with the owner directly or through the courts.",
    }
    return _message(to, f"Your report has been reviewed ({PRODUCT})", layout.hello(), [sentences[decision]])


def hidden_to_owner(to: str, username: str, noun: str, title: str, reason: str, link: str) -> EmailMessageSpec:
    """To the owner: their item is hidden, why, and how to answer with a counter-notice."""
    return _message(to, f"Some of your content was hidden ({PRODUCT})", layout.hello(username), [
        f"Following a report ({reason}), an administrator has hidden your {noun} \u201c{title}\u201d. "
        "Listeners now see a notice instead of it.",
        "If you believe this is a mistake (for example, you hold the rights), open the link below "
        "while signed in and send a counter-notice explaining why. An administrator will review it.",
    ], link=("Send a counter-notice", link))


def restored_to_owner(to: str, username: str, noun: str, title: str) -> EmailMessageSpec:
    """To the owner: their item is available again."""
    return _message(to, f"Your content is available again ({PRODUCT})", layout.hello(username), [
        f"Your {noun} \u201c{title}\u201d is available again, exactly as it was before it was hidden.",
    ])


def counter_notice_to_admin(to: str, noun: str, title: str, owner: str, statement: str,
                            link: str) -> EmailMessageSpec:
    """To the administrators: an owner answered a takedown."""
    return _message(to, f"A counter-notice is waiting for review ({PRODUCT})", layout.hello(), [
        f"{owner} sent a counter-notice about their hidden {noun} \u201c{title}\u201d:",
    ], quote=statement, link=("Open the review queue", link))
