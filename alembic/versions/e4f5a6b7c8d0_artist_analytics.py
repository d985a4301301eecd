"""artist analytics: daily play rollups per track and source, daily listeners per artist

Revision ID: e4f5a6b7c8d0
Revises: d3e4f5a6b7c9
Create Date: 2026-12-03 19:00:00

Kept up to date by ``services.studio.analytics.record_play`` when a play counts; a
catalog with plays from before this revision is filled by
``services.studio.analytics.rebuild_rollups`` (run it once after upgrading).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'e4f5a6b7c8d0'
down_revision: Union[str, Sequence[str], None] = 'd3e4f5a6b7c9'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('trackplaysdaily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('plays', sa.Integer(), nullable=False),
    sa.Column('ms_played', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day', 'track_id', 'source')
    )
    op.create_index(op.f('ix_trackplaysdaily_track_id'), 'trackplaysdaily', ['track_id'], unique=False)
    op.create_table('artistlistenerdaily',
    sa.Column('artist_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('listener', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.ForeignKeyConstraint(['artist_id'], ['artistprofile.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('artist_id', 'day', 'listener')
    )


def downgrade() -> None:
    op.drop_table('artistlistenerdaily')
    op.drop_index(op.f('ix_trackplaysdaily_track_id'), table_name='trackplaysdaily')
    op.drop_table('trackplaysdaily')
