"""app passwords (per-device keys for Subsonic apps) and saved play queues

Revision ID: c4d5e6f7a8b0
Revises: b3c4d5e6f7a9
Create Date: 2026-12-04 17:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'c4d5e6f7a8b0'
down_revision: Union[str, Sequence[str], None] = 'b3c4d5e6f7a9'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'apppassword',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('key_encrypted', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('lookup_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('last_used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_apppassword_user_id'), 'apppassword', ['user_id'], unique=False)
    op.create_index(op.f('ix_apppassword_lookup_hash'), 'apppassword', ['lookup_hash'], unique=True)
    op.create_table(
        'savedplayqueue',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('track_ids', sa.Text(), nullable=False),
        sa.Column('current_track_id', sa.Integer(), nullable=True),
        sa.Column('position_ms', sa.Integer(), nullable=False),
        sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('changed_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_savedplayqueue_user_id'), 'savedplayqueue', ['user_id'], unique=True)


def downgrade() -> None:
    op.drop_index(op.f('ix_savedplayqueue_user_id'), table_name='savedplayqueue')
    op.drop_table('savedplayqueue')
    op.drop_index(op.f('ix_apppassword_lookup_hash'), table_name='apppassword')
    op.drop_index(op.f('ix_apppassword_user_id'), table_name='apppassword')
    op.drop_table('apppassword')
