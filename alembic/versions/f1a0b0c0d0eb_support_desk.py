"""support desk: requests, their messages and screenshots, help articles, canned answers

Revision ID: f1a0b0c0d0eb
Revises: f1a0b0c0d0ea
Create Date: 2026-12-05 00:25:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0eb'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0ea'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('supportrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('context_page', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('context_track', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('context_user_agent', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('has_screenshot', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_supportrequest_user_id'), 'supportrequest', ['user_id'], unique=False)
    op.create_index(op.f('ix_supportrequest_status'), 'supportrequest', ['status'], unique=False)
    op.create_index(op.f('ix_supportrequest_assigned_to_id'), 'supportrequest', ['assigned_to_id'], unique=False)
    op.create_index(op.f('ix_supportrequest_updated_at'), 'supportrequest', ['updated_at'], unique=False)
    op.create_table('supportmessage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('from_staff', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['supportrequest.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_supportmessage_request_id'), 'supportmessage', ['request_id'], unique=False)
    op.create_table('supportscreenshot',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['supportrequest.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id'),
    )
    help_table = op.create_table('helparticle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    _seed_help(help_table)
    op.create_table('cannedanswer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )


def _seed_help(table) -> None:
    """A fresh install's Help page is never empty: the default answers, in order."""
    from datetime import UTC, datetime

    from spoticlone.services.support.help_defaults import DEFAULT_ARTICLES

    now = datetime.now(UTC)
    op.bulk_insert(table, [
        {"section": section, "title": title, "body": body, "position": (i + 1) * 10, "updated_at": now}
        for i, (section, title, body) in enumerate(DEFAULT_ARTICLES)
    ])


def downgrade() -> None:
    op.drop_table('cannedanswer')
    op.drop_table('helparticle')
    op.drop_table('supportscreenshot')
    op.drop_index(op.f('ix_supportmessage_request_id'), table_name='supportmessage')
    op.drop_table('supportmessage')
    op.drop_index(op.f('ix_supportrequest_updated_at'), table_name='supportrequest')
    op.drop_index(op.f('ix_supportrequest_assigned_to_id'), table_name='supportrequest')
    op.drop_index(op.f('ix_supportrequest_status'), table_name='supportrequest')
    op.drop_index(op.f('ix_supportrequest_user_id'), table_name='supportrequest')
    op.drop_table('supportrequest')
