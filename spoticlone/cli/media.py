"""Media commands: loudness figures and streaming renditions (ffmpeg), and sweeping stray files."""

from __future__ import annotations

import argparse

from spoticlone.cli.common import run_in_session
from spoticlone.cli.output import fail, note, progress, say


def cmd_loudness(args: argparse.Namespace) -> int:
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.media import loudness

    if not args.queue and loudness.ffmpeg_path() is None:
        fail("ffmpeg is not installed: run make setup.")
        return 1

    def action(session) -> None:
        track_ids = loudness.unmeasured_track_ids(session)
        if args.queue:
            from spoticlone.jobs.tasks import measure_loudness

            for track_id in track_ids:
                measure_loudness(track_id)
            say(f"Queued {len(track_ids)} track{'s' if len(track_ids) != 1 else ''} for the worker.")
            return
        store, failed = default_store(), 0
        for done, track_id in enumerate(track_ids, start=1):
            if loudness.measure_track(session, track_id=track_id, store=store) is None:
                failed += 1
            progress(f"Measured {done} of {len(track_ids)}", last=False, on_stdout=True)
        say(f"\nMeasured {len(track_ids) - failed} track{'s' if len(track_ids) != 1 else ''}; "
            f"{failed} could not be measured.")

    return run_in_session(action)


def cmd_renditions(args: argparse.Namespace) -> int:
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.media import loudness, renditions

    if not args.queue and loudness.ffmpeg_path() is None:
        fail("ffmpeg is not installed: run make setup.")
        return 1

    def action(session) -> None:
        track_ids = renditions.tracks_missing_renditions(session)
        plural = "s" if len(track_ids) != 1 else ""
        if args.queue:
            from spoticlone.jobs.media_tasks import make_renditions

            for track_id in track_ids:
                make_renditions(track_id)
            say(f"Queued {len(track_ids)} track{plural} for the worker.")
            return
        store, made = default_store(), 0
        for done, track_id in enumerate(track_ids, start=1):
            made += len(renditions.make_renditions(session, track_id=track_id, store=store))
            progress(f"Encoded {done} of {len(track_ids)} track{plural}", last=False, on_stdout=True)
        say(f"\nMade {made} rendition{'s' if made != 1 else ''} for {len(track_ids)} track{plural}.")

    return run_in_session(action)


def cmd_media_sweep(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from spoticlone.config import get_settings
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.lifecycle.media_sweep import find_orphans
    from spoticlone.services.lifecycle.sweep_status import record_sweep

    hours = args.older_than_hours
    if not 1 <= hours <= 24 * 3650:
        fail("--older-than-hours must be between 1 and 87600 (younger files may still be being saved).")
        return 1

    def action(session) -> None:
        store = default_store()
        report = find_orphans(session, store, older_than=timedelta(hours=hours))
        try:
            _sweep(session, store, report, hours=hours, delete=args.delete)
        finally:  # what was found, or what is left after --delete, is what the admin page shows
            record_sweep(get_settings().data_dir, report, older_than_hours=hours)

    return run_in_session(action)


def _sweep(session, store, report, *, hours: float, delete: bool) -> None:
    """Say what ``report`` found and, with ``delete``, remove it."""
    from spoticlone.services.lifecycle.media_sweep import remove_orphans

    say(f"Looked at {report.scanned} media file{'s' if report.scanned != 1 else ''} in {store.root}; "
        f"the database names {report.referenced} key{'s' if report.referenced != 1 else ''}.")
    if not report.files:
        say(f"No stray files older than {hours:g} hours.")
        return
    temporary = sum(1 for f in report.files if f.temporary)
    say(f"Found {len(report.files)} stray file{'s' if len(report.files) != 1 else ''} "
        f"({report.size / 1e6:.1f} MB; {temporary} left mid-write by a crash):")
    for stray in report.files[:20]:
        say(f"  {stray.key}  ({stray.size / 1e3:.0f} kB)")
    if len(report.files) > 20:
        say(f"  ... and {len(report.files) - 20} more")
    if not delete:
        note("Nothing was deleted (a dry run): run again with --delete to remove them.")
        return
    remove_orphans(session, store, report)
    say(f"Removed {report.removed} file{'s' if report.removed != 1 else ''}.")
