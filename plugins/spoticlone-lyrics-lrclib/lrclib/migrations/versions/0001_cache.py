"""lrclib: the lyrics cache and the rate limiter."""

import sqlalchemy as sa

from alembic import op

revision = "lrclib_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lrclib_cache",
        sa.Column("track_id", sa.Integer(), sa.ForeignKey("track.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("lrclib_id", sa.Integer(), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "lrclib_bucket",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("next_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("lrclib_bucket")
    op.drop_table("lrclib_cache")
