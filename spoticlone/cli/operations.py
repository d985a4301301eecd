"""Running the server: the job worker, analytics and recommendation upkeep, backups and
restores, and synthetic activity for demos and load tests."""

from __future__ import annotations

import argparse
import logging

from spoticlone.cli.common import progress_counter, run_in_session
from spoticlone.cli.output import fail, note, say


def cmd_rebuild_analytics(args: argparse.Namespace) -> int:
    from spoticlone.services.studio.rollups import rebuild_rollups

    def action(session) -> None:
        rows = rebuild_rollups(session)
        say(f"Analytics rebuilt: {rows} daily row{'s' if rows != 1 else ''}.")

    return run_in_session(action)


def cmd_worker(args: argparse.Namespace) -> int:
    from spoticlone.jobs import run_worker

    logging.getLogger().setLevel(logging.INFO)
    run_worker(workers=args.workers, extra_modules=tuple(args.modules))
    return 0


def cmd_recommend(args: argparse.Namespace) -> int:
    if args.action == "train":
        if args.queue:
            from spoticlone.jobs.discovery_tasks import train_recommendations

            train_recommendations()
            say("Training queued for the job worker.")
            return 0
        from spoticlone.services.discovery.recommendations import train_engine

        return run_in_session(lambda session: say(f"Trained: {train_engine(session).model_dump()}"))
    from spoticlone.services.discovery import evaluation, synthetic

    if not 1 <= args.k <= 100:
        fail("Error: --k must be between 1 and 100.")
        return 2
    if args.data == "database":
        from spoticlone.services.discovery.signals import load_dataset

        def action(session) -> None:
            data, _ = load_dataset(session)
            say(evaluation.report(evaluation.evaluate(data, k=args.k), k=args.k))

        return run_in_session(action)
    data, _ = (synthetic.clustered(seed=args.seed) if args.data == "synthetic"
               else synthetic.demo_listeners(synthetic.demo_catalog(), seed=args.seed))
    say(f"{args.data}: {data.n_users} listeners, {data.n_items} tracks, {len(data.ev_user)} events")
    say(evaluation.report(evaluation.evaluate(data, k=args.k), k=args.k))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from spoticlone.config import get_settings
    from spoticlone.db import get_engine
    from spoticlone.services.core.errors import DomainError
    from spoticlone.services.lifecycle.schedule import backup_now

    settings = get_settings()
    destination = args.to or settings.backup_dir or settings.data_dir.resolve().parent / "backups"
    try:
        run = backup_now(settings=settings, destination=destination, trigger="command line",
                         engine=get_engine(), progress=progress_counter("Backup"))
    except DomainError as exc:
        fail(f"Backup failed: {exc.message}")
        return 1
    if run.error:
        fail(f"Backup failed: {run.error}")
        return 1
    say(f"Backup written and verified: {run.path} ({run.file_count} files, {run.size_bytes / 1e6:.1f} MB).")
    for key in run.missing_media[:20]:
        note(f"Warning: the database names {key}, which was not in the media folder.")
    say("The secret key is not in the backup: keep a copy of <data dir>/secret_key (or of "
        "SPOTICLONE_SECRET_KEY) somewhere safe.")
    return 0


def cmd_verify_backup(args: argparse.Namespace) -> int:
    from spoticlone.services.lifecycle.manifest import verify_backup

    report = verify_backup(args.path, progress=progress_counter("Verify"))
    if report.ok:
        say(f"OK: {report.path} verifies ({report.files} files, {report.size_bytes / 1e6:.1f} MB).")
        return 0
    fail(f"{report.path} does NOT verify ({len(report.problems)} problems):")
    for problem in report.problems:
        fail(f"  {problem}")
    return 1


def cmd_restore(args: argparse.Namespace) -> int:
    from spoticlone.config import get_settings
    from spoticlone.services.core.errors import DomainError
    from spoticlone.services.lifecycle.restore import restore_backup

    try:
        result = restore_backup(source=args.path, data_dir=args.data_dir, settings=get_settings(),
                                force=args.force, progress=progress_counter("Restore"))
    except DomainError as exc:
        fail(f"Restore refused: {exc.message}")
        return 1
    where = "the configured PostgreSQL database" if result.engine == "postgresql" else str(result.data_dir)
    say(f"Restored {result.files} files ({result.size_bytes / 1e6:.1f} MB) into {where}; media in "
        f"{result.data_dir / 'media'}.")
    if result.replaced:
        say(f"The folder's previous database and media were moved to {result.replaced}.")
    say(f"Next: put your saved secret key at {result.data_dir / 'secret_key'} (or set "
        "SPOTICLONE_SECRET_KEY), set SPOTICLONE_DATA_DIR to this folder, apply migrations "
        "(make migrate) and start the server.")
    return 0


def cmd_simulate_activity(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from spoticlone.services.admin.simulation import remove_synthetic, simulate_activity

    def remove(session) -> None:
        removed = remove_synthetic(session, allow_production=args.production)
        say(f"Removed {removed.users:,} synthetic listeners and {removed.plays:,} plays; charts and "
            "analytics recounted.")

    def simulate(session) -> None:
        with Progress(transient=True) as bar:
            task = bar.add_task("Simulating listeners", total=args.users)
            result = simulate_activity(session, users=args.users, days=args.days, seed=args.seed,
                                       allow_production=args.production,
                                       progress=lambda done, total: bar.update(task, completed=done))
        say(f"Run {result.run}: {result.users:,} sign-ups ({result.verified:,} verified, "
            f"{result.listeners:,} listened) from {result.first_day} to {result.last_day}.")
        say(f"{result.plays:,} plays ({result.counted:,} counted, {result.skipped:,} skipped), "
            f"{result.likes:,} likes, {result.saved_albums:,} saved albums, {result.follows:,} follows, "
            f"{result.ratings:,} ratings, {result.playlists:,} playlists ({result.playlist_adds:,} songs "
            f"added), {result.searches:,} searches ({result.empty_searches:,} found nothing).")
        say(f"{result.seconds:.1f} s, {result.plays_per_second:,.0f} plays/s. Undo with "
            "simulate-activity --remove.")

    return run_in_session(remove if args.remove else simulate)
