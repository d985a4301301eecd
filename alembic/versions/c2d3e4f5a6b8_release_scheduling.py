"""release scheduling: SCHEDULED and UNPUBLISHED tracks, release time, rights affirmation, ISRC

Revision ID: c2d3e4f5a6b8
Revises: b1c2d3e4f5a7
Create Date: 2026-12-03 19:10:00

``Track.status`` is the named enum ``trackstatus``, stored by NAME. PostgreSQL needs the new
labels on its enum type; since PostgreSQL 12 ``ADD VALUE`` may run inside the migration's
transaction (a label only cannot be used before it commits, and nothing here uses it). On
SQLite the names (``SCHEDULED``, ``WITHDRAWN``) fit the existing VARCHAR(9), so ``track`` is
not rebuilt (a rebuild would copy the catalog and drop the search triggers); every change is
a plain ADD COLUMN. ``rights_affirmed_by_id`` is a record of who affirmed the rights, not a
foreign key: it must survive the deletion of that account.
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'c2d3e4f5a6b8'
down_revision: Union[str, Sequence[str], None] = 'b1c2d3e4f5a7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == 'postgresql':
        op.execute("ALTER TYPE trackstatus ADD VALUE IF NOT EXISTS 'SCHEDULED'")
        op.execute("ALTER TYPE trackstatus ADD VALUE IF NOT EXISTS 'WITHDRAWN'")
    op.add_column('album', sa.Column('release_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.create_index('ix_album_release_at', 'album', ['release_at'], unique=False)
    op.add_column('album', sa.Column('rights_affirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column('album', sa.Column('rights_affirmed_by_id', sa.Integer(), nullable=True))
    op.add_column('track', sa.Column('isrc', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True))


def downgrade() -> None:
    # PostgreSQL cannot drop one label of an enum type: tracks in the new states go back
    # to DRAFT, which the older code shows to their artist only, as it did these.
    op.execute("UPDATE track SET status = 'DRAFT' WHERE status IN ('SCHEDULED', 'WITHDRAWN')")
    op.drop_column('track', 'isrc')
    op.drop_column('album', 'rights_affirmed_by_id')
    op.drop_column('album', 'rights_affirmed_at')
    op.drop_index('ix_album_release_at', table_name='album')
    op.drop_column('album', 'release_at')
