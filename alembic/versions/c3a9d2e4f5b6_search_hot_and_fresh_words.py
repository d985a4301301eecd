"""search: popular-tracks FTS table and fresh-words table (SQLite)

Revision ID: c3a9d2e4f5b6
Revises: 486eaf8772ea
Create Date: 2026-11-24 13:00:00

``search_index.install`` is idempotent: on a database created before this revision it
adds ``search_hot``/``search_hot_state`` (an FTS table of the most played tracks, so
short prefixes stop walking the posting lists of the whole catalog) and
``search_fresh``/``search_fresh_vocab`` (words written since the last reindex, so the
typo path never goes stale), replaces the triggers and refills everything. A database
created from scratch already got all of it from 5e4c1f0a9b21, which calls the same
function. PostgreSQL needs nothing new.
"""
from typing import Sequence, Union

from alembic import op

from spoticlone.services.search import index

revision: str = 'c3a9d2e4f5b6'
down_revision: Union[str, Sequence[str], None] = '486eaf8772ea'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    index.install(op.get_bind())


def downgrade() -> None:
    # Nothing: the triggers installed by upgrade() write to these tables, and the
    # previous trigger set is not kept anywhere, so dropping them would break writes.
    # The extra tables are harmless to the older schema; 5e4c1f0a9b21's downgrade
    # removes every search object, these included.
    pass
