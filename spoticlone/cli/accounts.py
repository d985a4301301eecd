"""Account commands for whoever runs the server: administrators, lost phones, clean-up."""

from __future__ import annotations

import argparse

from spoticlone.cli.common import run_in_session
from spoticlone.cli.output import say


def cmd_make_admin(args: argparse.Namespace) -> int:
    from spoticlone.services.admin.roles import make_admin

    def action(session) -> None:
        user, changed = make_admin(session, args.email)
        if changed:
            say(f"{user.username} ({user.email}) is now an administrator.")
        else:
            say(f"{user.username} ({user.email}) was already an administrator; nothing changed.")
        if user.suspended:
            say("Note: this account is suspended, so it cannot sign in until another "
                "administrator reinstates it.")
        if not user.email_verified:
            say("Note: this account has not verified its email address yet; it must do so to sign in.")

    return run_in_session(action)


def cmd_reset_two_step(args: argparse.Namespace) -> int:
    from spoticlone.services.auth.totp import operator_reset

    def action(session) -> None:
        if operator_reset(session, email=args.email):
            say(f"Two-step sign-in is now off for {args.email.strip()}. They can sign in with "
                "their password and set it up again under Settings.")
        else:
            say(f"Two-step sign-in was already off for {args.email.strip()}; nothing changed.")

    return run_in_session(action)


def cmd_cleanup(args: argparse.Namespace) -> int:
    if args.queue:
        from spoticlone.jobs.tasks import account_cleanup

        result = account_cleanup()
        say(f"Queued the clean-up as job {result.id}; the worker runs it.")
        return 0
    # Imported lazily: the cleanup service is optional for every other command.
    from spoticlone.services.accounts.housekeeping import cleanup

    def action(session) -> None:
        counts = cleanup(session)
        total = sum(counts.values())
        detail = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
        say(f"Deleted {total} expired row{'s' if total != 1 else ''} ({detail}).")

    return run_in_session(action)
