"""Smart playlists: a listener's saved rules, evaluated against the catalog whenever opened.

No track rows are stored: the rules are the playlist, so it is always up to date and a track
that is taken down simply stops matching (``services.library.smart_playlists``).
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from spoticlone.models.common import IDS_NEVER_REUSED, utcnow


class SmartPlaylist(SQLModel, table=True):
    """Rules (JSON, see ``services.library.smart_rules``), how to sort, how many, who sees it."""

    __tablename__ = "smartplaylist"
    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    #: ``{"match": "all"|"any", "rules": [...]}``; validated by the service on every write.
    rules: str = Field(sa_column=Column(Text, nullable=False))
    sort_field: str = Field(default="title", max_length=20)
    sort_order: str = Field(default="asc", max_length=4)
    limit: int = Field(default=100)
    #: Public ones are readable by anyone; they still use the owner's plays, likes and ratings.
    public: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
