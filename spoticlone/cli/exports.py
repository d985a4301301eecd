"""Data export commands for whoever runs the server: one account's data as a zip."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spoticlone.cli.common import run_in_session


def cmd_export_user(args: argparse.Namespace) -> int:
    from spoticlone.config import get_settings
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.accounts.data_export_archive import export_user_archive

    destination = Path(args.out).expanduser().resolve()

    def show(done: int, total: int, stage: str) -> None:
        print(f"\r{args.username}: {done} of {total} parts ({stage})".ljust(78)[:78],
              end="\n" if done == total else "", file=sys.stderr, flush=True)

    def action(session) -> None:
        summary = export_user_archive(session, username=args.username, destination=destination,
                                      store=default_store(), origin=get_settings().public_origin,
                                      progress=None if args.quiet else show)
        rows = sum(summary.counts.values())
        print(f"Wrote {summary.path} ({summary.size_bytes / 1e6:.1f} MB, {rows} records). "
              "It holds personal data: hand it over safely and delete your copy.")

    return run_in_session(action)
