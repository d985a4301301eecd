"""artist profile: image thumbnail, outbound links and previous slugs (old links redirect)

Revision ID: f5a6b7c8d9e1
Revises: e4f5a6b7c8d0
Create Date: 2026-12-04 17:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f5a6b7c8d9e1'
down_revision: Union[str, Sequence[str], None] = 'e4f5a6b7c8d0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('artistlink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('artist_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['artist_id'], ['artistprofile.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_artistlink_artist_id'), 'artistlink', ['artist_id'], unique=False)
    op.create_table('artistslugalias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=220), nullable=False),
    sa.Column('artist_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['artist_id'], ['artistprofile.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_artistslugalias_artist_id'), 'artistslugalias', ['artist_id'], unique=False)
    op.create_index(op.f('ix_artistslugalias_slug'), 'artistslugalias', ['slug'], unique=True)
    with op.batch_alter_table('artistprofile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('image_thumb_key', sqlmodel.sql.sqltypes.AutoString(length=255),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('artistprofile', schema=None) as batch_op:
        batch_op.drop_column('image_thumb_key')
    op.drop_index(op.f('ix_artistslugalias_slug'), table_name='artistslugalias')
    op.drop_index(op.f('ix_artistslugalias_artist_id'), table_name='artistslugalias')
    op.drop_table('artistslugalias')
    op.drop_index(op.f('ix_artistlink_artist_id'), table_name='artistlink')
    op.drop_table('artistlink')
