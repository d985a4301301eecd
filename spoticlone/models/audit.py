"""The audit log: every change an administrator makes, who made it, and what it was before."""

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class AuditEntry(SQLModel, table=True):
    """One administrative change, written in the same transaction as the change itself.

    ``actor_id`` goes to NULL if the admin's account is later erased; ``actor_name`` keeps
    who it was, so the log stays readable. ``before``/``after`` are JSON objects holding only
    the fields that changed (secrets never: the service drops them).
    """

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL", index=True)
    actor_name: str = Field(default="", max_length=80)
    #: A dotted verb, e.g. ``user.role``, ``track.takedown``, ``legal.publish``.
    action: str = Field(max_length=64, index=True)
    #: The table or kind of thing changed (``user``, ``track``, ``setting``...) and its key.
    target_type: str = Field(max_length=40, index=True)
    target_id: str = Field(default="", max_length=64)
    summary: str = Field(default="", max_length=300)
    before_json: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    after_json: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
