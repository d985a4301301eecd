"""Command-line entry: ``python -m spoticlone.cli <command>``.

Commands call the same services as the web app (ingestion, catalog admin, the
demo seeder), so the CLI adds no rules of its own; it only turns arguments into
service calls and results into lines on the terminal. It is the one layer that
prints: library code logs.

    seed            import the demo catalog if the database has no tracks yet
    import PATH...  import audio files and folders (recursively) through ingestion
    stats           count artists, albums, tracks and genres
    make-admin EMAIL        make an existing account an administrator
    reset-two-step EMAIL    turn two-step sign-in off for an account (lost phone)
    cleanup                 delete expired sign-in leftovers (codes, tickets, sessions)
    reindex-search          rebuild the search index (after a large import, or to repair it)
    loudness                measure the loudness of tracks that have none yet (ffmpeg)
    rebuild-analytics       recount the artist analytics from the play history
    worker                  run the background job worker (``make run`` starts one)
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

AUDIO_SUFFIXES = frozenset({".mp3", ".flac", ".ogg", ".oga", ".opus", ".wav", ".m4a"})

log = logging.getLogger("spoticlone.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m spoticlone.cli", description="Spoticlone administration commands."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser(
        "seed",
        help="import the demo catalog if the database has no tracks (never deletes anything)",
        description="Import the demo catalog if the database has no tracks yet. In development "
        "this also creates a demo listener and a demo artist and prints their sign-in details.",
    )

    imp = commands.add_parser(
        "import",
        help="import audio files or folders",
        description="Import audio files; folders are searched recursively for "
        f"{', '.join(sorted(AUDIO_SUFFIXES))} files. Tags supply title, artist, album and "
        "the rest; the options below override them for every file.",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="audio file or folder")
    imp.add_argument("--artist", help="artist name for every file (overrides tags)")
    imp.add_argument("--album", help="album title for every file (overrides tags)")
    imp.add_argument("--genre", help="genre for every file (overrides tags)")
    imp.add_argument("--licence", help='licence text, e.g. "CC BY 4.0" (default: all rights reserved)')
    imp.add_argument("--draft", action="store_true", help="import as drafts instead of publishing")

    commands.add_parser("stats", help="count artists, albums, tracks and genres")

    admin = commands.add_parser(
        "make-admin",
        help="make an existing account an administrator",
        description="Give the account with this email the administrator role. The account "
        "must exist (sign up first). Whoever can run this command owns the server.",
    )
    admin.add_argument("email", help="email address of the account")

    reset = commands.add_parser(
        "reset-two-step",
        help="turn two-step sign-in off for an account",
        description="For someone who lost both their phone and their recovery codes (check "
        "who they are first), or after changing the secret key (SPOTICLONE_SECRET_KEY, or the "
        "generated <data dir>/secret_key outside production): turns the "
        "authenticator app off so they can sign in with their password and set it up again.",
    )
    reset.add_argument("email", help="email address of the account")

    cleanup = commands.add_parser(
        "cleanup",
        help="delete expired sign-in leftovers",
        description="Delete expired email codes, sign-in tickets, ended sessions and old "
        "throttle counters. Safe to run at any time; the job worker also runs it hourly.",
    )
    cleanup.add_argument("--queue", action="store_true",
                         help="hand it to the job worker instead of running it here")

    worker = commands.add_parser(
        "worker",
        help="run the background job worker",
        description="Run queued and scheduled jobs (hourly clean-up, and every job the app "
        "queues) until stopped with Ctrl+C or SIGTERM. Uses SQLite beside the database, or "
        "Redis when SPOTICLONE_REDIS_URL is set; run one per machine.",
    )
    worker.add_argument("--workers", type=int, default=1, choices=range(1, 17), metavar="N",
                        help="jobs run at once (threads, default 1)")
    worker.add_argument("--import", dest="modules", action="append", default=[], metavar="MODULE",
                        help="also load the jobs defined in MODULE (a plugin's, for example)")

    loudness = commands.add_parser(
        "loudness",
        help="measure the loudness of tracks that have no figures yet",
        description="Measure EBU R128 loudness (integrated LUFS and true peak) with ffmpeg for "
        "every track that has none yet, for example tracks imported before loudness was "
        "measured. New uploads are measured in the background on their own.",
    )
    loudness.add_argument("--queue", action="store_true",
                          help="hand each track to the job worker instead of measuring it here")

    commands.add_parser(
        "rebuild-analytics",
        help="recount the artist analytics from the play history",
        description="Rebuild the daily analytics tables from every counted play: once after "
        "upgrading a server that already had plays (the worker also recounts nightly).",
    )

    commands.add_parser(
        "reindex-search",
        help="rebuild the search index",
        description="Rebuild the search index from the catalog: re-picks the most played "
        "tracks for the fast path and compacts the word list. Search stays correct without "
        "it; run it after a large import to keep it fast.",
    )
    return parser


def iter_audio_files(paths: Sequence[Path]) -> Iterator[tuple[Path, str | None]]:
    """``(path, problem)`` for each file to import, in a stable order.

    Files named explicitly are always attempted (ingestion decides by content);
    inside folders only files with audio extensions are picked, so cover images
    and playlists next to the music are not reported as failures.
    """
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES)
            if not found:
                yield path, "no audio files in this folder"
            yield from ((p, None) for p in found)
        elif path.exists():
            yield path, None
        else:
            yield path, "no such file or folder"


def _require_schema(engine) -> bool:
    from sqlalchemy import inspect

    if inspect(engine).has_table("track"):
        return True
    print(
        "The database has no tables yet. Apply the migrations first (make migrate).",
        file=sys.stderr,
    )
    return False


def cmd_seed(args: argparse.Namespace) -> int:
    from spoticlone.config import get_settings
    from spoticlone.db import get_engine
    from spoticlone.demo import SeedProgress, seed_demo_catalog
    from spoticlone.integrations.media_store import default_store

    engine = get_engine()
    if not _require_schema(engine):
        return 2

    def show(p: SeedProgress) -> None:
        status = "ok   " if p.ok else "ERROR"
        detail = f"  ({p.error})" if p.error else ""
        print(f"[{p.index:>2}/{p.total}] {status} {p.audio_format:<5} {p.artist} - {p.title}{detail}", flush=True)

    settings = get_settings()
    report = seed_demo_catalog(
        engine, default_store(), only_if_empty=True, with_demo_accounts=settings.is_development, progress=show
    )
    if not report.seeded:
        print(f"Demo catalog not seeded: {report.skipped_reason}. Nothing was changed.")
        return 0
    print(
        f"Seeded {report.tracks} tracks in {report.seconds:.1f}s "
        f"({report.artists} artists, {report.albums} releases, {report.genres} genres)."
    )
    if report.accounts:
        print("\nDemo accounts (development only; passwords are new on every seed):")
        for email, username, password in report.accounts:
            print(f"  {username:<14} email: {email:<28} password: {password}")
    for failure in report.failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if report.failures else 0


def cmd_import(args: argparse.Namespace) -> int:
    from spoticlone.db import get_engine, session_scope
    from spoticlone.integrations.media_store import default_store
    from spoticlone.models import ArtistProfile, Track, TrackStatus
    from spoticlone.services.core.errors import DomainError
    from spoticlone.services.media.ingestion import IngestOverrides, ingest_file

    engine = get_engine()
    if not _require_schema(engine):
        return 2
    store = default_store()
    overrides = IngestOverrides(artist=args.artist, album=args.album, genre=args.genre, licence=args.licence)
    status = TrackStatus.DRAFT if args.draft else TrackStatus.PUBLISHED
    ok = failed = 0
    for path, problem in iter_audio_files(args.paths):
        if problem is None:
            try:
                with session_scope(engine) as session:
                    result = ingest_file(session, store=store, source=path, overrides=overrides, status=status)
                    track = session.get(Track, result.track_id)
                    artist = session.get(ArtistProfile, result.artist_id)
                    label = f"{artist.stage_name} - {track.title}"
            except DomainError as exc:
                problem = exc.message
            except Exception as exc:  # one bad file must not stop a bulk import
                log.exception("unexpected error importing %s", path)
                problem = f"unexpected error: {exc}"
        if problem is None:
            ok += 1
            print(f"OK    {path}  ->  track {result.track_id}: {label}", flush=True)
        else:
            failed += 1
            print(f"ERROR {path}: {problem}", flush=True)
    total = ok + failed
    print(f"Imported {ok} of {total} file{'s' if total != 1 else ''}; {failed} failed.")
    return 1 if failed else 0


def cmd_stats(args: argparse.Namespace) -> int:
    from sqlmodel import Session, func, select

    from spoticlone.db import get_engine
    from spoticlone.models import Album, ArtistProfile, Genre, Track

    engine = get_engine()
    if not _require_schema(engine):
        return 2
    with Session(engine) as session:
        for label, model in (("artists", ArtistProfile), ("albums", Album), ("tracks", Track), ("genres", Genre)):
            count = session.exec(select(func.count()).select_from(model)).one()
            print(f"{label:<8} {count}")
    return 0


def _run_in_session(action) -> int:
    """Run ``action(session)`` in one transaction; a domain error becomes a message and exit 1."""
    from spoticlone.db import get_engine, session_scope
    from spoticlone.services.core.errors import DomainError

    engine = get_engine()
    if not _require_schema(engine):
        return 2
    try:
        with session_scope(engine) as session:
            action(session)
    except DomainError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        return 1
    return 0


def cmd_make_admin(args: argparse.Namespace) -> int:
    from spoticlone.services.admin.roles import make_admin

    def action(session) -> None:
        user, changed = make_admin(session, args.email)
        if changed:
            print(f"{user.username} ({user.email}) is now an administrator.")
        else:
            print(f"{user.username} ({user.email}) was already an administrator; nothing changed.")
        if user.suspended:
            print("Note: this account is suspended, so it cannot sign in until another "
                  "administrator reinstates it.")
        if not user.email_verified:
            print("Note: this account has not verified its email address yet; it must do so to sign in.")

    return _run_in_session(action)


def cmd_reset_two_step(args: argparse.Namespace) -> int:
    from spoticlone.services.auth.totp import operator_reset

    def action(session) -> None:
        if operator_reset(session, email=args.email):
            print(f"Two-step sign-in is now off for {args.email.strip()}. They can sign in with "
                  "their password and set it up again under Settings.")
        else:
            print(f"Two-step sign-in was already off for {args.email.strip()}; nothing changed.")

    return _run_in_session(action)


def cmd_cleanup(args: argparse.Namespace) -> int:
    if args.queue:
        from spoticlone.jobs.tasks import account_cleanup

        result = account_cleanup()
        print(f"Queued the clean-up as job {result.id}; the worker runs it.")
        return 0
    # Imported lazily: the cleanup service is optional for every other command.
    from spoticlone.services.accounts.housekeeping import cleanup

    def action(session) -> None:
        counts = cleanup(session)
        total = sum(counts.values())
        detail = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
        print(f"Deleted {total} expired row{'s' if total != 1 else ''} ({detail}).")

    return _run_in_session(action)


def cmd_reindex_search(args: argparse.Namespace) -> int:
    from spoticlone.services.search import index

    def action(session) -> None:
        index.reindex_all(session)
        print("Search index rebuilt.")

    return _run_in_session(action)


def cmd_loudness(args: argparse.Namespace) -> int:
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.media import loudness

    if not args.queue and loudness.ffmpeg_path() is None:
        print("ffmpeg is not installed: run make setup.", file=sys.stderr)
        return 1

    def action(session) -> None:
        track_ids = loudness.unmeasured_track_ids(session)
        if args.queue:
            from spoticlone.jobs.tasks import measure_loudness

            for track_id in track_ids:
                measure_loudness(track_id)
            print(f"Queued {len(track_ids)} track{'s' if len(track_ids) != 1 else ''} for the worker.")
            return
        store, failed = default_store(), 0
        for done, track_id in enumerate(track_ids, start=1):
            if loudness.measure_track(session, track_id=track_id, store=store) is None:
                failed += 1
            print(f"\rMeasured {done} of {len(track_ids)}", end="", flush=True)
        print(f"\nMeasured {len(track_ids) - failed} track{'s' if len(track_ids) != 1 else ''}; "
              f"{failed} could not be measured.")

    return _run_in_session(action)


def cmd_rebuild_analytics(args: argparse.Namespace) -> int:
    from spoticlone.services.studio.rollups import rebuild_rollups

    def action(session) -> None:
        rows = rebuild_rollups(session)
        print(f"Analytics rebuilt: {rows} daily row{'s' if rows != 1 else ''}.")

    return _run_in_session(action)


def cmd_worker(args: argparse.Namespace) -> int:
    from spoticlone.jobs import run_worker

    logging.getLogger().setLevel(logging.INFO)
    run_worker(workers=args.workers, extra_modules=tuple(args.modules))
    return 0


COMMANDS = {
    "seed": cmd_seed, "import": cmd_import, "stats": cmd_stats, "make-admin": cmd_make_admin,
    "reset-two-step": cmd_reset_two_step, "cleanup": cmd_cleanup,
    "reindex-search": cmd_reindex_search, "loudness": cmd_loudness,
    "rebuild-analytics": cmd_rebuild_analytics, "worker": cmd_worker,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
