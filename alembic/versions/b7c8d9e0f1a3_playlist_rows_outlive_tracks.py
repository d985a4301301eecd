"""playlist rows outlive their tracks (snapshot, ON DELETE SET NULL); the "share" play source

Revision ID: b7c8d9e0f1a3
Revises: a6b7c8d9e0f2
Create Date: 2026-12-04 17:00:00

A playlist row used to vanish with its track (``ON DELETE CASCADE``), so a listener's
playlist silently lost songs when an artist deleted one. Now the row keeps a snapshot
(title, artist name, length), filled here for every existing row, and ``track_id`` becomes
nullable with ``ON DELETE SET NULL``.

SQLite cannot change a foreign key in place: the table is rebuilt (rows keep their ids,
``AUTOINCREMENT`` is kept). The original foreign key has no name, so the rebuild names it
through a naming convention in order to drop it. Renaming the rebuilt table re-checks every
trigger, so the search triggers are dropped first and recreated afterwards, as in
``d4e5f6a7b8c9``. Nothing references ``playlisttrack``, so dropping the old copy cascades
nowhere even with foreign keys enforced. PostgreSQL alters the table in place.

``PlayEvent.source`` is the named enum ``playsource``, stored by NAME: PostgreSQL needs the
new label ``SHARE`` on its type (allowed inside the transaction since PostgreSQL 12, as
nothing here uses it); on SQLite the name fits the existing VARCHAR and there is no CHECK.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op
from spoticlone.services.search import index

revision: str = 'b7c8d9e0f1a3'
down_revision: str | Sequence[str] | None = 'a6b7c8d9e0f2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
SQLITE_FK = "fk_playlisttrack_track_id_track"

FILL_SNAPSHOT = """
UPDATE playlisttrack SET
    track_title = COALESCE((SELECT t.title FROM track t WHERE t.id = playlisttrack.track_id), ''),
    artist_name = COALESCE((SELECT a.stage_name FROM track t JOIN artistprofile a ON a.id = t.artist_id
                            WHERE t.id = playlisttrack.track_id), ''),
    duration_ms = COALESCE((SELECT t.duration_ms FROM track t WHERE t.id = playlisttrack.track_id), 0)
"""


def _snapshot_columns() -> list[sa.Column]:
    return [
        sa.Column('track_title', sqlmodel.sql.sqltypes.AutoString(length=300), server_default='', nullable=False),
        sa.Column('artist_name', sqlmodel.sql.sqltypes.AutoString(length=200), server_default='', nullable=False),
        sa.Column('duration_ms', sa.Integer(), server_default='0', nullable=False),
    ]


def _track_fk_name(conn) -> str | None:
    for fk in sa.inspect(conn).get_foreign_keys('playlisttrack'):
        if fk['referred_table'] == 'track' and fk['constrained_columns'] == ['track_id']:
            return fk['name']
    return None


def _rebuild_sqlite(conn, *, upgrade: bool) -> None:
    index.drop_triggers(conn)
    with op.batch_alter_table(
        'playlisttrack', recreate='always', naming_convention=NAMING,
        table_kwargs={'sqlite_autoincrement': True},
    ) as batch_op:
        if upgrade:
            for column in _snapshot_columns():
                batch_op.add_column(column)
        else:
            for name in ('track_title', 'artist_name', 'duration_ms'):
                batch_op.drop_column(name)
        batch_op.alter_column('track_id', existing_type=sa.Integer(), nullable=upgrade)
        batch_op.drop_constraint(SQLITE_FK, type_='foreignkey')
        batch_op.create_foreign_key(
            SQLITE_FK, 'track', ['track_id'], ['id'], ondelete='SET NULL' if upgrade else 'CASCADE'
        )
    index.create_triggers(conn)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == 'postgresql':
        op.execute("ALTER TYPE playsource ADD VALUE IF NOT EXISTS 'SHARE'")
        for column in _snapshot_columns():
            op.add_column('playlisttrack', column)
        op.alter_column('playlisttrack', 'track_id', existing_type=sa.Integer(), nullable=True)
        name = _track_fk_name(conn) or 'playlisttrack_track_id_fkey'
        op.drop_constraint(name, 'playlisttrack', type_='foreignkey')
        op.create_foreign_key(name, 'playlisttrack', 'track', ['track_id'], ['id'], ondelete='SET NULL')
    else:
        _rebuild_sqlite(conn, upgrade=True)
    op.execute(FILL_SNAPSHOT)


def downgrade() -> None:
    conn = op.get_bind()
    # The older schema cannot hold a row without its track, nor a "share" play.
    op.execute("DELETE FROM playlisttrack WHERE track_id IS NULL")
    op.execute("UPDATE playevent SET source = 'OTHER' WHERE source = 'SHARE'")
    if conn.dialect.name == 'postgresql':
        name = _track_fk_name(conn) or 'playlisttrack_track_id_fkey'
        op.drop_constraint(name, 'playlisttrack', type_='foreignkey')
        op.create_foreign_key(name, 'playlisttrack', 'track', ['track_id'], ['id'], ondelete='CASCADE')
        op.alter_column('playlisttrack', 'track_id', existing_type=sa.Integer(), nullable=False)
        for name in ('track_title', 'artist_name', 'duration_ms'):
            op.drop_column('playlisttrack', name)
    else:
        _rebuild_sqlite(conn, upgrade=False)
