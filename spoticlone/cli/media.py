"""Audio analysis commands: loudness figures and streaming renditions (ffmpeg)."""

from __future__ import annotations

import argparse

from spoticlone.cli.common import run_in_session
from spoticlone.cli.output import fail, progress, say


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
