"""Fixtures for service tests: the local PostgreSQL server, a loopback SMTP server."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from spoticlone.db import create_schema
from tests.pg import postgres_schema
from tests.smtp_support import SmtpTestServer


@pytest.fixture(scope="module")
def pg_engine():
    """A full schema (tables and search index) in a throwaway PostgreSQL schema per module."""
    with postgres_schema("svc") as engine:
        create_schema(engine)
        yield engine


@pytest.fixture
def pg_session(pg_engine):
    with Session(pg_engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free loopback port, not yet listening: ``start()`` it (with options)."""
    server = SmtpTestServer()
    yield server
    server.stop()
