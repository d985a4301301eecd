"""A plugin's own tables: its Alembic revisions, run in its own version table.

A plugin ships a folder of ordinary Alembic revision files (``migrations/versions/``,
no ``env.py`` needed) and names it ``"package:folder"``. They run on the core's
connection with the version table ``alembic_version_<name>``, so the core's history
and each plugin's never mix. Its tables are named ``<name>_...``; a migration that
creates anything else or changes a table it does not own is refused, before the
transaction that enables it commits.
"""

from __future__ import annotations

import logging
from importlib import resources

import sqlalchemy
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory

from spoticlone.plugins.spec import Plugin

log = logging.getLogger(__name__)


class MigrationRefused(Exception):
    """A plugin migration failed or touched tables that are not the plugin's."""


def version_table(name: str) -> str:
    return f"alembic_version_{name}"


def _location(spec: str) -> str:
    package, _, folder = spec.partition(":")
    return str(resources.files(package) / (folder or "migrations"))


def _snapshot(connection: sqlalchemy.Connection) -> dict[str, tuple[str, ...]]:
    inspector = sqlalchemy.inspect(connection)
    return {table: tuple(sorted(c["name"] for c in inspector.get_columns(table)))
            for table in inspector.get_table_names()}


def _owned(plugin: Plugin, table: str) -> bool:
    return table.startswith(f"{plugin.name}_") or table == version_table(plugin.name)


def upgrade(plugin: Plugin, connection: sqlalchemy.Connection) -> None:
    """Bring ``plugin``'s tables to its newest revision on ``connection`` (the caller commits)."""
    if not plugin.migrations:
        return
    config = Config()
    config.set_main_option("script_location", _location(plugin.migrations))
    script = ScriptDirectory.from_config(config)
    before = _snapshot(connection)

    def to_head(revision, _context):
        return script._upgrade_revs("head", revision)

    try:
        with EnvironmentContext(config, script, fn=to_head, destination_rev="head") as env:
            env.configure(connection=connection, version_table=version_table(plugin.name))
            with env.begin_transaction():
                env.run_migrations()
    except Exception as exc:
        log.exception("plugin %s: migration failed", plugin.name)
        raise MigrationRefused(f"its migration failed ({type(exc).__name__}: {exc})") from exc
    after = _snapshot(connection)
    touched = sorted(t for t in set(before) | set(after)
                     if before.get(t) != after.get(t) and not _owned(plugin, t))
    if touched:
        raise MigrationRefused(f"its migration changes tables that are not its own ({', '.join(touched)}); "
                               f"a plugin's tables are named {plugin.name}_...")
    log.info("plugin %s: tables up to date", plugin.name)
