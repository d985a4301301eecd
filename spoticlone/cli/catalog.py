"""Catalog commands: the demo seed, bulk import (with its progress and summary), content
hashes, counts and the search index."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path

from spoticlone.cli.common import require_schema, run_in_session
from spoticlone.cli.output import fail, progress, say

AUDIO_SUFFIXES = frozenset({".mp3", ".flac", ".ogg", ".oga", ".opus", ".wav", ".aif", ".aiff", ".aifc", ".m4a"})


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


def cmd_seed(args: argparse.Namespace) -> int:
    from spoticlone.config import get_settings
    from spoticlone.db import get_engine
    from spoticlone.demo import SeedProgress, seed_demo_catalog
    from spoticlone.integrations.media_store import default_store

    engine = get_engine()
    if not require_schema(engine):
        return 2

    def show(p: SeedProgress) -> None:
        status = "ok   " if p.ok else "ERROR"
        detail = f"  ({p.error})" if p.error else ""
        say(f"[{p.index:>2}/{p.total}] {status} {p.audio_format:<5} {p.artist} - {p.title}{detail}")

    settings = get_settings()
    report = seed_demo_catalog(
        engine, default_store(), only_if_empty=True, with_demo_accounts=settings.is_development, progress=show
    )
    if not report.seeded:
        say(f"Demo catalog not seeded: {report.skipped_reason}. Nothing was changed.")
        return 0
    say(
        f"Seeded {report.tracks} tracks in {report.seconds:.1f}s "
        f"({report.artists} artists, {report.albums} releases, {report.genres} genres)."
    )
    if report.accounts:
        say("\nDemo accounts (development only; passwords are new on every seed):")
        for email, username, password in report.accounts:
            say(f"  {username:<14} email: {email:<28} password: {password}")
    for failure in report.failures:
        fail(f"FAILED {failure}")
    return 1 if report.failures else 0


def cmd_import(args: argparse.Namespace) -> int:
    from spoticlone.db import get_engine, session_scope
    from spoticlone.integrations.media_store import default_store
    from spoticlone.models import TrackStatus
    from spoticlone.services.core.errors import DomainError
    from spoticlone.services.media.ingestion import IngestOverrides
    from spoticlone.services.studio.bulk_import import import_files, resolve_artist

    engine = get_engine()
    if not require_schema(engine):
        return 2
    artist_id = None
    if args.artist is not None:
        if args.artist_name:
            fail("Give either --artist or --artist-name, not both.")
            return 2
        try:
            with session_scope(engine) as session:
                artist = resolve_artist(session, ref=args.artist)
        except DomainError as exc:
            fail(f"{exc.message} Nothing was imported.")
            return 2
        artist_id = artist.id
        say(f"Importing for {artist.stage_name} ({artist.slug}, id {artist.id}); "
            "the artist names in the tags are ignored.")
    draft = args.draft or (artist_id is not None and not args.publish)
    files = list(iter_audio_files(args.paths))
    overrides = IngestOverrides(artist=args.artist_name, album=args.album, genre=args.genre, licence=args.licence)
    with session_scope(engine) as session, _ImportProgress(len(files), quiet=args.quiet) as show:
        summary = import_files(
            session, store=default_store(), files=files, overrides=overrides, artist_id=artist_id,
            status=TrackStatus.DRAFT if draft else TrackStatus.PUBLISHED, progress=show,
        )
    _print_summary(summary, draft=draft)
    if summary.imported and not args.no_analysis:
        _queue_audio_analysis()
    return 1 if summary.refused else 0


def _queue_audio_analysis() -> None:
    """Hand every unmeasured track to the worker for loudness and streaming renditions, as an
    upload does, so imported music gets volume normalisation and quality tiers too."""
    from spoticlone.db import session_scope
    from spoticlone.jobs.media_tasks import queue_audio_analysis
    from spoticlone.services.media import loudness, renditions

    with session_scope() as session:
        unmeasured = loudness.unmeasured_track_ids(session)
        unrendered = renditions.tracks_missing_renditions(session)
    if unmeasured or unrendered:
        queue_audio_analysis(list(unmeasured), list(unrendered))  # one job; the worker queues one per track
    say(f"Queued {len(unmeasured)} track(s) for loudness and {len(unrendered)} for streaming "
        "renditions (the worker does them; `make run` starts one).")


class _ImportProgress:
    """A progress bar on a terminal (rich); one line per file otherwise (logs, pipes)."""

    def __init__(self, total: int, *, quiet: bool):
        from rich.console import Console

        self.total, self.quiet, self.done = total, quiet, 0
        self.console = Console(stderr=True)
        self.bar = None
        if not quiet and self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("Importing"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), TextColumn("{task.description}"),
                                console=self.console, transient=True)

    def __enter__(self) -> _ImportProgress:
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task("", total=self.total)
        return self

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, outcome) -> None:
        self.done += 1
        word = {"imported": "OK       ", "duplicate": "DUPLICATE", "refused": "REFUSED  "}[outcome.kind]
        detail = {"imported": outcome.label, "refused": outcome.message,
                  "duplicate": f"{outcome.message}: {outcome.label}"}[outcome.kind]
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=outcome.path.name[:40])
            if outcome.kind == "refused":
                self.console.print(f"{word} {outcome.path}: {detail}", markup=False, highlight=False)
        elif not self.quiet or outcome.kind == "refused":
            say(f"[{self.done}/{self.total}] {word} {outcome.path}  {detail}")


def _print_summary(summary, *, draft: bool) -> None:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    kind = "as drafts" if draft else "published"
    say(f"\nImported {plural(summary.imported, 'file')} ({kind}) of {summary.total} "
        f"in {summary.seconds:.1f} s.")
    if summary.duplicates:
        say(f"Skipped {plural(len(summary.duplicates), 'duplicate')} "
            "(the same audio is already in the catalog):")
        for outcome in summary.duplicates[:20]:
            say(f"  {outcome.path}  =  track {outcome.track_id}: {outcome.label}")
        if len(summary.duplicates) > 20:
            say(f"  ... and {len(summary.duplicates) - 20} more")
    if summary.refused:
        say(f"Refused {plural(summary.refused_count, 'file')}:")
        for reason, paths in sorted(summary.refused.items(), key=lambda item: -len(item[1])):
            say(f"  {plural(len(paths), 'file')}: {reason}")
            for path in paths[:10]:
                say(f"    {path}")
            if len(paths) > 10:
                say(f"    ... and {len(paths) - 10} more")


def cmd_hash_audio(args: argparse.Namespace) -> int:
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.media.duplicates import backfill_hashes

    def show(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            progress(f"Hashed {done} of {total}", last=False, on_stdout=True)

    def action(session) -> None:
        hashed, missing = backfill_hashes(session, store=default_store(), progress=show)
        say(f"\nRecorded the content hash of {hashed} track{'s' if hashed != 1 else ''}.")
        if missing:
            say(f"{missing} track{'s' if missing != 1 else ''} have no audio file in the media "
                "store (see the log with -v); they keep no hash.")

    return run_in_session(action)


def cmd_stats(args: argparse.Namespace) -> int:
    from sqlmodel import Session, func, select

    from spoticlone.db import get_engine
    from spoticlone.models import Album, ArtistProfile, Genre, Track

    engine = get_engine()
    if not require_schema(engine):
        return 2
    with Session(engine) as session:
        for label, model in (("artists", ArtistProfile), ("albums", Album), ("tracks", Track), ("genres", Genre)):
            count = session.exec(select(func.count()).select_from(model)).one()
            say(f"{label:<8} {count}")
    return 0


def cmd_reindex_search(args: argparse.Namespace) -> int:
    from spoticlone.services.search import index

    def action(session) -> None:
        index.reindex_all(session)
        say("Search index rebuilt.")

    return run_in_session(action)
