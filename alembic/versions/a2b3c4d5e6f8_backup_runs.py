"""backup runs: when each backup ran, where it went and whether it verified

Revision ID: a2b3c4d5e6f8
Revises: e0f1a2b3c4d6
Create Date: 2026-12-04 17:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'a2b3c4d5e6f8'
down_revision: Union[str, Sequence[str], None] = 'e0f1a2b3c4d6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('backuprun',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trigger', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('queued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('path', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('file_count', sa.Integer(), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('backuprun', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_backuprun_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_backuprun_queued_at'), ['queued_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('backuprun', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_backuprun_queued_at'))
        batch_op.drop_index(batch_op.f('ix_backuprun_status'))
    op.drop_table('backuprun')
