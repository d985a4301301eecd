"""ids in URLs are never reused: SQLite AUTOINCREMENT on catalog, account and playlist tables

Revision ID: d4e5f6a7b8c9
Revises: c3a9d2e4f5b6
Create Date: 2026-12-03 13:50:00

SQLite's default rowid is ``max(id) + 1``, so deleting the newest playlist gave its
number to the next one and an old share link opened a stranger's playlist. SQLite can
only add ``AUTOINCREMENT`` by rebuilding a table, which this revision does for every
table whose id appears in a URL. The rebuild copies rows with their ids, so every link
keeps working; ``sqlite_sequence`` starts from the highest id still present, which is
the best that can be known about ids deleted before this revision.

Two SQLite traps are handled here: dropping the old table while foreign keys are
enforced would run its ``ON DELETE CASCADE`` actions and empty the child tables, so the
rebuild refuses to run with enforcement on; and renaming a table re-checks every
trigger, so the search triggers are dropped first and recreated afterwards (the index
itself is untouched: ids and text do not change). PostgreSQL sequences never reuse a
value, so there is nothing to do there.
"""
from typing import Sequence, Union

from alembic import op
from sqlalchemy import text

from spoticlone.services.search import index

revision: str = 'd4e5f6a7b8c9'
down_revision: Union[str, Sequence[str], None] = 'c3a9d2e4f5b6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = ("user", "artistprofile", "genre", "album", "track", "playlist", "playlisttrack")


def _foreign_keys_off(conn) -> None:
    conn.execute(text("PRAGMA foreign_keys=OFF"))
    if conn.execute(text("PRAGMA foreign_keys")).scalar():
        # The pragma is a no-op inside a transaction; carrying on would cascade deletes.
        raise RuntimeError(
            "foreign keys are enforced on this connection, so rebuilding tables would "
            "delete rows: run `reflex db migrate` (it connects without enforcement)"
        )


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    _foreign_keys_off(conn)
    index.drop_triggers(conn)
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
    index.create_triggers(conn)
    problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
    if problems:
        raise RuntimeError(f"foreign key check failed after the rebuild: {problems[:5]}")


def downgrade() -> None:
    # AUTOINCREMENT is harmless to the older code; removing it would bring id reuse back.
    pass
