"""synthetic activity: the marker table of accounts made by simulate-activity

Revision ID: d5e6f7a8b9c1
Revises: c4d5e6f7a8b0
Create Date: 2026-12-04 17:50:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'd5e6f7a8b9c1'
down_revision: Union[str, Sequence[str], None] = 'c4d5e6f7a8b0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'syntheticuser',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('run', sa.Integer(), nullable=False),
        sa.Column('seed', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id'),
    )
    op.create_index(op.f('ix_syntheticuser_run'), 'syntheticuser', ['run'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_syntheticuser_run'), table_name='syntheticuser')
    op.drop_table('syntheticuser')
