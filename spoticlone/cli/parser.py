"""The argument parser of every command (``python -m spoticlone.cli --help``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from spoticlone.cli.archive import add_archive_command
from spoticlone.cli.catalog import AUDIO_SUFFIXES
from spoticlone.cli.deploy import add_deploy_commands, add_serve_command
from spoticlone.cli.supervise import add_supervise_command


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
        f"{', '.join(sorted(AUDIO_SUFFIXES))} files. Each file is checked and parsed like a "
        "studio upload. Tags supply title, artist, album and the rest; the options below "
        "override them for every file. A file whose audio is already in the catalog (same "
        "bytes) is skipped as a duplicate, so running the same import twice adds nothing.",
        epilog="Exit status: 0 when every file was imported or skipped as a duplicate, 1 when "
        "any file was refused (each refusal is listed with its reason), 2 when nothing could "
        "be started (no database tables, unknown --artist).",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="audio file or folder")
    imp.add_argument("--artist", metavar="SLUG_OR_ID",
                     help="existing artist (URL slug or id) every file belongs to, whatever its "
                     "tags say; files land as drafts in that artist's studio unless --publish")
    imp.add_argument("--artist-name", help="artist name for every file instead of the tags' "
                     "(matched by name, created if new)")
    imp.add_argument("--album", help="album title for every file (overrides tags)")
    imp.add_argument("--genre", help="genre for every file (overrides tags)")
    imp.add_argument("--licence", help='licence text, e.g. "CC BY 4.0" (default: all rights reserved)')
    visibility = imp.add_mutually_exclusive_group()
    visibility.add_argument("--draft", action="store_true",
                            help="import as drafts (the default with --artist)")
    visibility.add_argument("--publish", action="store_true",
                            help="publish at once (the default without --artist)")
    imp.add_argument("--quiet", action="store_true", help="no progress, only refusals and the summary")
    imp.add_argument("--no-analysis", action="store_true",
                     help="do not queue loudness measuring and streaming renditions for the worker")

    commands.add_parser(
        "hash-audio",
        help="record the content hash of tracks imported before hashes were kept",
        description="Read the stored audio of every track that has no content hash yet and "
        "record its SHA-256, so duplicate detection (imports and studio uploads) also knows "
        "those tracks. New tracks get their hash when they are imported; run this once after "
        "upgrading. Safe to interrupt and run again.",
    )

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

    renditions = commands.add_parser(
        "renditions",
        help="make the missing streaming renditions (low, normal, high)",
        description="Encode the AAC streaming renditions each track needs (lossless originals, "
        "and originals above a tier's bitrate) with ffmpeg, for example for tracks imported "
        "before renditions existed. New uploads get theirs in the background on their own.",
    )
    renditions.add_argument("--queue", action="store_true",
                            help="hand each track to the job worker instead of encoding it here")

    sweep = commands.add_parser(
        "media-sweep",
        help="find (and with --delete remove) media files no row names",
        description="List the media files that no row of the database names, anywhere in any "
        "text column, and the temporary files a crash left mid-write: what a server or import "
        "killed between storing a file and committing its row leaves behind. Only files older "
        "than --older-than-hours are considered, so uploads and imports still being saved are "
        "never touched. Nothing is deleted without --delete.",
        epilog="Exit status: 0 when the sweep ran (whatever it found), 1 on bad input.",
    )
    sweep.add_argument("--older-than-hours", type=float, default=24.0, metavar="HOURS",
                       help="only files last written this long ago (default 24, at least 1)")
    sweep.add_argument("--delete", action="store_true", help="remove what was found (a dry run otherwise)")

    commands.add_parser(
        "rebuild-analytics",
        help="recount the artist analytics from the play history",
        description="Rebuild the daily analytics tables from every counted play: once after "
        "upgrading a server that already had plays (the worker also recounts nightly).",
    )

    insight = commands.add_parser(
        "rebuild-insight",
        help="recount the admin dashboard's figures from the play history",
        description="Recompute the admin analytics dashboard's rollups from every play event, in "
        "resumable batches (the worker catches up hourly on its own).",
    )
    insight.add_argument("--resume", action="store_true",
                         help="only roll the events not rolled yet, without starting over")

    commands.add_parser(
        "reindex-search",
        help="rebuild the search index",
        description="Rebuild the search index from the catalog: re-picks the most played "
        "tracks for the fast path and compacts the word list. Search stays correct without "
        "it; run it after a large import to keep it fast.",
    )
    recommend = commands.add_parser(
        "recommend",
        help="train the recommendation engine or measure its quality",
        description="train: fit every recommendation generator on all listening signals and save "
        "the engine (the worker also retrains every six hours). evaluate: hide each listener's "
        "latest plays and report precision, recall, NDCG and coverage of every generator, the "
        "blend and the popularity baseline.",
    )
    recommend.add_argument("action", choices=("train", "evaluate"))
    recommend.add_argument("--queue", action="store_true", help="train: hand the run to the job worker")
    recommend.add_argument("--data", choices=("synthetic", "demo", "database"), default="synthetic",
                           help="evaluate: planted-taste logs, simulated listeners of the demo catalog, "
                           "or this server's own signals (default: synthetic)")
    recommend.add_argument("--k", type=int, default=10, help="evaluate: list length (default 10)")
    recommend.add_argument("--seed", type=int, default=0, help="evaluate: random seed of the generated data")
    _add_backup_commands(commands)
    _add_simulate_command(commands)
    _add_export_command(commands)
    add_archive_command(commands)
    add_deploy_commands(commands)
    add_serve_command(commands)
    add_supervise_command(commands)
    return parser


def _add_simulate_command(commands) -> None:
    simulate = commands.add_parser(
        "simulate-activity",
        help="create synthetic listeners and their history (demos, load tests)",
        description="Create synthetic listeners who sign up over the last D days and listen, "
        "skip, like, follow, rate, search and make playlists through the app's own services, so "
        "charts and analytics fill as with real use. Marked as synthetic; --remove deletes them "
        "all again. Never runs by itself; refused on a production server unless "
        "--i-know-this-is-production.",
    )
    simulate.add_argument("--users", type=int, default=100, help="listeners to create (default 100)")
    simulate.add_argument("--days", type=int, default=30, help="length of the history in days (default 30)")
    simulate.add_argument("--seed", type=int, default=0, help="random seed: the same seed, the same history")
    simulate.add_argument("--remove", action="store_true", help="delete every synthetic listener and their activity")
    simulate.add_argument("--i-know-this-is-production", dest="production", action="store_true",
                          help="allow running against a production server")


def _add_backup_commands(commands) -> None:
    backup = commands.add_parser(
        "backup",
        help="write a verified backup (database, media, settings)",
        description="Write a consistent backup while the server keeps running: the database "
        "(SQLite's online backup, or pg_dump), every media file and the settings without their "
        "secrets, with a manifest of SHA-256 digests; then read it back to verify it. The secret "
        "key is never included: keep a copy of it (or of SPOTICLONE_SECRET_KEY) elsewhere.",
        epilog="Exit status: 0 when the backup was written and verified, 1 otherwise.",
    )
    backup.add_argument("--to", type=Path, metavar="DIR",
                        help="folder to write the backup into (default: SPOTICLONE_BACKUP_DIR, "
                        "else <data dir>/../backups)")
    verify = commands.add_parser(
        "verify-backup",
        help="check a backup against its manifest",
        description="Read every file of a backup and compare it with the manifest (missing, extra "
        "and changed files) and check the database (SQLite integrity check and per-table digests; "
        "for PostgreSQL, that pg_restore can read the dump).",
        epilog="Exit status: 0 when the backup verifies, 1 with the list of problems otherwise.",
    )
    verify.add_argument("path", type=Path, metavar="DIR", help="the backup folder")
    restore = commands.add_parser(
        "restore",
        help="rebuild a data folder from a backup",
        description="Verify a backup, then rebuild a data folder from it: the database (SQLite file, "
        "or pg_restore into SPOTICLONE_DATABASE_URL) and the media. Stop the server first. A "
        "folder or database that already holds data is refused unless --force, which moves the "
        "old database and media aside into .replaced-*/ instead of deleting them.",
    )
    restore.add_argument("path", type=Path, metavar="DIR", help="the backup folder")
    restore.add_argument("--data-dir", type=Path, required=True, metavar="TARGET",
                         help="data folder to rebuild (SPOTICLONE_DATA_DIR of the restored server)")
    restore.add_argument("--force", action="store_true", help="replace a data folder or database that is not empty")
    new_plugin = commands.add_parser(
        "new-plugin", help="write a ready plugin package",
        description="Write a plugin package (pyproject with the entry point, a page with a chart, its state, "
        "an API router, settings, a table with its migration, tests, README) into DIR/NAME.",
    )
    new_plugin.add_argument("name", metavar="NAME", help="the plugin's name: lowercase letters, digits, _")
    new_plugin.add_argument("--dir", default=".", metavar="DIR", help="folder to write it in (default: here)")
    commands.add_parser("migrate-plugins", help="bring the tables of enabled plugins up to date")


def _add_export_command(commands) -> None:
    export = commands.add_parser(
        "export-user",
        help="write one account's data to a zip (what \"Request my data\" gives them)",
        description="Write everything kept about one account into a zip: JSON per kind of data, "
        "playlists as M3U8 and XSPF, pictures and, for artists, the original audio files, with a "
        "README.txt explaining each file. The same archive the listener gets from Settings, Your data.",
        epilog="Exit status: 0 when the zip was written, 1 for an unknown username.",
    )
    export.add_argument("username", help="the account's username")
    export.add_argument("out", type=Path, metavar="OUT.zip", help="where to write the zip (replaced if it exists)")
    export.add_argument("--quiet", action="store_true", help="no progress line")
    everyone = commands.add_parser(
        "export-all",
        help="write every account's data, one zip each, with a manifest (before closing the service)",
        description="Write each account's data zip (the archive of export-user) into OUT, plus "
        "manifest.json with every file's size and SHA-256. Run it again on the same folder to resume: "
        "zips already in the manifest are kept. The folder holds everyone's personal data: keep it safe.",
        epilog="Exit status: 0 when every account was written, 1 when some could not be (named).",
    )
    everyone.add_argument("out", type=Path, metavar="OUT", help="the folder to write (created if missing)")
    everyone.add_argument("--quiet", action="store_true", help="no progress line")
