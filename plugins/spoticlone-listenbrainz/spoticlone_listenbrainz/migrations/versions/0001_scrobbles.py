"""listenbrainz: connected accounts and the listens to submit."""

import sqlalchemy as sa

from alembic import op

revision = "listenbrainz_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listenbrainz_account",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("token_sealed", sa.Text(), nullable=False),
        sa.Column("lb_user_name", sa.String(100), nullable=False),
        sa.Column("connected_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "listenbrainz_listen",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("play_event_id", sa.Integer(), sa.ForeignKey("playevent.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_listenbrainz_listen_user_id", "listenbrainz_listen", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_listenbrainz_listen_user_id", table_name="listenbrainz_listen")
    op.drop_table("listenbrainz_listen")
    op.drop_table("listenbrainz_account")
