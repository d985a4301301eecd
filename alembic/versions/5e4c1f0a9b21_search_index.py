"""search index: FTS5 table + triggers (SQLite), unaccent/pg_trgm + GIN indexes (PostgreSQL)

Revision ID: 5e4c1f0a9b21
Revises: 28cd6121877a
Create Date: 2026-11-24 08:50:00

The DDL lives in ``spoticlone.services.search.index`` so that this migration and
``spoticlone.db.create_schema`` (used by tests) install exactly the same thing. The
index is filled from existing rows on upgrade. Autogenerate does not know these
objects: if ``reflex db makemigrations`` ever proposes dropping ``search_*`` tables,
delete those lines from the generated revision.
"""
from typing import Sequence, Union

from alembic import op

from spoticlone.services.search import index

revision: str = '5e4c1f0a9b21'
down_revision: Union[str, Sequence[str], None] = '28cd6121877a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    index.install(op.get_bind())


def downgrade() -> None:
    index.uninstall(op.get_bind())
