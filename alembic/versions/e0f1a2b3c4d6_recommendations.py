"""discovery signals and recommendations: reasons, not interested, taste picks

Revision ID: e0f1a2b3c4d6
Revises: d9e0f1a2b3c5
Create Date: 2026-12-04 17:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'e0f1a2b3c4d6'
down_revision: str | Sequence[str] | None = 'd9e0f1a2b3c5'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _recommendation_table(*, with_reason: bool) -> None:
    extra = [
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('seed_track_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['seed_track_id'], ['track.id'], ondelete='SET NULL'),
    ] if with_reason else []
    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('algorithm', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('generated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    *extra,
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'track_id', 'algorithm', name='uq_recommendation')
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index('ix_recommendation_user_score', ['user_id', 'algorithm', 'score'], unique=False)


def upgrade() -> None:
    # Nothing wrote recommendation rows before the engine: the table is rebuilt rather than
    # altered, which adds the seed track's foreign key the same way on SQLite and PostgreSQL.
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index('ix_recommendation_user_score')
    op.drop_table('recommendation')
    _recommendation_table(with_reason=True)

    op.create_table('notinterested',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=True),
    sa.Column('artist_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(track_id IS NULL) != (artist_id IS NULL)', name='ck_notinterested_one_target'),
    sa.ForeignKeyConstraint(['artist_id'], ['artistprofile.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'artist_id', name='uq_notinterested_artist'),
    sa.UniqueConstraint('user_id', 'track_id', name='uq_notinterested_track')
    )
    with op.batch_alter_table('notinterested', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notinterested_artist_id'), ['artist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notinterested_track_id'), ['track_id'], unique=False)

    op.create_table('tastepick',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('genre_id', sa.Integer(), nullable=True),
    sa.Column('artist_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(genre_id IS NULL) != (artist_id IS NULL)', name='ck_tastepick_one_target'),
    sa.ForeignKeyConstraint(['artist_id'], ['artistprofile.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['genre_id'], ['genre.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'artist_id', name='uq_tastepick_artist'),
    sa.UniqueConstraint('user_id', 'genre_id', name='uq_tastepick_genre')
    )
    with op.batch_alter_table('tastepick', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tastepick_artist_id'), ['artist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tastepick_genre_id'), ['genre_id'], unique=False)


def downgrade() -> None:
    for table, columns in (('tastepick', ('artist_id', 'genre_id')), ('notinterested', ('artist_id', 'track_id'))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
        op.drop_table(table)
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index('ix_recommendation_user_score')
    op.drop_table('recommendation')
    _recommendation_table(with_reason=False)
