"""The plugin's tables (created by ``migrations/versions/0001_cache.py``) on its own MetaData."""

import sqlalchemy as sa

metadata = sa.MetaData()

#: One row per track asked about: what LRCLIB answered and until when that answer holds.
#: ``status``: pending (a job is queued), found, not_found, error (service down; retried).
cache = sa.Table(
    "lrclib_cache",
    metadata,
    sa.Column("track_id", sa.Integer, primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("lrclib_id", sa.Integer, nullable=True),
    sa.Column("checked_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
)

#: A single-row limiter shared by every worker: the next moment a request may start.
bucket = sa.Table(
    "lrclib_bucket",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("next_at", sa.DateTime, nullable=False),
)
