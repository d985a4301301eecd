"""insight rollups: the admin analytics dashboard's daily, hourly, per-track and per-listener figures

Revision ID: f1a0b0c0d0e9
Revises: f1a0b0c0d0e8
Create Date: 2026-12-05 00:25:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0e9'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0e8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('insightwatermark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rolled_to', sa.Integer(), nullable=False),
    sa.Column('live_from', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_table('insightday',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('publications', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day'),
    )
    op.create_table('insighttrackday',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Integer(), nullable=False),
    sa.Column('plays', sa.Integer(), nullable=False),
    sa.Column('ms_played', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day', 'track_id'),
    )
    op.create_table('insighthour',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('hour', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Integer(), nullable=False),
    sa.Column('plays', sa.Integer(), nullable=False),
    sa.Column('ms_played', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'hour'),
    )
    op.create_table('insightplaylistday',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('playlist_id', sa.Integer(), nullable=False),
    sa.Column('plays', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'playlist_id'),
    )
    op.create_table('insightsearchmiss',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('term', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'term'),
    )
    op.create_table('insightactivity',
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kind', 'start', 'user_id'),
    )
    op.create_table('insightactive',
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('users', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'start'),
    )
    op.create_table('insightcohort',
    sa.Column('cohort', sa.Date(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('users', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('cohort', 'week'),
    )
    op.create_table('insightlistener',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('signup_day', sa.Date(), nullable=False),
    sa.Column('cohort', sa.Date(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('returned_week2', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id'),
    )


def downgrade() -> None:
    for table in ('insightlistener', 'insightcohort', 'insightactive', 'insightactivity', 'insightsearchmiss',
                  'insightplaylistday', 'insighthour', 'insighttrackday', 'insightday', 'insightwatermark'):
        op.drop_table(table)
