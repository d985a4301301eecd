"""Reports of content (tracks, albums, playlists, profiles) and the holds that hide it.

A report is what someone told the administrators; a hold is what the administrators did
about it. Hiding a track changes ``Track.status`` to ``HIDDEN`` (every listener view already
shows published tracks only), and the hold remembers the statuses it replaced so a restore
puts back exactly what was there. Playlists and profiles have no status: their views ask
whether an active hold exists.
"""

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class ModerationReport(SQLModel, table=True):
    """One report by one person (signed in or not) about one piece of content.

    ``status`` is ``open`` until an administrator decides: ``hidden``, ``dismissed``, and
    ``restored`` once a hidden item came back after a counter-notice. ``contact_email`` is
    where the answer goes (the account's address for a signed-in reporter).
    """

    __table_args__ = (Index("ix_moderationreport_target", "target_type", "target_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    #: ``track``, ``album``, ``playlist`` or ``profile``.
    target_type: str = Field(max_length=10)
    target_id: int
    #: ``copyright``, ``abuse`` or ``other``.
    reason: str = Field(max_length=10)
    statement: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    contact_email: str = Field(default="", max_length=254)
    reporter_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL", index=True)
    status: str = Field(default="open", max_length=10, index=True)
    decided_at: datetime | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")


class ModerationHold(SQLModel, table=True):
    """The administrators' decision to hide one item; one row per item, kept after a restore.

    ``previous_json`` keeps what the hide replaced: ``{"tracks": {track id: TrackStatus name}}``
    (a track: itself; an album: its tracks) and, for a playlist, ``{"playlist": {"visibility":
    name}}``, so a restore gives everything back its own state. A counter-notice is the
    owner's answer, filed while the hold is active.
    """

    __table_args__ = (UniqueConstraint("target_type", "target_id", name="uq_moderationhold_target"),)

    id: int | None = Field(default=None, primary_key=True)
    target_type: str = Field(max_length=10)
    target_id: int
    active: bool = Field(default=True, index=True)
    previous_json: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    hidden_at: datetime = Field(default_factory=utcnow)
    hidden_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    #: The owner's account, found when the item was hidden: who may counter-notice.
    owner_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL", index=True)
    counter_notice: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    counter_notice_at: datetime | None = None
    restored_at: datetime | None = None
