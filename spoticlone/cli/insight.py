"""``rebuild-insight``: recompute the admin dashboard's rollups from the play history.

By default everything is recounted (``catchup.rebuild``: reset, then the catch-up); with
``--resume`` only the events not rolled yet are (what the hourly job does), so a run that was
stopped carries on where it stopped.
"""

from __future__ import annotations

import argparse

from spoticlone.cli.common import run_in_session
from spoticlone.cli.output import say


def cmd_rebuild_insight(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from spoticlone.services.insight import catchup

    def action(session) -> None:
        if not args.resume:
            catchup.reset(session)
        with Progress(transient=True) as bar:
            task = bar.add_task("Rolling play events", total=max(1, catchup.pending(session)))
            result = catchup.catch_up(session, progress=lambda done, total: bar.update(task, completed=done))
        say(f"Dashboard rollups: {result.events:,} play events rolled in {result.seconds:.1f} s "
            f"({result.per_second:,.0f} events/s); {'up to date' if result.done else 'more to do'}.")

    return run_in_session(action)
