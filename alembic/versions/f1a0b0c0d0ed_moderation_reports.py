"""moderation reports: reports of content, the holds that hide it, and the HIDDEN track state

Revision ID: f1a0b0c0d0ed
Revises: f1a0b0c0d0ec
Create Date: 2026-12-05 00:25:00

``Track.status`` is the named enum ``trackstatus``, stored by NAME: PostgreSQL gets the new
label ``HIDDEN`` on its type (nothing here uses it in the same transaction); on SQLite the
name fits the existing VARCHAR(9), so ``track`` is not rebuilt.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0ed'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0ec'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TYPE trackstatus ADD VALUE IF NOT EXISTS 'HIDDEN'")
    op.create_table('moderationreport',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('target_type', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_moderationreport_target', 'moderationreport', ['target_type', 'target_id', 'status'],
                    unique=False)
    op.create_index(op.f('ix_moderationreport_created_at'), 'moderationreport', ['created_at'], unique=False)
    op.create_index(op.f('ix_moderationreport_reporter_id'), 'moderationreport', ['reporter_id'], unique=False)
    op.create_index(op.f('ix_moderationreport_status'), 'moderationreport', ['status'], unique=False)
    op.create_table('moderationhold',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_type', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('previous_json', sa.Text(), nullable=False),
    sa.Column('hidden_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('counter_notice', sa.Text(), nullable=False),
    sa.Column('counter_notice_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('restored_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('target_type', 'target_id', name='uq_moderationhold_target'),
    )
    op.create_index(op.f('ix_moderationhold_active'), 'moderationhold', ['active'], unique=False)
    op.create_index(op.f('ix_moderationhold_owner_id'), 'moderationhold', ['owner_id'], unique=False)


def downgrade() -> None:
    # A hidden track goes back to DRAFT: its artist sees it, listeners do not, as before.
    op.execute("UPDATE track SET status = 'DRAFT' WHERE status = 'HIDDEN'")
    op.drop_index(op.f('ix_moderationhold_owner_id'), table_name='moderationhold')
    op.drop_index(op.f('ix_moderationhold_active'), table_name='moderationhold')
    op.drop_table('moderationhold')
    op.drop_index(op.f('ix_moderationreport_status'), table_name='moderationreport')
    op.drop_index(op.f('ix_moderationreport_reporter_id'), table_name='moderationreport')
    op.drop_index(op.f('ix_moderationreport_created_at'), table_name='moderationreport')
    op.drop_index('ix_moderationreport_target', table_name='moderationreport')
    op.drop_table('moderationreport')
