"""editorial playlists: public playlists featured on Home and Browse, by shelf, order and period

Revision ID: f1a0b0c0d0e2
Revises: f1a0b0c0d0e1
Create Date: 2026-12-04 21:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'f1a0b0c0d0e2'
down_revision: str | Sequence[str] | None = 'f1a0b0c0d0e1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('editorialfeature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('playlist_id', sa.Integer(), nullable=False),
    sa.Column('shelf', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('blurb', sqlmodel.sql.sqltypes.AutoString(length=280), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['playlist_id'], ['playlist.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('shelf', 'playlist_id', name='uq_editorialfeature_shelf_playlist')
    )
    with op.batch_alter_table('editorialfeature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_editorialfeature_playlist_id'), ['playlist_id'], unique=False)
        batch_op.create_index('ix_editorialfeature_shelf_position', ['shelf', 'position'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('editorialfeature', schema=None) as batch_op:
        batch_op.drop_index('ix_editorialfeature_shelf_position')
        batch_op.drop_index(batch_op.f('ix_editorialfeature_playlist_id'))
    op.drop_table('editorialfeature')
