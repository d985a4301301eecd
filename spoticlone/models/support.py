"""The support desk: listeners' requests and their conversations, the Help page, canned answers.

A request belongs to the listener who filed it (``user_id``); erasing the account deletes it
with its messages and screenshot (see ``services/accounts/deletion_plan.py``). The context
columns are filled only when the listener ticked "attach context" on the form.
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, Text
from sqlmodel import Field, SQLModel

from spoticlone.models.common import IDS_NEVER_REUSED, utcnow


class SupportRequest(SQLModel, table=True):
    """One question or problem a listener sent; ``status`` is open, waiting or closed."""

    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False,
                                          index=True))
    category: str = Field(max_length=20)
    subject: str = Field(max_length=200)
    #: open (waiting for support), waiting (for the listener), closed.
    status: str = Field(default="open", max_length=12, index=True)
    assigned_to_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True,
                                       index=True)
    )
    created_at: datetime = Field(default_factory=utcnow)
    #: The newest message's time: the inbox and "my requests" sort by it.
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    #: What the listener agreed to attach (empty when they unticked the box).
    context_page: str = Field(default="", max_length=500)
    context_track: str = Field(default="", max_length=300)
    context_user_agent: str = Field(default="", max_length=500)
    has_screenshot: bool = False


class SupportMessage(SQLModel, table=True):
    """One message of a request's conversation, from the listener or from support (``from_staff``)."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(
        sa_column=Column(Integer, ForeignKey("supportrequest.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    author_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    )
    from_staff: bool = False
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class SupportScreenshot(SQLModel, table=True):
    """The re-encoded JPEG attached to a request, kept in the database so it is as private as the request."""

    request_id: int = Field(
        sa_column=Column(Integer, ForeignKey("supportrequest.id", ondelete="CASCADE"), primary_key=True)
    )
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class HelpArticle(SQLModel, table=True):
    """One answer on the Help page: a section heading groups them, ``position`` orders them."""

    id: int | None = Field(default=None, primary_key=True)
    section: str = Field(max_length=80)
    title: str = Field(max_length=200)
    #: Markdown written by an admin; rendered with raw HTML off.
    body: str = Field(sa_column=Column(Text, nullable=False))
    position: int = 0
    updated_at: datetime = Field(default_factory=utcnow)


class CannedAnswer(SQLModel, table=True):
    """A reply admins reuse; inserting one fills the reply box, it is never sent by itself."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=120)
    body: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
