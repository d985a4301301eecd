"""PostgreSQL backups: pg_dump on an exported snapshot, pg_restore into an empty database, rows compared."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy
from sqlmodel import Session

from spoticlone.config import Settings
from spoticlone.db import create_schema
from spoticlone.integrations.media_store import LocalMediaStore
from spoticlone.services.core.errors import Conflict
from spoticlone.services.library.playlists import manage
from spoticlone.services.lifecycle import database_copy, manifest, restore, schedule
from tests import factories
from tests.pg import PG_URL

pytestmark = pytest.mark.postgres


@contextlib.contextmanager
def _database() -> Iterator[str]:
    """A fresh PostgreSQL database (not a schema: pg_dump and pg_restore work on databases)."""
    name = f"bk_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    except sqlalchemy.exc.OperationalError as exc:
        admin.dispose()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {exc}")
    try:
        yield sqlalchemy.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_postgres_backup_restores_every_row_into_an_empty_database(tmp_path):
    with _database() as source_url, _database() as target_url:
        source = sqlalchemy.create_engine(source_url)
        create_schema(source)
        live = Settings(data_dir=tmp_path / "live", database_url=source_url, env="test")
        store = LocalMediaStore(live.media_dir)
        with Session(source, expire_on_commit=False) as session:
            user = factories.make_user(session, display_name="Zoë")
            track = factories.make_track(session, audio_key=store.put_bytes("audio", "mp3", b"ID3 pg song" * 50))
            manage.create_playlist(session, actor=user, name="Ünïcode mix")
        outcome = schedule.backup_now(settings=live, destination=tmp_path / "backups", trigger="command line",
                                      engine=source)
        assert outcome.error == "" and outcome.missing_media == ()
        report = manifest.verify_backup(outcome.path)
        assert report.ok, report.problems
        assert report.manifest["database"]["engine"] == "postgresql"
        tables = report.manifest["database"]["tables"]
        assert tables["track"]["rows"] == 1 and tables["backuprun"]["rows"] == 1

        restored = Settings(data_dir=tmp_path / "restored", database_url=target_url, env="test")
        result = restore.restore_backup(source=outcome.path, data_dir=restored.data_dir, settings=restored)
        assert result.engine == "postgresql"
        target = sqlalchemy.create_engine(target_url)
        with target.connect() as conn:
            assert conn.execute(sqlalchemy.text("SELECT title FROM track")).scalar_one() == track.title
        target.dispose()
        assert (restored.media_dir / track.audio_key).read_bytes() == (live.media_dir / track.audio_key).read_bytes()

        again = Settings(data_dir=tmp_path / "again", database_url=target_url, env="test")
        with pytest.raises(Conflict, match="already has tables"):
            restore.restore_backup(source=outcome.path, data_dir=again.data_dir, settings=again)
        restore.restore_backup(source=outcome.path, data_dir=again.data_dir, settings=again, force=True)
        assert database_copy.postgres_is_empty(target_url) is False
        source.dispose()
