"""streaming renditions and listener playback settings

Revision ID: a6b7c8d9e0f2
Revises: f5a6b7c8d9e1
Create Date: 2026-12-04 17:00:00

``trackrendition`` records the streaming copies made with ffmpeg (``services.media.renditions``),
one row per track and quality tier; ``listenersettings`` holds a listener's streaming quality
and volume normalisation choice (no row: the defaults).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'a6b7c8d9e0f2'
down_revision: Union[str, Sequence[str], None] = 'f5a6b7c8d9e1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('trackrendition',
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('tier', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('source_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('mime_type', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('bitrate', sa.Integer(), nullable=False),
    sa.Column('file_size', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('track_id', 'tier')
    )
    op.create_table('listenersettings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('streaming_quality', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('normalise_volume', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('listenersettings')
    op.drop_table('trackrendition')
