"""The suite's databases start as copies of one schema file (``tests/conftest.schema_template``).

That shortcut is only sound while the copy is exactly what ``create_schema`` makes: every
table, index, trigger and the search index, nothing left behind in a write-ahead log.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

from spoticlone.db import create_schema, make_engine


def _schema(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())


def test_a_tests_database_is_what_create_schema_makes(engine, settings, tmp_path):
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    create_schema(fresh)
    fresh.dispose()
    copied = settings.data_dir / "spoticlone.db"
    assert _schema(copied) == _schema(tmp_path / "fresh.db")
    assert len(_schema(copied)) > 100  # tables, indexes, triggers and the search index


def test_the_copy_is_a_working_database_of_its_own(engine, schema_template):
    with engine.begin() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        conn.execute(text("INSERT INTO genre (name, slug, description) VALUES ('Test', 'test', '')"))
    with sqlite3.connect(schema_template) as template:
        assert template.execute("SELECT count(*) FROM genre").fetchone()[0] == 0
