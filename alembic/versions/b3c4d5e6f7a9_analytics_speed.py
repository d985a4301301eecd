"""analytics speed: a covering index for daily plays, each listener's first and last day

The studio analytics read an artist's ``trackplaysdaily`` rows over a range of days; the
index on ``track_id`` alone made them visit every day's row of each track. The new index
holds every column those reads use (and starts with ``track_id``, so it replaces the old one).

``artistlistener`` holds each listener's first and last day per artist, derived from
``artistlistenerdaily`` (filled from it here), so unique listeners over a range ending
today is an indexed count rather than a ``COUNT(DISTINCT)`` over every day's listeners.

Revision ID: b3c4d5e6f7a9
Revises: a2b3c4d5e6f8
Create Date: 2026-12-04 17:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'b3c4d5e6f7a9'
down_revision: Union[str, Sequence[str], None] = 'a2b3c4d5e6f8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = ['track_id', 'day', 'source', 'plays', 'ms_played']


def upgrade() -> None:
    op.create_index('ix_trackplaysdaily_track_day', 'trackplaysdaily', COLUMNS, unique=False)
    op.drop_index('ix_trackplaysdaily_track_id', table_name='trackplaysdaily')
    op.create_table('artistlistener',
    sa.Column('artist_id', sa.Integer(), nullable=False),
    sa.Column('listener', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['artist_id'], ['artistprofile.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('artist_id', 'listener')
    )
    op.create_index('ix_artistlistener_artist_last_day', 'artistlistener', ['artist_id', 'last_day'], unique=False)
    op.execute(
        "INSERT INTO artistlistener (artist_id, listener, first_day, last_day) "
        "SELECT artist_id, listener, min(day), max(day) FROM artistlistenerdaily GROUP BY artist_id, listener"
    )


def downgrade() -> None:
    op.drop_index('ix_artistlistener_artist_last_day', table_name='artistlistener')
    op.drop_table('artistlistener')
    op.create_index('ix_trackplaysdaily_track_id', 'trackplaysdaily', ['track_id'], unique=False)
    op.drop_index('ix_trackplaysdaily_track_day', table_name='trackplaysdaily')
