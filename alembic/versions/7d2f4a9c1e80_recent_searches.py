"""recent searches: a listener's last few distinct search queries

Revision ID: 7d2f4a9c1e80
Revises: d4e5f6a7b8c9
Create Date: 2026-12-03 13:40:00

``recentsearch`` backs the "Recent searches" list on the empty Search page and
``/api/v1/me/recent-searches``; ``services.search.recent`` keeps at most ten per
listener, deduplicated case-insensitively through ``query_key``.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = '7d2f4a9c1e80'
down_revision: Union[str, Sequence[str], None] = 'd4e5f6a7b8c9'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('recentsearch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('query', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('query_key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('searched_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'query_key', name='uq_recentsearch_user_key')
    )
    with op.batch_alter_table('recentsearch', schema=None) as batch_op:
        batch_op.create_index('ix_recentsearch_user_newest', ['user_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recentsearch', schema=None) as batch_op:
        batch_op.drop_index('ix_recentsearch_user_newest')
    op.drop_table('recentsearch')
