"""audio uploads: files artists upload through the studio and what became of each

Revision ID: d3e4f5a6b7c9
Revises: c2d3e4f5a6b8
Create Date: 2026-12-03 19:20:00

A new table only (``services.studio.uploads``): the status is the named enum
``uploadstatus`` stored by NAME, created with the table on PostgreSQL and dropped with it.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'd3e4f5a6b7c9'
down_revision: Union[str, Sequence[str], None] = 'c2d3e4f5a6b8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

STATUS = sa.Enum('RECEIVED', 'PROCESSING', 'READY', 'FAILED', name='uploadstatus')


def upgrade() -> None:
    op.create_table('audioupload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('artist_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', STATUS, nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=True),
    sa.Column('temp_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['artist_id'], ['artistprofile.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_audioupload_artist_created', 'audioupload', ['artist_id', 'created_at'], unique=False)
    op.create_index('ix_audioupload_artist_sha256', 'audioupload', ['artist_id', 'sha256'], unique=False)
    op.create_index(op.f('ix_audioupload_track_id'), 'audioupload', ['track_id'], unique=False)
    op.create_index(op.f('ix_audioupload_user_id'), 'audioupload', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_audioupload_user_id'), table_name='audioupload')
    op.drop_index(op.f('ix_audioupload_track_id'), table_name='audioupload')
    op.drop_index('ix_audioupload_artist_sha256', table_name='audioupload')
    op.drop_index('ix_audioupload_artist_created', table_name='audioupload')
    op.drop_table('audioupload')
    STATUS.drop(op.get_bind(), checkfirst=True)
