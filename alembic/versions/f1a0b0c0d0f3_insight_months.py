"""insight months: each track's and playlist's dashboard figures per UTC month, beside the daily ones

A 365-day dashboard summed about a million daily per-track rows (and as many per-playlist
ones) at 10M play events; whole months now come from these tables (a dozen rows per track or
playlist) and only the days at the period's edges from the daily ones. The tables are filled
here from the daily rows, so the two agree from the start and no ``rebuild-insight`` is needed.

Three indexes let the dashboard count a period's accounts (and verified ones), sign-ins per
browser and the funnel's listeners from an index alone instead of reading every row.

Revision ID: f1a0b0c0d0f3
Revises: f1a0b0c0d0f2
Create Date: 2026-12-05 22:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = 'f1a0b0c0d0f3'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0f2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('insighttrackmonth',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Integer(), nullable=False),
    sa.Column('plays', sa.Integer(), nullable=False),
    sa.Column('ms_played', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('month', 'track_id'),
    )
    op.create_table('insightplaylistmonth',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('playlist_id', sa.Integer(), nullable=False),
    sa.Column('plays', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'playlist_id'),
    )
    op.create_index('ix_user_created_verified', 'user', ['created_at', 'email_verified'])
    op.create_index('ix_authsession_agent_created', 'authsession', ['user_agent', 'created_at'])
    op.create_index('ix_insightlistener_signup_returned', 'insightlistener', ['signup_day', 'returned_week2'])
    if op.get_bind().dialect.name == 'postgresql':
        month = "CAST(date_trunc('month', day) AS DATE)"
    else:
        month = "date(day, 'start of month')"
    for table, key, figures in (('track', 'track_id', ('starts', 'plays', 'ms_played')),
                                ('playlist', 'playlist_id', ('plays',))):
        sums = ', '.join(f'sum({name})' for name in figures)
        op.execute(sa.text(
            f"INSERT INTO insight{table}month (month, {key}, {', '.join(figures)}) "
            f"SELECT {month}, {key}, {sums} FROM insight{table}day GROUP BY {month}, {key}"))


def downgrade() -> None:
    op.drop_index('ix_insightlistener_signup_returned', table_name='insightlistener')
    op.drop_index('ix_authsession_agent_created', table_name='authsession')
    op.drop_index('ix_user_created_verified', table_name='user')
    op.drop_table('insightplaylistmonth')
    op.drop_table('insighttrackmonth')
