"""The Alembic migrations build exactly the schema the models describe.

`make run` applies them with `reflex db migrate`; here they are applied the same way
(Reflex's upgrade against our metadata) to empty SQLite and PostgreSQL databases, and
Alembic's autogenerate comparison must find nothing left to change. A model change
without a migration fails this test.
"""

from __future__ import annotations

import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from reflex import model as reflex_model
from sqlmodel import SQLModel

import spoticlone.models  # noqa: F401  - registers the tables
from spoticlone.db import make_engine
from spoticlone.services.search.index import is_search_object
from tests.pg import postgres_schema


def _assert_migrations_match_models(engine) -> None:
    with engine.connect() as conn:
        reflex_model._alembic_upgrade(connection=conn)
        conn.commit()
        # The search index (FTS5 tables on SQLite, GIN indexes on PostgreSQL) is created by
        # its own migration from ``services.search.index``, not from models: not compared.
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_name": lambda name, _type, _parents: not is_search_object(name),
        })
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], f"models and migrations differ; run `reflex db makemigrations`: {diff}"


def test_migrations_build_the_model_schema_on_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    _assert_migrations_match_models(engine)
    with engine.connect() as conn:
        tables = set(sqlalchemy.inspect(conn).get_table_names())
    assert {"track", "album", "artistprofile", "user", "playevent"} <= tables


@pytest.mark.postgres
def test_migrations_build_the_model_schema_on_postgres():
    with postgres_schema("m") as engine:
        _assert_migrations_match_models(engine)


def test_reflex_schema_check_finds_nothing_to_do(tmp_path, caplog):
    """`reflex run` compares models and database on every start; it must find nothing.

    It runs Alembic's autogenerate with Reflex's own options, where the search index
    (FTS tables that no model describes) used to look like tables to drop, so every start
    told newcomers to run `reflex db makemigrations`.
    """
    import rxconfig  # noqa: F401  - what every Reflex command loads first

    engine = make_engine(f"sqlite:///{tmp_path / 'checked.db'}")
    with engine.connect() as conn:
        reflex_model._alembic_upgrade(connection=conn)
        conn.commit()
        assert reflex_model.alembic_autogenerate(connection=conn, write_migration_scripts=False) is False
