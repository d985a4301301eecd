"""Account deletion requests: asked for, waiting out the grace period, then cancelled or done.

The row outlives the account on purpose: once the account is erased ``user_id`` becomes
NULL (``ON DELETE SET NULL``) and what stays is an anonymous record that an erasure
happened and when, which an operator may need to show; it holds no personal data.
"""

from datetime import datetime
from enum import Enum

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class DeletionStatus(str, Enum):
    PENDING = "pending"  # waiting for ``due_at``; signing in cancels it
    CANCELLED = "cancelled"  # by signing in, by the listener, or by an administrator
    ERASED = "erased"  # the account and its personal data are gone


class AccountDeletion(SQLModel, table=True):
    """One request to delete one account, and what became of it."""

    __table_args__ = (Index("ix_accountdeletion_status_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    #: The administrator who asked for it; NULL when the listener asked themselves.
    requested_by_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
    )
    #: A ``DeletionStatus`` value (text, so a new state needs no migration).
    status: str = Field(default=DeletionStatus.PENDING.value, max_length=10)
    #: An artist's choice: True keeps published releases (credited to the stage name).
    keep_releases: bool = True
    requested_at: datetime = Field(default_factory=utcnow)
    due_at: datetime
    cancelled_at: datetime | None = None
    #: "sign_in", "listener" or "admin".
    cancel_reason: str = Field(default="", max_length=10)
    #: A sign-in cancelled it and the listener has not yet been told (the banner).
    notice_pending: bool = False
    erased_at: datetime | None = None
