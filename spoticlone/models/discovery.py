"""What the recommendation engine stores and what a listener tells it directly.

``Recommendation`` is the original design's row (user, track, algorithm, score, generated at)
plus the words shown beside it. ``NotInterested`` and ``TastePick`` are explicit signals: the
first hides a track or a whole artist from every recommendation, the second warms up a new
listener who has no history yet. Each of those two rows names exactly one target.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


def _fk(target: str, *, nullable: bool = False, index: bool = False, ondelete: str = "CASCADE") -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


class Recommendation(SQLModel, table=True):
    """One recommended track for one listener, from one algorithm (``blend``: the engine's final list)."""

    __table_args__ = (
        UniqueConstraint("user_id", "track_id", "algorithm", name="uq_recommendation"),
        Index("ix_recommendation_user_score", "user_id", "algorithm", "score"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_fk("user.id"))
    track_id: int = Field(sa_column=_fk("track.id"))
    algorithm: str = Field(max_length=50)
    score: float
    generated_at: datetime = Field(default_factory=utcnow)
    #: Shown beside the track: "Because you played …", "Fans of … also like", "Popular right now".
    reason: str = Field(default="", max_length=300)
    #: The listener's track the reason names, when there is one (kept a plain link: the row
    #: is rebuilt on the next refresh anyway, so a deleted seed only empties the field).
    seed_track_id: int | None = Field(
        default=None, sa_column=_fk("track.id", nullable=True, ondelete="SET NULL")
    )


class NotInterested(SQLModel, table=True):
    """A listener's "not interested" on one track or one artist: never recommended again."""

    __table_args__ = (
        UniqueConstraint("user_id", "track_id", name="uq_notinterested_track"),
        UniqueConstraint("user_id", "artist_id", name="uq_notinterested_artist"),
        CheckConstraint("(track_id IS NULL) != (artist_id IS NULL)", name="ck_notinterested_one_target"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_fk("user.id"))
    track_id: int | None = Field(default=None, sa_column=_fk("track.id", nullable=True, index=True))
    artist_id: int | None = Field(
        default=None, sa_column=_fk("artistprofile.id", nullable=True, index=True)
    )
    created_at: datetime = Field(default_factory=utcnow)


class TastePick(SQLModel, table=True):
    """A genre or an artist a listener picked after sign-up, so their first picks are not cold."""

    __table_args__ = (
        UniqueConstraint("user_id", "genre_id", name="uq_tastepick_genre"),
        UniqueConstraint("user_id", "artist_id", name="uq_tastepick_artist"),
        CheckConstraint("(genre_id IS NULL) != (artist_id IS NULL)", name="ck_tastepick_one_target"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_fk("user.id"))
    genre_id: int | None = Field(default=None, sa_column=_fk("genre.id", nullable=True, index=True))
    artist_id: int | None = Field(
        default=None, sa_column=_fk("artistprofile.id", nullable=True, index=True)
    )
    created_at: datetime = Field(default_factory=utcnow)
