"""Command-line entry: ``python -m spoticlone.cli <command>``.

Commands call the same services as the web app (ingestion, catalog admin, the
demo seeder), so the CLI adds no rules of its own; it only turns arguments into
service calls and results into lines on the terminal. It is the one layer that
prints: library code logs.

    seed            import the demo catalog if the database has no tracks yet
    import PATH...  import audio files and folders (recursively) through ingestion
    hash-audio      record the content hash of tracks imported before hashes were kept
    stats           count artists, albums, tracks and genres
    make-admin EMAIL        make an existing account an administrator
    reset-two-step EMAIL    turn two-step sign-in off for an account (lost phone)
    cleanup                 delete expired sign-in leftovers (codes, tickets, sessions)
    reindex-search          rebuild the search index (after a large import, or to repair it)
    recommend train|evaluate   retrain the recommendation engine / measure its quality offline
    loudness                measure the loudness of tracks that have none yet (ffmpeg)
    renditions              make the missing streaming renditions (ffmpeg)
    rebuild-analytics       recount the artist analytics from the play history
    rebuild-insight [--resume]   recount the admin dashboard's figures from the play history
    worker                  run the background job worker (``make run`` starts one)
    backup [--to DIR]       write a verified backup (database, media, settings without secrets)
    verify-backup DIR       check a backup against its manifest
    restore DIR --data-dir TARGET [--force]   rebuild a data folder from a backup
    simulate-activity --users N --days D [--seed S] | --remove   synthetic listeners (demos, load)
    new-plugin NAME [--dir DIR]   write a ready plugin package (docs/plugins.md)
    migrate-plugins         bring the tables of enabled plugins up to date
    export-user USERNAME OUT.zip   one account's data as a zip (what "Request my data" gives)
    export-all OUT                 every account's data, one zip each, and a manifest (resumable)
    archive on|off|status [--message M --contact C --closes-on DATE]   read-only end-of-life mode
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from spoticlone.cli.accounts import cmd_cleanup, cmd_make_admin, cmd_reset_two_step
from spoticlone.cli.archive import cmd_archive
from spoticlone.cli.catalog import (
    AUDIO_SUFFIXES,
    cmd_hash_audio,
    cmd_import,
    cmd_reindex_search,
    cmd_seed,
    cmd_stats,
    iter_audio_files,
)
from spoticlone.cli.deploy import cmd_nginx_config, cmd_serve
from spoticlone.cli.exports import cmd_export_all, cmd_export_user
from spoticlone.cli.insight import cmd_rebuild_insight
from spoticlone.cli.media import cmd_loudness, cmd_media_sweep, cmd_renditions
from spoticlone.cli.operations import (
    cmd_backup,
    cmd_rebuild_analytics,
    cmd_recommend,
    cmd_restore,
    cmd_simulate_activity,
    cmd_verify_backup,
    cmd_worker,
)
from spoticlone.cli.parser import build_parser
from spoticlone.cli.plugins import cmd_migrate_plugins, cmd_new_plugin
from spoticlone.cli.supervise import cmd_run_supervised

__all__ = ["AUDIO_SUFFIXES", "COMMANDS", "build_parser", "iter_audio_files", "main"]

COMMANDS = {
    "seed": cmd_seed, "import": cmd_import, "hash-audio": cmd_hash_audio, "stats": cmd_stats,
    "make-admin": cmd_make_admin,
    "reset-two-step": cmd_reset_two_step, "cleanup": cmd_cleanup,
    "reindex-search": cmd_reindex_search, "loudness": cmd_loudness, "media-sweep": cmd_media_sweep,
    "renditions": cmd_renditions,
    "rebuild-analytics": cmd_rebuild_analytics, "worker": cmd_worker,
    "rebuild-insight": cmd_rebuild_insight,
    "recommend": cmd_recommend,
    "backup": cmd_backup, "verify-backup": cmd_verify_backup, "restore": cmd_restore,
    "simulate-activity": cmd_simulate_activity,
    "new-plugin": cmd_new_plugin, "migrate-plugins": cmd_migrate_plugins,
    "export-user": cmd_export_user,
    "export-all": cmd_export_all,
    "archive": cmd_archive,
    "nginx-config": cmd_nginx_config, "serve": cmd_serve,
    "run-supervised": cmd_run_supervised,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    from spoticlone.logs import configure_logging

    configure_logging()  # SPOTICLONE_LOG_FORMAT=json also for the worker and the commands
    return COMMANDS[args.command](args)
