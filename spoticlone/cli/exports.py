"""Data export commands for whoever runs the server: one account's data as a zip."""

from __future__ import annotations

import argparse
from pathlib import Path

from spoticlone.cli.common import run_in_session
from spoticlone.cli.output import progress, say


def cmd_export_user(args: argparse.Namespace) -> int:
    from spoticlone.config import get_settings
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.accounts.data_export_archive import export_user_archive

    destination = Path(args.out).expanduser().resolve()

    def show(done: int, total: int, stage: str) -> None:
        progress(f"{args.username}: {done} of {total} parts ({stage})".ljust(77)[:77], last=done == total)

    def action(session) -> None:
        summary = export_user_archive(session, username=args.username, destination=destination,
                                      store=default_store(), origin=get_settings().public_origin,
                                      progress=None if args.quiet else show)
        rows = sum(summary.counts.values())
        say(f"Wrote {summary.path} ({summary.size_bytes / 1e6:.1f} MB, {rows} records). "
            "It holds personal data: hand it over safely and delete your copy.")

    return run_in_session(action)


def cmd_export_all(args: argparse.Namespace) -> int:
    from spoticlone.cli.common import require_schema
    from spoticlone.cli.output import fail
    from spoticlone.config import get_settings
    from spoticlone.db import get_engine
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.lifecycle.bulk_export import export_everyone

    if not require_schema(get_engine()):
        return 2

    def show(done: int, total: int, username: str) -> None:
        progress(f"{done} of {total} accounts {username}".ljust(78)[:78], last=done == total)

    summary = export_everyone(get_engine(), destination=Path(args.out).expanduser().resolve(),
                              store=default_store(), origin=get_settings().public_origin,
                              progress=None if args.quiet else show)
    say(f"{summary.written} written, {summary.skipped} already there, of {summary.total} accounts, in "
        f"{summary.folder} (manifest.json lists each file's SHA-256). It holds personal data: keep it safe.")
    for failure in summary.failed:
        fail(f"Could not export {failure}; the server log says why. Run the command again to retry.")
    return 1 if summary.failed else 0
