"""The email that says a data export is ready, with its one-time download link.

The link opens the "Your data" settings page, which asks the reader to sign in first: a
forwarded or intercepted email alone does not hand out anyone's data. The subject names
neither the account nor the link (subjects end up in logs and lock-screen previews).
"""

from __future__ import annotations

import html
from datetime import datetime

from spoticlone.integrations.mailer import EmailMessageSpec
from spoticlone.services.accounts.emails import PRODUCT


def export_ready_email(to: str, username: str, link: str, expires_at: datetime) -> EmailMessageSpec:
    """Your data is ready: the link, when it stops working, and that it works once."""
    until = expires_at.strftime("%d %B %Y, %H:%M UTC")
    lines = (
        f"The copy of your {PRODUCT} data that you asked for is ready.",
        f"Download it here (you will be asked to sign in): {link}",
        f"The link works once and until {until}; after that the file is deleted. You can ask "
        "for a new copy once a day under Settings, Your data.",
        "Didn't ask for this? Nobody can download it without signing in to your account. "
        "If you think someone else can, change your password under Settings, Security.",
    )
    text = f"Hi {username},\n\n" + "\n\n".join(lines) + f"\n\n— The {PRODUCT} team\n"
    e = html.escape
    page = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{e(PRODUCT)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#18181b">
<div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<p style="margin:0 0 24px;font-size:20px;font-weight:bold;color:#1db954">{e(PRODUCT)}</p>
<p style="margin:0 0 16px">Hi {e(username)},</p>
<p style="margin:0 0 16px">{e(lines[0])}</p>
<p style="margin:0 0 24px"><a href="{e(link, quote=True)}" style="display:inline-block;background:#1db954;
color:#000;font-weight:bold;padding:12px 20px;border-radius:999px;text-decoration:none">Download your data</a></p>
<p style="margin:0 0 16px">{e(lines[2])}</p>
<p style="margin:0;color:#52525b;font-size:14px">{e(lines[3])}</p>
</div>
</body>
</html>
"""
    return EmailMessageSpec(to=to, subject=f"Your {PRODUCT} data is ready", text=text, html=page)
