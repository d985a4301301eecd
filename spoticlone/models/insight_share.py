"""A listener's choice to share one year in review: the link's random part, kept until they take it back."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class InsightShare(SQLModel, table=True):
    """One shared year of one listener; deleting the row kills the link for good.

    The public token is ``nonce`` plus an HMAC of (nonce, user, year) under a key derived
    from the server secret (``services.insight.year_review``), so the URL names no user id
    and cannot be forged; sharing again after unsharing draws a new nonce, so an old link
    never comes back. ``time_zone`` is the one the listener saw their year in when sharing,
    so visitors see the same figures.
    """

    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    )
    year: int = Field(primary_key=True)
    nonce: str = Field(max_length=32, unique=True, index=True)
    time_zone: str = Field(default="UTC", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
