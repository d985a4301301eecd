"""search bulk flag: a bulk import silences the track insert trigger with a row, not a schema change

The bulk import dropped the search index's track insert trigger for each batch and created it
again afterwards. Each was a schema change, so every other connection (the import's own
staging threads, the web workers) re-read the whole schema on its next statement, once per
batch. The trigger now skips rows while ``search_bulk`` holds a row, which only a bulk writer's
own transaction ever inserts (``services.search.bulk_index``).

Revision ID: f1a0b0c0d0f5
Revises: f1a0b0c0d0f4
Create Date: 2026-12-06 08:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from spoticlone.services.search import index

revision: str = 'f1a0b0c0d0f5'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0f4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TRIGGER = index.sqlite_trigger("search_track_ai")
OLD_TRIGGER = TRIGGER.replace(
    f"WHEN NOT EXISTS (SELECT 1 FROM {index.BULK}) ", "")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.execute(sa.text(f"CREATE TABLE IF NOT EXISTS {index.BULK} (writer INTEGER NOT NULL)"))
    bind.execute(sa.text("DROP TRIGGER IF EXISTS search_track_ai"))
    bind.execute(sa.text(f"CREATE TRIGGER search_track_ai {TRIGGER}"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.execute(sa.text("DROP TRIGGER IF EXISTS search_track_ai"))
    bind.execute(sa.text(f"CREATE TRIGGER search_track_ai {OLD_TRIGGER}"))
    bind.execute(sa.text(f"DROP TABLE IF EXISTS {index.BULK}"))
