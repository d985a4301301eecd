"""Profiles: what the owner sees and edits, what everyone else may see, becoming an artist.

Two views of one ``User`` row, on purpose as two DTOs: ``MeDTO`` (email, phone, date
of birth...) is only ever built for the account's owner, and ``PublicProfileDTO`` has
no field that could leak them, so a route or a page cannot show a private field by
accident. Pictures (avatar, cover) live in ``accounts.pictures``.

Edits are all-or-nothing: every field is validated first and the row is written only
when all of them pass, so a bad phone number does not leave a half-changed profile.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

import phonenumbers
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from spoticlone import routes
from spoticlone.config import get_settings
from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import ArtistProfile, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts import pictures, signup
from spoticlone.services.catalog.dto import ArtistRef
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, Invalid, NotFound
from spoticlone.services.library.dto import display_name
from spoticlone.services.moderation import holds
from spoticlone.services.studio import profile as artist_profile

log = logging.getLogger(__name__)

NAME_MAX = 100
USER_NOT_FOUND = "That profile does not exist."


class MeDTO(DTO):
    """Everything the account's owner may see about their own account."""

    id: int
    username: str
    email: str
    email_verified: bool
    first_name: str
    last_name: str
    display_name: str
    phone: str | None
    date_of_birth: date | None
    role: str
    avatar_url: str | None
    avatar_thumb_url: str | None
    cover_url: str | None
    cover_thumb_url: str | None
    artist: ArtistRef | None
    totp_enabled: bool
    has_password: bool
    profile_url: str
    created_at: datetime


class PublicProfileDTO(DTO):
    """What anyone (signed in or not) may see: no email, phone or date of birth."""

    username: str
    display_name: str
    avatar_url: str | None
    avatar_thumb_url: str | None
    cover_url: str | None
    member_since: date
    artist: ArtistRef | None
    url: str


@dataclass(frozen=True)
class _Unset:
    """Marks a field the caller did not send (``None`` means "clear it" for the phone)."""


UNSET = _Unset()


def _artist_of(session: Session, user_id: int) -> ArtistProfile | None:
    return session.exec(select(ArtistProfile).where(ArtistProfile.user_id == user_id)).first()


def _artist_ref(artist: ArtistProfile | None) -> ArtistRef | None:
    if artist is None:
        return None
    return ArtistRef(id=artist.id, name=artist.stage_name, slug=artist.slug,
                     url=routes.artist_url(artist.slug))


def _me(session: Session, user: User) -> MeDTO:
    return MeDTO(
        id=user.id,
        username=user.username,
        email=user.email,
        email_verified=user.email_verified,
        first_name=user.first_name,
        last_name=user.last_name,
        display_name=display_name(user),
        phone=user.phone,
        date_of_birth=user.date_of_birth,
        role=user.role.value,
        avatar_url=routes.media_url(user.avatar_key),
        avatar_thumb_url=routes.media_url(user.avatar_thumb_key or user.avatar_key),
        cover_url=routes.media_url(user.cover_key),
        cover_thumb_url=routes.media_url(user.cover_thumb_key or user.cover_key),
        artist=_artist_ref(_artist_of(session, saved_id(user))),
        totp_enabled=user.totp_enabled,
        has_password=bool(user.password_hash),
        profile_url=routes.user_url(user.username),
        created_at=user.created_at,
    )


def my_profile(session: Session, *, actor: User | None) -> MeDTO:
    """The signed-in account as its owner sees it (``PermissionDenied`` when anonymous)."""
    return _me(session, require_user(actor))


# Editing.


def normalize_phone(raw: str | None, *, region: str | None = None) -> str | None:
    """``raw`` in E.164 (``+16502530000``), ``None`` for an empty value, else ``Invalid``.

    Numbers without a ``+country`` prefix are read as numbers of ``region`` (the
    ``SPOTICLONE_DEFAULT_PHONE_REGION`` setting by default).
    """
    text = (raw or "").strip()
    if not text:
        return None
    region = (region or get_settings().default_phone_region).upper()
    problem = Invalid(
        "That phone number doesn't look right. Include the country code, "
        "for example +44 20 7946 0958, or leave it empty."
    )
    if len(text) > 40:
        raise problem
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise problem from None
    if not phonenumbers.is_valid_number(number):
        raise problem
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _clean_name(raw: str, label: str) -> str:
    if not isinstance(raw, str):
        raise Invalid(f"Enter your {label} as text.")
    name = " ".join(raw.split())  # trims and folds runs of spaces, tabs and newlines
    if len(name) > NAME_MAX:
        raise Invalid(f"Your {label} can be at most {NAME_MAX} characters.")
    if any(not ch.isprintable() for ch in name):
        raise Invalid(f"Your {label} contains characters we can't show.")
    return name


def clean_name(raw: str, label: str) -> str:
    """A first or last name as the settings page stores it, or ``Invalid`` (the admin data browser's rule too)."""
    return _clean_name(raw, label)


def update_profile(
    session: Session,
    *,
    actor: User | None,
    username: str | _Unset = UNSET,
    first_name: str | _Unset = UNSET,
    last_name: str | _Unset = UNSET,
    phone: str | _Unset | None = UNSET,
    date_of_birth: date | _Unset | None = UNSET,
    phone_region: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> MeDTO:
    """Change the given fields of the actor's own profile; fields left out stay as they are.

    All fields are checked before anything is written: one bad value raises
    ``Invalid`` (or ``Conflict`` for a taken username) and changes nothing.
    An empty phone clears it; the date of birth cannot be cleared (age gate).
    """
    user = require_user(actor)
    changes: dict[str, object] = {}
    if not isinstance(username, _Unset):
        name = signup.normalize_username(username)
        if name != user.username:
            taken = session.exec(
                select(User.id).where(User.username == name, User.id != user.id)
            ).first()
            if taken is not None:
                raise Conflict(signup.USERNAME_TAKEN)
            changes["username"] = name
    if not isinstance(first_name, _Unset):
        changes["first_name"] = _clean_name(first_name, "first name")
    if not isinstance(last_name, _Unset):
        changes["last_name"] = _clean_name(last_name, "last name")
    if not isinstance(phone, _Unset):
        changes["phone"] = normalize_phone(phone, region=phone_region)
    if not isinstance(date_of_birth, _Unset):
        changes["date_of_birth"] = signup.check_date_of_birth(date_of_birth, clock.now().date())
    for field, value in changes.items():
        setattr(user, field, value)
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        # Two people claimed the same username at once: the unique index decides.
        session.rollback()
        raise Conflict(signup.USERNAME_TAKEN) from None
    session.refresh(user)
    return _me(session, user)


def set_picture(
    session: Session, *, actor: User | None, kind: str, data: bytes, store: MediaStore,
    client_ip: str | None = None,
) -> MeDTO:
    """Replace the actor's avatar or cover (``kind``) with the picture in ``data``.

    See ``accounts.pictures``: size-capped and throttled per account and per
    ``client_ip``, checked by content, re-encoded without metadata, stored with a
    thumbnail under new keys; the old files go once the new ones are saved.
    """
    return _me(session, pictures.replace_picture(
        session, actor=actor, kind=kind, data=data, store=store, client_ip=client_ip))


def remove_picture(session: Session, *, actor: User | None, kind: str, store: MediaStore) -> MeDTO:
    """Take the actor's avatar or cover down and delete its files."""
    return _me(session, pictures.clear_picture(session, actor=actor, kind=kind, store=store))


# Public profile.


def public_profile(session: Session, username: str) -> PublicProfileDTO:
    """The public page of ``username``; ``NotFound`` for unknown, suspended and hidden (after a report) ones."""
    name = (username or "").strip().lower()
    if not name or len(name) > 40:
        raise NotFound(USER_NOT_FOUND)
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None or user.suspended or holds.is_hidden(session, "profile", saved_id(user)):
        raise NotFound(USER_NOT_FOUND)
    return PublicProfileDTO(
        username=user.username,
        display_name=display_name(user),
        avatar_url=routes.media_url(user.avatar_key),
        avatar_thumb_url=routes.media_url(user.avatar_thumb_key or user.avatar_key),
        cover_url=routes.media_url(user.cover_key),
        member_since=user.created_at.date(),
        artist=_artist_ref(_artist_of(session, saved_id(user))),
        url=routes.user_url(user.username),
    )


# Becoming an artist.


def become_artist(
    session: Session,
    *,
    actor: User | None,
    stage_name: str,
    slug: str | None = None,
    bio: str | None = "",
    links: object = None,
) -> MeDTO:
    """Give the actor an artist profile and the artist role; the account as its owner sees it.

    The profile's rules (slug, bio, links, who keeps which role) live in
    ``services.studio.profile.create_artist_profile``; this is the account-side answer
    the settings page and ``POST /me/artist`` show.
    """
    user = require_user(actor)
    artist_profile.create_artist_profile(session, actor=user, stage_name=stage_name, slug=slug, bio=bio,
                                         links=links)
    session.refresh(user)
    return _me(session, user)
