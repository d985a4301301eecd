"""account deletion: requests to delete an account, their grace period and outcome

Revision ID: f1a0b0c0d0e5
Revises: f1a0b0c0d0e4
Create Date: 2026-12-04 21:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0e5'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0e4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('accountdeletion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('keep_releases', sa.Boolean(), nullable=False),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('cancel_reason', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('notice_pending', sa.Boolean(), nullable=False),
    sa.Column('erased_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_accountdeletion_status_due', 'accountdeletion', ['status', 'due_at'], unique=False)
    op.create_index(op.f('ix_accountdeletion_user_id'), 'accountdeletion', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_accountdeletion_user_id'), table_name='accountdeletion')
    op.drop_index('ix_accountdeletion_status_due', table_name='accountdeletion')
    op.drop_table('accountdeletion')
