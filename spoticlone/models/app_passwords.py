"""App passwords: per-device keys that Subsonic apps sign in with instead of the account password.

The key is stored encrypted (not hashed) because Subsonic's token scheme sends
``md5(key + salt)``: the server must know the key to check it. ``services.auth.app_passwords``
explains the trade-off. ``lookup_hash`` (a keyed hash of the key) finds a key sent whole
(the ``apiKey`` extension, ``p=``) with one indexed query.
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class AppPassword(SQLModel, table=True):
    """One named key of one listener (a phone, a car, a desktop app)."""

    id: int | None = Field(default=None, primary_key=True)
    # Deleting an account deletes its keys.
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(max_length=60)
    key_encrypted: str = Field(max_length=255)
    lookup_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
