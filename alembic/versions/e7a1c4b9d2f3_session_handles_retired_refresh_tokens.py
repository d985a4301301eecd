"""auth: random session handles for access tokens, retired refresh tokens

Revision ID: e7a1c4b9d2f3
Revises: 7d2f4a9c1e80
Create Date: 2026-12-03 13:40:00

``authsession.handle`` is what an access token names in ``sid`` instead of the
sequential id (a forger could guess ids). Existing rows get a random handle here, one
by one, before the column becomes NOT NULL and unique; access tokens issued before
this revision carry an integer ``sid`` and are refused, so API clients refresh once.
``retiredrefreshtoken`` remembers rotated refresh tokens (hashed) so that presenting
one again ends its session.
"""
import secrets
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'e7a1c4b9d2f3'
down_revision: Union[str, Sequence[str], None] = '7d2f4a9c1e80'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('authsession', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handle', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))

    bind = op.get_bind()
    sessions = sa.table('authsession', sa.column('id', sa.Integer), sa.column('handle', sa.String))
    for (session_id,) in bind.execute(sa.select(sessions.c.id)).all():
        bind.execute(
            sessions.update().where(sessions.c.id == session_id).values(handle=secrets.token_urlsafe(24))
        )

    with op.batch_alter_table('authsession', schema=None) as batch_op:
        batch_op.alter_column('handle', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_authsession_handle'), ['handle'], unique=True)

    op.create_table('retiredrefreshtoken',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('retired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['authsession.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('retiredrefreshtoken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retiredrefreshtoken_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_retiredrefreshtoken_token_hash'), ['token_hash'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('retiredrefreshtoken', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retiredrefreshtoken_token_hash'))
        batch_op.drop_index(batch_op.f('ix_retiredrefreshtoken_session_id'))
    op.drop_table('retiredrefreshtoken')

    with op.batch_alter_table('authsession', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authsession_handle'))
        batch_op.drop_column('handle')
