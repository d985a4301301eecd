"""album listed tracks: each album's count of published tracks, kept by triggers

The album lists asked "has a published track?" of every album they walked: one index probe
per album, 80 ms for the total alone at 100,000 albums on PostgreSQL, and a middle page 2.4×
the first one. The count now sits on the album row (``services.catalog.album_listing`` keeps
it with triggers and fills it here from the tracks), and two partial indexes hold the listed
albums in each display order.

Revision ID: f1a0b0c0d0f4
Revises: f1a0b0c0d0f3
Create Date: 2026-12-06 01:45:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from spoticlone.services.catalog import album_listing
from spoticlone.services.search import index

revision: str = 'f1a0b0c0d0f4'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0f3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

LISTED = "listed_tracks > 0"


def upgrade() -> None:
    op.add_column('album', sa.Column('listed_tracks', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_album_listed_newest', 'album', ['release_date', 'id'],
                    sqlite_where=sa.text(LISTED), postgresql_where=sa.text(LISTED))
    op.create_index('ix_album_listed_title', 'album', ['title', 'id'],
                    sqlite_where=sa.text(LISTED), postgresql_where=sa.text(LISTED))
    album_listing.install(op.get_bind())


def downgrade() -> None:
    album_listing.uninstall(op.get_bind())
    op.drop_index('ix_album_listed_title', table_name='album')
    op.drop_index('ix_album_listed_newest', table_name='album')
    index.drop_triggers(op.get_bind())  # SQLite checks every trigger while it rebuilds the table
    with op.batch_alter_table('album') as batch:
        batch.drop_column('listed_tracks')
    index.create_triggers(op.get_bind())
