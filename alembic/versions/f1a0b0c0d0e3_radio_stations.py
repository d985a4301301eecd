"""radio stations: a listener's station, its seed row and what it has played, liked and skipped

Revision ID: f1a0b0c0d0e3
Revises: f1a0b0c0d0e2
Create Date: 2026-12-04 21:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0e3'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0e2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'radiostation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('seed_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('seed_ref', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('seed_tracks', sa.Text(), nullable=False),
        sa.Column('served', sa.Text(), nullable=False),
        sa.Column('liked', sa.Text(), nullable=False),
        sa.Column('skipped', sa.Text(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_radiostation_user_id'), 'radiostation', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_radiostation_user_id'), table_name='radiostation')
    op.drop_table('radiostation')
