"""Shared fixtures: every test gets its own temporary data directory and database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlmodel import Session

os.environ.setdefault("SPOTICLONE_ENV", "test")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Settings pointing at a fresh data directory (and SQLite file) for this test."""
    from spoticlone.config import get_settings

    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SPOTICLONE_ENV", "test")
    monkeypatch.delenv("SPOTICLONE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def engine(settings):
    from spoticlone.db import create_schema, make_engine

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
