"""job failures: jobs that failed on their last allowed try

Revision ID: a8b9c0d1e2f3
Revises: f1b2c3d4e5a6
Create Date: 2026-12-03 14:00:00

The job queue (huey) forgets a task once it is finished with it; ``jobfailure`` keeps
what an operator needs to see of work that was acknowledged and then never happened.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'a8b9c0d1e2f3'
down_revision: Union[str, Sequence[str], None] = 'f1b2c3d4e5a6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('jobfailure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('task_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('arguments', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('retries', sa.Integer(), nullable=False),
    sa.Column('failed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('jobfailure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobfailure_task_name'), ['task_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobfailure_failed_at'), ['failed_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('jobfailure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobfailure_failed_at'))
        batch_op.drop_index(batch_op.f('ix_jobfailure_task_name'))
    op.drop_table('jobfailure')
