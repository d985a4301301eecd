"""``archive on|off``: the operator's end-of-life switch, for when the web admin is not at hand."""

from __future__ import annotations

import argparse
from datetime import date

from spoticlone.cli.common import run_in_session
from spoticlone.cli.output import note, say


def add_archive_command(commands) -> None:
    archive = commands.add_parser(
        "archive",
        help="turn archive (read-only, end-of-life) mode on or off",
        description="Make the whole service read-only: sign-ups, uploads and every change are "
        "refused with MESSAGE on every page and API call; listening, signing in and data exports "
        "keep working. See the decommission runbook in the README.",
        epilog="Exit status: 0 when the switch was set, 1 for a refused value (message too long).",
    )
    archive.add_argument("state", choices=("on", "off", "status"))
    archive.add_argument("--message", default="", help="what everyone is told (what happens next, until when)")
    archive.add_argument("--contact", default="", help="an address for questions")
    archive.add_argument("--closes-on", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                         help="the day the service closes for good")


def cmd_archive(args: argparse.Namespace) -> int:
    from spoticlone.services.lifecycle import archive

    def action(session) -> None:
        if args.state == "status":
            status = archive.archive_status(session)
        else:
            status = archive.set_archive(session, actor=None, operator=True, enabled=args.state == "on",
                                         message=args.message, contact=args.contact, closes_on=args.closes_on)
        if status.enabled:
            say(f"Archive mode is ON: the service is read-only.\nEveryone sees: {status.notice}")
        else:
            say("Archive mode is off: sign-ups, uploads and changes are open.")

    code = run_in_session(action)
    if code == 0 and args.state == "on":
        note("Next: take a final backup (backup) and tell people how to export their data.")
    return code
