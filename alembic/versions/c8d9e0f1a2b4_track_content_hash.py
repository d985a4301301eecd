"""content hash of a track's audio for duplicate detection

Adds ``track.audio_sha256`` (indexed). Existing rows stay empty: hashing every media file
inside a migration would hold the upgrade for as long as reading the whole library takes,
so ``python -m spoticlone.cli hash-audio`` fills them in afterwards.

Revision ID: c8d9e0f1a2b4
Revises: b7c8d9e0f1a3
Create Date: 2026-12-04 17:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'c8d9e0f1a2b4'
down_revision: Union[str, Sequence[str], None] = 'b7c8d9e0f1a3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('track', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audio_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_track_audio_sha256'), ['audio_sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('track', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_track_audio_sha256'))
        batch_op.drop_column('audio_sha256')
