"""The email that says a data export is ready, with its one-time download link.

The link opens the "Your data" settings page, which asks the reader to sign in first: a
forwarded or intercepted email alone does not hand out anyone's data. The subject names
neither the account nor the link (subjects end up in logs and lock-screen previews).
"""

from __future__ import annotations

from datetime import datetime

from spoticlone.integrations.mailer import EmailMessageSpec
from spoticlone.services.core import email_layout as layout
from spoticlone.services.core.email_layout import PRODUCT


def export_ready_email(to: str, username: str, link: str, expires_at: datetime) -> EmailMessageSpec:
    """Your data is ready: the link, when it stops working, and that it works once."""
    until = expires_at.strftime("%d %B %Y, %H:%M UTC")
    return layout.message(to, f"Your {PRODUCT} data is ready", layout.hello(username), [
        layout.paragraph(f"The copy of your {PRODUCT} data that you asked for is ready. To download it, you "
                         "will be asked to sign in."),
        layout.button("Download your data", link),
        layout.paragraph(f"The link works once and until {until}; after that the file is deleted. You can ask "
                         "for a new copy once a day under Settings, Your data."),
        layout.paragraph("Didn't ask for this? Nobody can download it without signing in to your account. "
                         "If you think someone else can, change your password under Settings, Security.",
                         muted=True),
    ])
