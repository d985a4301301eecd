"""Keeping the data safe over the server's life: verified backups, restores and their schedule.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package does not import the rest; callers import the module
that defines a function (``from spoticlone.services.lifecycle import backup``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.lifecycle.archive import (
        admin_status,
        allow_while_archived,
        archive_status,
        archived_refusal,
        install_write_guard,
        known_status,
        require_writable,
        set_archive,
    )
    from spoticlone.services.lifecycle.backup import app_version, backup_time, create_backup, public_settings
    from spoticlone.services.lifecycle.bulk_export import (
        everyone_folder,
        export_everyone,
        latest_run,
        request_bulk_export,
        run_bulk_export,
    )
    from spoticlone.services.lifecycle.database_copy import (
        dump,
        engine_of,
        inspect_sqlite,
        load_postgres,
        postgres_archive_problems,
        postgres_is_empty,
        sqlite_integrity,
        sqlite_path,
    )
    from spoticlone.services.lifecycle.manifest import (
        backup_files,
        copy_file,
        file_digest,
        read_manifest,
        verify_backup,
        write_manifest,
    )
    from spoticlone.services.lifecycle.media_sweep import find_orphans, referenced_keys, remove_orphans
    from spoticlone.services.lifecycle.restore import restore_backup
    from spoticlone.services.lifecycle.retention import backups_to_keep, finished_backups, prune
    from spoticlone.services.lifecycle.schedule import (
        backup_now,
        list_backups,
        request_backup,
        scheduled_backup,
    )
    from spoticlone.services.lifecycle.sweep_status import last_sweep, record_sweep

#: Which module of the package defines each public function.
_HOMES = {
    "admin_status": "archive",
    "allow_while_archived": "archive",
    "app_version": "backup",
    "archive_status": "archive",
    "archived_refusal": "archive",
    "backup_files": "manifest",
    "backup_now": "schedule",
    "backup_time": "backup",
    "backups_to_keep": "retention",
    "copy_file": "manifest",
    "create_backup": "backup",
    "dump": "database_copy",
    "engine_of": "database_copy",
    "everyone_folder": "bulk_export",
    "export_everyone": "bulk_export",
    "file_digest": "manifest",
    "find_orphans": "media_sweep",
    "finished_backups": "retention",
    "inspect_sqlite": "database_copy",
    "install_write_guard": "archive",
    "known_status": "archive",
    "last_sweep": "sweep_status",
    "latest_run": "bulk_export",
    "list_backups": "schedule",
    "load_postgres": "database_copy",
    "postgres_archive_problems": "database_copy",
    "postgres_is_empty": "database_copy",
    "prune": "retention",
    "public_settings": "backup",
    "read_manifest": "manifest",
    "record_sweep": "sweep_status",
    "referenced_keys": "media_sweep",
    "remove_orphans": "media_sweep",
    "request_backup": "schedule",
    "request_bulk_export": "bulk_export",
    "require_writable": "archive",
    "restore_backup": "restore",
    "run_bulk_export": "bulk_export",
    "scheduled_backup": "schedule",
    "set_archive": "archive",
    "sqlite_integrity": "database_copy",
    "sqlite_path": "database_copy",
    "verify_backup": "manifest",
    "write_manifest": "manifest",
}

__all__ = [
    "admin_status",
    "allow_while_archived",
    "app_version",
    "archive_status",
    "archived_refusal",
    "backup_files",
    "backup_now",
    "backup_time",
    "backups_to_keep",
    "copy_file",
    "create_backup",
    "dump",
    "engine_of",
    "everyone_folder",
    "export_everyone",
    "file_digest",
    "find_orphans",
    "finished_backups",
    "inspect_sqlite",
    "install_write_guard",
    "known_status",
    "last_sweep",
    "latest_run",
    "list_backups",
    "load_postgres",
    "postgres_archive_problems",
    "postgres_is_empty",
    "prune",
    "public_settings",
    "read_manifest",
    "record_sweep",
    "referenced_keys",
    "remove_orphans",
    "request_backup",
    "request_bulk_export",
    "require_writable",
    "restore_backup",
    "run_bulk_export",
    "scheduled_backup",
    "set_archive",
    "sqlite_integrity",
    "sqlite_path",
    "verify_backup",
    "write_manifest",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
