"""unique notification dedupe: one bell item and one mail per user and dedupe_key

Two copies of the release fan-out job running at the same moment could both find no row
and both write one. The duplicates already written are deleted (the oldest row is kept),
then the (user_id, dedupe_key) indexes become UNIQUE for keyed rows (``dedupe_key <> ''``).

Revision ID: f1a0b0c0d0f2
Revises: f1a0b0c0d0f1
Create Date: 2026-12-05 05:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = 'f1a0b0c0d0f2'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0f1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = {'notification': 'ix_notification_user_dedupe',
          'notificationemail': 'ix_notificationemail_user_dedupe'}
KEYED = "dedupe_key <> ''"


def upgrade() -> None:
    for table, index in TABLES.items():
        # The existing (user_id, dedupe_key) index finds each row's older twin.
        op.execute(sa.text(
            f"DELETE FROM {table} WHERE dedupe_key <> '' AND EXISTS ("
            f"SELECT 1 FROM {table} AS older WHERE older.user_id = {table}.user_id "
            f"AND older.dedupe_key = {table}.dedupe_key AND older.id < {table}.id)"))
        op.drop_index(index, table_name=table)
        op.create_index(index, table, ['user_id', 'dedupe_key'], unique=True,
                        sqlite_where=sa.text(KEYED), postgresql_where=sa.text(KEYED))


def downgrade() -> None:
    for table, index in TABLES.items():
        op.drop_index(index, table_name=table)
        op.create_index(index, table, ['user_id', 'dedupe_key'], unique=False)
