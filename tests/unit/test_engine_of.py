"""``db_cache.engine_of``: what is kept per database is keyed by the engine, however a session is bound."""

from __future__ import annotations

from sqlmodel import Session

from spoticlone.services.core.db_cache import database_key, engine_of


def test_a_session_on_the_engine_and_one_on_a_connection_name_the_same_engine(engine):
    with Session(engine) as on_engine:
        assert engine_of(on_engine) is engine
    with engine.connect() as connection, Session(bind=connection) as on_connection:
        assert on_connection.get_bind() is connection  # a new object for every connection
        assert engine_of(on_connection) is engine
        assert database_key(engine_of(on_connection)) == database_key(engine)
