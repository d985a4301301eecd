"""data exports: a listener's requests for a zip of their data, with progress and a one-time link

Revision ID: f1a0b0c0d0e4
Revises: f1a0b0c0d0e3
Create Date: 2026-12-04 21:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0e4'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0e3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('dataexport',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('downloaded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_dataexport_user_requested', 'dataexport', ['user_id', 'requested_at'], unique=False)
    op.create_index('ix_dataexport_status_expires', 'dataexport', ['status', 'expires_at'], unique=False)
    op.create_index(op.f('ix_dataexport_token_hash'), 'dataexport', ['token_hash'], unique=True)


def downgrade() -> None:
    op.drop_index(op.f('ix_dataexport_token_hash'), table_name='dataexport')
    op.drop_index('ix_dataexport_status_expires', table_name='dataexport')
    op.drop_index('ix_dataexport_user_requested', table_name='dataexport')
    op.drop_table('dataexport')
