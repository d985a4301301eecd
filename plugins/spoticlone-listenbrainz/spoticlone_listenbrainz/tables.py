"""The plugin's tables (``migrations/versions/0001_scrobbles.py``) on its own MetaData."""

import sqlalchemy as sa

metadata = sa.MetaData()

#: A listener's ListenBrainz account: the token sealed (never stored in plain text).
accounts = sa.Table(
    "listenbrainz_account",
    metadata,
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("token_sealed", sa.Text, nullable=False),
    sa.Column("lb_user_name", sa.String(100), nullable=False),
    sa.Column("connected_at", sa.DateTime, nullable=False),
)

#: One row per counted play to submit: the unique ``play_event_id`` makes it exactly once.
#: ``status``: pending, sent, refused (the token stopped working: never retried).
listens = sa.Table(
    "listenbrainz_listen",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("play_event_id", sa.Integer, nullable=False, unique=True),
    sa.Column("user_id", sa.Integer, nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("sent_at", sa.DateTime, nullable=True),
)
