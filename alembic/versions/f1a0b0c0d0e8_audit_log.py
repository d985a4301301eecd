"""audit log: every administrative change, with before and after

Revision ID: f1a0b0c0d0e8
Revises: f1a0b0c0d0e7
Create Date: 2026-12-05 00:20:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0e8'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0e7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('auditentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('target_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('target_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('before_json', sa.Text(), nullable=False),
    sa.Column('after_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_auditentry_at'), 'auditentry', ['at'], unique=False)
    op.create_index(op.f('ix_auditentry_actor_id'), 'auditentry', ['actor_id'], unique=False)
    op.create_index(op.f('ix_auditentry_action'), 'auditentry', ['action'], unique=False)
    op.create_index(op.f('ix_auditentry_target_type'), 'auditentry', ['target_type'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_auditentry_target_type'), table_name='auditentry')
    op.drop_index(op.f('ix_auditentry_action'), table_name='auditentry')
    op.drop_index(op.f('ix_auditentry_actor_id'), table_name='auditentry')
    op.drop_index(op.f('ix_auditentry_at'), table_name='auditentry')
    op.drop_table('auditentry')
