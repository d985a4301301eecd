"""Legal documents (Terms, Privacy, Licences) as published versions, and who accepted which.

A version is never edited after publishing: a change is a new row with the next number,
so a listener's acceptance always names the exact text they agreed to.
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class LegalDocument(SQLModel, table=True):
    """One published version of one document (``kind``: terms, privacy or licences)."""

    __table_args__ = (UniqueConstraint("kind", "version", name="uq_legaldocument_kind_version"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20, index=True)
    version: int
    title: str = Field(max_length=200)
    #: Markdown written by an admin; rendered without raw HTML (``services/accounts/legal.py``).
    body: str = Field(sa_column=Column(Text, nullable=False))
    summary: str = Field(default="", max_length=500, description="what changed, shown in the history")
    #: Signed-in listeners must accept this version before they write anything again.
    requires_acceptance: bool = False
    published_at: datetime = Field(default_factory=utcnow)
    author_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    )


class LegalAcceptance(SQLModel, table=True):
    """A listener accepted version ``version`` of ``kind`` at ``accepted_at``."""

    __table_args__ = (
        UniqueConstraint("user_id", "kind", "version", name="uq_legalacceptance_user_kind_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False))
    kind: str = Field(max_length=20)
    version: int
    accepted_at: datetime = Field(default_factory=utcnow)
