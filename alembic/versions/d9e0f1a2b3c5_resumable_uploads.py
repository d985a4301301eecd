"""resumable chunked uploads, and uploads that replace a track's audio

Revision ID: d9e0f1a2b3c5
Revises: c8d9e0f1a2b4
Create Date: 2026-12-04 17:00:00

``uploadsession`` holds a file sent in pieces while it arrives (its status is the named enum
``uploadsessionstatus``, stored by NAME, created and dropped with the table on PostgreSQL);
``audioupload.replace_track_id`` names the track whose audio an upload replaces.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'd9e0f1a2b3c5'
down_revision: Union[str, Sequence[str], None] = 'c8d9e0f1a2b4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


STATUS = sa.Enum('OPEN', 'COMPLETE', 'FAILED', name='uploadsessionstatus')


def upgrade() -> None:
    op.create_table('uploadsession',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('artist_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('replace_track_id', sa.Integer(), nullable=True),
    sa.Column('temp_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('status', STATUS, nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=True),
    sa.Column('writer', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('writer_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['artist_id'], ['artistprofile.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['upload_id'], ['audioupload.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_uploadsession_artist_status', 'uploadsession', ['artist_id', 'status'], unique=False)
    op.create_index('ix_uploadsession_updated', 'uploadsession', ['updated_at'], unique=False)
    op.create_index(op.f('ix_uploadsession_user_id'), 'uploadsession', ['user_id'], unique=False)
    with op.batch_alter_table('audioupload') as batch:
        batch.add_column(sa.Column('replace_track_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audioupload') as batch:
        batch.drop_column('replace_track_id')
    op.drop_index(op.f('ix_uploadsession_user_id'), table_name='uploadsession')
    op.drop_index('ix_uploadsession_updated', table_name='uploadsession')
    op.drop_index('ix_uploadsession_artist_status', table_name='uploadsession')
    op.drop_table('uploadsession')
    STATUS.drop(op.get_bind(), checkfirst=True)
