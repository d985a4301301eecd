"""What a listener searched for lately, so the empty Search page can offer it again.

One row per listener per distinct query (``query_key`` is the case-folded text, so
"Hollow Pines" and "hollow pines" are one entry); ``services.search.recent`` keeps
only the newest few. Rows go with the account (``ON DELETE CASCADE``).
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class RecentSearch(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("user_id", "query_key", name="uq_recentsearch_user_key"),
        Index("ix_recentsearch_user_newest", "user_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    )
    #: As the listener typed it (whitespace tidied), shown back to them.
    query: str = Field(max_length=100)
    #: ``query.casefold()``: the dedupe key (case folding can lengthen text, e.g. ß -> ss).
    query_key: str = Field(max_length=300)
    searched_at: datetime = Field(default_factory=utcnow)
