"""insight shares: the year-in-review cards listeners chose to share

Revision ID: f1a0b0c0d0f0
Revises: f1a0b0c0d0ed
Create Date: 2026-12-05 00:40:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0f0'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0ed'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('insightshare',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('nonce', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('time_zone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'year'),
    )
    op.create_index(op.f('ix_insightshare_nonce'), 'insightshare', ['nonce'], unique=True)


def downgrade() -> None:
    op.drop_index(op.f('ix_insightshare_nonce'), table_name='insightshare')
    op.drop_table('insightshare')
