"""Accounts and artist profiles."""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import IDS_NEVER_REUSED, Role, utcnow


class User(SQLModel, table=True):
    """A person with an account: listener by default, artist or admin by role."""

    # The admin dashboard counts sign-ups (and verified ones) per day of a period from this
    # index alone, without reading whole accounts (services.insight.dashboard_sections).
    __table_args__ = (Index("ix_user_created_verified", "created_at", "email_verified"), IDS_NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=320)
    username: str = Field(unique=True, index=True, max_length=40)
    password_hash: str | None = Field(default=None, max_length=255)
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=100)
    phone: str | None = Field(default=None, max_length=20, description="E.164")
    date_of_birth: date | None = None
    avatar_key: str | None = Field(default=None, max_length=255)
    cover_key: str | None = Field(default=None, max_length=255)
    avatar_thumb_key: str | None = Field(default=None, max_length=255)
    cover_thumb_key: str | None = Field(default=None, max_length=255)
    role: Role = Field(default=Role.LISTENER, index=True)
    email_verified: bool = False
    suspended: bool = False
    # Two-step sign-in (TOTP). The secret is stored encrypted (services.totp); a
    # pending secret is one shown as a QR code but not yet confirmed with a code.
    totp_secret: str | None = Field(default=None, max_length=255)
    totp_pending_secret: str | None = Field(default=None, max_length=255)
    totp_enabled: bool = False
    #: Last TOTP time step accepted, so one code cannot be replayed within its window.
    totp_last_step: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class ArtistProfile(SQLModel, table=True):
    """The public face of an artist; may exist without an account (imported catalog)."""

    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    stage_name: str = Field(index=True, max_length=200)
    slug: str = Field(unique=True, index=True, max_length=220)
    bio: str = Field(default="", max_length=5000)
    image_key: str | None = Field(default=None, max_length=255)
    image_thumb_key: str | None = Field(default=None, max_length=255)
    user_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("user.id", ondelete="SET NULL"), unique=True, nullable=True
        ),
    )
    verified: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class ArtistLink(SQLModel, table=True):
    """An outbound link on an artist page (website, shop, socials), in the artist's order."""

    id: int | None = Field(default=None, primary_key=True)
    artist_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("artistprofile.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    position: int = 0
    label: str = Field(max_length=60)
    url: str = Field(max_length=500)


class ArtistSlugAlias(SQLModel, table=True):
    """A slug an artist used before: its old ``/artist/<slug>`` links redirect to the new one.

    A slug is either some artist's current slug or a previous one, never both, so an old
    shared link cannot be taken over by someone else.
    """

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=220)
    artist_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("artistprofile.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    created_at: datetime = Field(default_factory=utcnow)
