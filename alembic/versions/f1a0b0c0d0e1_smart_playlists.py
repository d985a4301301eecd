"""smart playlists: a listener's saved rules, evaluated live (no track rows)

Revision ID: f1a0b0c0d0e1
Revises: d5e6f7a8b9c1
Create Date: 2026-12-04 21:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0e1'
down_revision: Union[str, Sequence[str], None] = 'd5e6f7a8b9c1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('smartplaylist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.Column('sort_field', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('sort_order', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('limit', sa.Integer(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_smartplaylist_owner_id'), 'smartplaylist', ['owner_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_smartplaylist_owner_id'), table_name='smartplaylist')
    op.drop_table('smartplaylist')
