"""email codes: SIGN_IN (accounts over their failed sign-in ceiling) and SIGN_UP_TAKEN purposes

Revision ID: f1b2c3d4e5a6
Revises: e7a1c4b9d2f3
Create Date: 2026-12-03 13:40:00

``EmailCode.purpose`` is a named enum (``codepurpose``). SQLite stores it as a plain
VARCHAR wide enough for every value name, so nothing changes there. PostgreSQL needs
the new label on its enum type. Since PostgreSQL 12 ``ADD VALUE`` may run inside the
migration's transaction (the label only cannot be used before it commits, and nothing
here uses it).
"""
from typing import Sequence, Union

from alembic import op

revision: str = 'f1b2c3d4e5a6'
down_revision: Union[str, Sequence[str], None] = 'e7a1c4b9d2f3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TYPE codepurpose ADD VALUE IF NOT EXISTS 'SIGN_IN'")
        op.execute("ALTER TYPE codepurpose ADD VALUE IF NOT EXISTS 'SIGN_UP_TAKEN'")


def downgrade() -> None:
    # PostgreSQL cannot drop one label of an enum type; the codes that use it are
    # short-lived, so removing them is enough for the older code to run.
    op.execute("DELETE FROM emailcode WHERE purpose IN ('SIGN_IN', 'SIGN_UP_TAKEN')")
