"""Pytest fixtures for plugin tests: ``pytest_plugins = ["spoticlone.testing.fixtures"]``.

The same shape as the core's own (``tests/conftest.py``): each test gets a fresh data
folder and SQLite database with the core's tables; ``enable_plugin("name")`` switches
an installed plugin on in that database and runs its migrations, as the admin page does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

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
    import spoticlone.models  # noqa: F401  - every core table on the metadata
    from spoticlone.db import create_schema, make_engine

    eng = make_engine(settings.resolved_database_url)
    create_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def enable_plugin(session) -> Callable[[str], Any]:
    """``enable_plugin("name")``: the plugin on in this database, its tables migrated."""
    from spoticlone.models import PluginState
    from spoticlone.plugins import installed, migrations

    def enable(name: str) -> Any:
        item = installed.catalog(refresh=True).get(name)
        if item is None or not item.usable or item.plugin is None:
            problems = "; ".join(item.problems) if item else "not installed"
            raise AssertionError(f"plugin {name} cannot be enabled: {problems}")
        migrations.upgrade(item.plugin, session.connection())
        session.merge(PluginState(name=name, enabled=True))
        session.commit()
        installed.changed(name, True)  # its routes join an ``api`` client already built
        return item.plugin

    return enable


@pytest.fixture
def api(engine) -> Iterator[Any]:
    """A ``TestClient`` over the whole REST API; a plugin enabled later joins it at once."""
    from fastapi.testclient import TestClient

    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.db import session_scope

    def session_override():
        with session_scope(engine) as s:
            yield s

    app = create_api()
    app.dependency_overrides[get_session] = session_override
    with TestClient(app) as client:
        yield client
