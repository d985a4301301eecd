"""plugins: the core's record of installed plugins (on/off, settings, last error)

A plugin's own tables come from its own migrations, in its own version table
(``alembic_version_<name>``); only this one table belongs to the core.

Revision ID: f1a0b0c0d0e7
Revises: f1a0b0c0d0e6
Create Date: 2026-12-04 21:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f1a0b0c0d0e7'
down_revision: Union[str, Sequence[str], None] = 'f1a0b0c0d0e6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('pluginstate',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('settings_json', sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('error_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('pluginstate')
