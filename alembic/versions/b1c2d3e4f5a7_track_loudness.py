"""track loudness: EBU R128 integrated loudness and true peak per track

Revision ID: b1c2d3e4f5a7
Revises: a8b9c0d1e2f3
Create Date: 2026-12-03 19:00:00

Measured in the background after ingestion (``services.media.loudness``). A table of its
own rather than columns on ``track``: a track has no row until measured, and none if ffmpeg
cannot measure its file.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'b1c2d3e4f5a7'
down_revision: Union[str, Sequence[str], None] = 'a8b9c0d1e2f3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('trackloudness',
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('integrated_lufs', sa.Float(), nullable=False),
    sa.Column('true_peak_dbtp', sa.Float(), nullable=True),
    sa.Column('measured_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('track_id')
    )


def downgrade() -> None:
    op.drop_table('trackloudness')
