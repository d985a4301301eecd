"""Fixtures for service tests that run against the local PostgreSQL server."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from spoticlone.db import create_schema
from tests.pg import postgres_schema


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
