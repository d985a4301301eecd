"""Shared fixtures: every test gets its own temporary data directory and database."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session

os.environ.setdefault("SPOTICLONE_ENV", "test")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

TESTS = Path(__file__).resolve().parent
#: Folders whose tests start real servers, browsers or nginx, and kill processes: they need
#: the machine to themselves, so they run in the serial phase of ``make test``.
SERIAL_FOLDERS = (TESTS / "e2e", TESTS / "deploy")
#: Markers that name a shared resource (the PostgreSQL ``test`` database, the Redis db).
SERIAL_MARKERS = ("e2e", "postgres", "redis")
#: Fixtures that reach the PostgreSQL ``test`` database (``tests/services/conftest.py``): a test
#: using one is a ``postgres`` test even where its module forgot to say so.
POSTGRES_FIXTURES = {"pg_engine", "pg_session"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark what must not run beside other tests ``serial``; every test in ``tests/e2e`` ``e2e``,
    every test on a PostgreSQL fixture ``postgres``.

    ``make test`` runs ``-m "not serial"`` on two xdist workers, then ``-m serial`` alone. The
    markers are given here, from where a test lives, so a new journey or deploy test cannot
    end up in the parallel phase by a forgotten ``pytestmark`` (runs first, before ``-m``
    deselects).
    """
    for item in items:
        folder = Path(item.path).resolve()
        if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("postgres") is None:
            item.add_marker(pytest.mark.postgres)
        if (TESTS / "e2e") in folder.parents and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)
        if any(f in folder.parents for f in SERIAL_FOLDERS) or any(
                item.get_closest_marker(name) is not None for name in SERIAL_MARKERS):
            item.add_marker(pytest.mark.serial)


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Settings pointing at a fresh data directory (and SQLite file) for this test.

    The per-process read caches are emptied too: their entries are keyed by database URL, so
    this only matters where a URL comes back, but a test must never start on another's answers.
    """
    from spoticlone.config import get_settings
    from spoticlone.services.catalog.read_cache import clear_shared_reads
    from spoticlone.services.discovery.mix_cache import clear_mix_cache

    clear_shared_reads()
    clear_mix_cache()

    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SPOTICLONE_ENV", "test")
    monkeypatch.delenv("SPOTICLONE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory) -> Path:
    """A SQLite file holding the whole schema, made once per test process.

    Every test's database starts as a copy of it: ``create_schema`` (tables, the search
    index, triggers) costs about 0.1 s, a copy about a millisecond, and most of the suite's
    thousands of tests open a database. The file is closed cleanly (its WAL checkpointed
    away), so the copy is the complete database.
    """
    from spoticlone.db import create_schema, make_engine

    path = tmp_path_factory.mktemp("schema") / "template.db"
    eng = make_engine(f"sqlite:///{path}")
    create_schema(eng)
    with eng.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    eng.dispose()
    return path


@pytest.fixture
def engine(settings, schema_template):
    """This test's database (SQLite in its data directory) with the whole schema."""
    from sqlalchemy.engine import make_url

    from spoticlone.db import create_schema, make_engine

    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(schema_template, url.database)
        eng = make_engine(settings.resolved_database_url)
    else:  # a test that pointed its settings elsewhere
        eng = make_engine(settings.resolved_database_url)
        create_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def store(settings):
    from spoticlone.integrations.media_store import LocalMediaStore

    return LocalMediaStore(settings.media_dir)


@pytest.fixture(scope="session")
def audio_samples(tmp_path_factory) -> dict[str, Path]:
    """Small real audio files of every supported format, generated once per run."""
    from tests.data.audio import make_samples

    return make_samples(tmp_path_factory.mktemp("audio"))
