"""An artist's own profile: creating it (becoming an artist), editing it, and its public extras.

Who may edit: the profile's own artist, or an administrator (by id); anyone else is told
the profile does not exist. What a field may hold is decided in ``profile_rules``; the
picture goes through ``profile_image``. Edits are all or nothing: every field is checked
before the row is touched.

Slugs are the page address (``/artist/<slug>``) and get shared, so a slug change keeps
the old one as an ``ArtistSlugAlias`` that redirects to the new address. A slug is
somebody's current slug or somebody's previous one, never free for another artist while
an old link could still point at it. An artist may take back one of their own previous
slugs; the oldest aliases are released past ``MAX_PREVIOUS_SLUGS`` so one artist cannot
hoard addresses by renaming again and again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import ArtistLink, ArtistProfile, ArtistSlugAlias, Role, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import is_admin, require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, Invalid, NotFound
from spoticlone.services.studio import profile_rules as rules
from spoticlone.services.studio.ownership import may_manage, own_artist

log = logging.getLogger(__name__)

MAX_PREVIOUS_SLUGS = 10
SLUG_TAKEN = "That page address is taken. Please choose another one."
ALREADY_ARTIST = "You already have an artist profile."
ARTIST_NOT_FOUND = "That artist does not exist."
RACED = "That did not work because something changed meanwhile. Please try again."


class ArtistLinkOut(DTO):
    """One outbound link of an artist page: the text to show and where it goes."""

    label: str
    url: str


class ArtistProfileOut(DTO):
    """An artist profile as its artist (or an administrator) edits it."""

    id: int
    stage_name: str
    slug: str
    bio: str
    image_url: str | None
    image_thumb_url: str | None
    verified: bool
    links: list[ArtistLinkOut]
    previous_slugs: list[str]
    url: str


class SlugCheck(DTO):
    """Whether a page address can be used, with the sentence to show next to the field."""

    slug: str
    available: bool
    message: str


class ArtistPageExtras(DTO):
    """What the public artist page adds to the catalog view: links and the viewer's controls."""

    links: list[ArtistLinkOut]
    can_verify: bool
    #: The viewer is this artist (``/studio/profile`` edits their own page).
    can_edit: bool


@dataclass(frozen=True)
class _Unset:
    """Marks a field the caller did not send."""


UNSET = _Unset()


def artist_for_edit(session: Session, *, actor: User | None, artist_id: int | None = None) -> ArtistProfile:
    """The actor's own profile (``artist_id=None``), or the one with ``artist_id`` if they manage it.

    ``PermissionDenied`` when the actor has no profile of their own; ``NotFound`` for
    someone else's profile (only administrators may edit other artists).
    """
    if artist_id is None:
        return own_artist(session, actor=actor)
    require_user(actor)
    artist = session.get(ArtistProfile, artist_id)
    if artist is None or not may_manage(session, actor=actor, artist_id=artist_id):
        raise NotFound(ARTIST_NOT_FOUND)
    return artist


def links_of(session: Session, artist_id: int) -> list[ArtistLinkOut]:
    """The artist's links in the order they chose."""
    rows = session.exec(
        select(ArtistLink).where(ArtistLink.artist_id == artist_id).order_by(col(ArtistLink.position))
    ).all()
    return [ArtistLinkOut(label=row.label, url=row.url) for row in rows]


def _previous_slugs(session: Session, artist_id: int) -> list[str]:
    return list(session.exec(
        select(ArtistSlugAlias.slug).where(ArtistSlugAlias.artist_id == artist_id)
        .order_by(col(ArtistSlugAlias.created_at).desc(), col(ArtistSlugAlias.id).desc())
    ).all())


def profile_out(session: Session, artist: ArtistProfile) -> ArtistProfileOut:
    """The editable view of ``artist`` (links and previous slugs included)."""
    artist_id = saved_id(artist)
    return ArtistProfileOut(
        id=artist_id,
        stage_name=artist.stage_name,
        slug=artist.slug,
        bio=artist.bio,
        image_url=routes.media_url(artist.image_key),
        image_thumb_url=routes.media_url(artist.image_thumb_key or artist.image_key),
        verified=artist.verified,
        links=links_of(session, artist_id),
        previous_slugs=_previous_slugs(session, artist_id),
        url=routes.artist_url(artist.slug),
    )


def slug_holder(session: Session, slug: str) -> int | None:
    """The artist whose current or previous address is ``slug`` (``None`` when free)."""
    current = session.exec(select(ArtistProfile.id).where(ArtistProfile.slug == slug)).first()
    if current is not None:
        return current
    return session.exec(select(ArtistSlugAlias.artist_id).where(ArtistSlugAlias.slug == slug)).first()


def free_slug(session: Session, stage_name: str, *, mine: int | None = None) -> str:
    """A free slug made from ``stage_name``: ``nova-drive``, else ``nova-drive-2``, ``-3``..."""
    base = rules.suggest_slug_base(stage_name)
    pattern = base[: rules.SLUG_MAX - 4]
    taken = set(session.exec(
        select(ArtistProfile.slug)
        .where(or_(col(ArtistProfile.slug) == base, col(ArtistProfile.slug).startswith(pattern + "-")))
    ).all()) | set(session.exec(
        select(ArtistSlugAlias.slug).where(
            or_(col(ArtistSlugAlias.slug) == base, col(ArtistSlugAlias.slug).startswith(pattern + "-")),
            col(ArtistSlugAlias.artist_id) != (mine or 0),
        )
    ).all())
    if mine is not None:
        own = session.get(ArtistProfile, mine)
        taken.discard(own.slug if own is not None else "")
    if base not in taken:
        return base
    n = 2
    while f"{pattern}-{n}" in taken:
        n += 1
    return f"{pattern}-{n}"


def _mine(session: Session, actor: User, artist_id: int | None) -> int | None:
    if artist_id is not None:
        return saved_id(artist_for_edit(session, actor=actor, artist_id=artist_id))
    return session.exec(select(ArtistProfile.id).where(ArtistProfile.user_id == actor.id)).first()


def check_slug(session: Session, *, actor: User | None, slug: str, artist_id: int | None = None) -> SlugCheck:
    """Whether ``slug`` could be the address of the actor's (or ``artist_id``'s) page.

    Never raises for a bad slug: the answer says why, for a live check while typing.
    """
    user = require_user(actor)
    mine = _mine(session, user, artist_id)
    try:
        clean = rules.clean_slug(slug)
    except Invalid as exc:
        return SlugCheck(slug=str(slug or "")[: rules.SLUG_MAX], available=False, message=exc.message)
    holder = slug_holder(session, clean)
    if holder is not None and holder != mine:
        return SlugCheck(slug=clean, available=False, message=SLUG_TAKEN)
    return SlugCheck(slug=clean, available=True, message=f"{routes.artist_url(clean)} is available.")


def suggest_slug(session: Session, *, actor: User | None, stage_name: str, artist_id: int | None = None) -> SlugCheck:
    """A free address made from ``stage_name``, to prefill the slug field."""
    user = require_user(actor)
    mine = _mine(session, user, artist_id)
    name = stage_name if isinstance(stage_name, str) else ""
    slug = free_slug(session, name[: rules.STAGE_NAME_MAX], mine=mine)
    return SlugCheck(slug=slug, available=True, message=f"{routes.artist_url(slug)} is available.")


def _claim_slug(session: Session, artist: ArtistProfile | None, slug: str) -> None:
    """Refuse ``slug`` unless it is free or one of ``artist``'s own; frees their alias of it."""
    holder = slug_holder(session, slug)
    if holder is not None and (artist is None or holder != artist.id):
        raise Conflict(SLUG_TAKEN)


def _move_slug(session: Session, artist: ArtistProfile, slug: str) -> None:
    """Point ``artist`` at ``slug``, keeping the old slug as a redirect."""
    artist_id = saved_id(artist)
    session.execute(delete(ArtistSlugAlias).where(col(ArtistSlugAlias.slug) == slug))
    session.add(ArtistSlugAlias(slug=artist.slug, artist_id=artist_id))
    artist.slug = slug
    session.flush()
    stale = session.exec(
        select(ArtistSlugAlias.id).where(ArtistSlugAlias.artist_id == artist_id)
        .order_by(col(ArtistSlugAlias.created_at).desc(), col(ArtistSlugAlias.id).desc())
        .offset(MAX_PREVIOUS_SLUGS)
    ).all()
    if stale:
        session.execute(delete(ArtistSlugAlias).where(col(ArtistSlugAlias.id).in_(stale)))


def _replace_links(session: Session, artist_id: int, links: list[tuple[str, str]]) -> None:
    session.execute(delete(ArtistLink).where(col(ArtistLink.artist_id) == artist_id))
    for position, (label, url) in enumerate(links):
        session.add(ArtistLink(artist_id=artist_id, position=position, label=label, url=url))


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError:
        # A double click (one profile per account) or an address claimed a moment ago.
        session.rollback()
        raise Conflict(RACED) from None


def create_artist_profile(
    session: Session,
    *,
    actor: User | None,
    stage_name: str,
    slug: str | None = None,
    bio: str | None = "",
    links: object = None,
) -> ArtistProfileOut:
    """Give the actor an artist profile and the artist role (administrators keep theirs).

    ``slug`` empty or left out: one is made from the stage name. Raises ``Invalid`` for a
    bad field, ``Conflict`` if the actor already has a profile or the slug is taken.
    """
    user = require_user(actor)
    name = rules.clean_stage_name(stage_name)
    wanted = rules.clean_slug(slug) if isinstance(slug, str) and slug.strip() else None
    clean_bio = rules.clean_bio(bio)
    clean_links = rules.clean_links(links)
    if session.exec(select(ArtistProfile.id).where(ArtistProfile.user_id == user.id)).first() is not None:
        raise Conflict(ALREADY_ARTIST)
    if wanted is not None:
        _claim_slug(session, None, wanted)
    artist = ArtistProfile(stage_name=name, slug=wanted or free_slug(session, name), bio=clean_bio,
                           user_id=user.id)
    session.add(artist)
    session.flush()
    _replace_links(session, saved_id(artist), clean_links)
    if user.role == Role.LISTENER:
        user.role = Role.ARTIST
        session.add(user)
    _commit(session)
    session.refresh(user)
    log.info("user %s became artist %s", user.id, artist.id)
    return profile_out(session, artist)


def my_artist_profile(session: Session, *, actor: User | None, artist_id: int | None = None) -> ArtistProfileOut:
    """The actor's profile (or ``artist_id``'s, for its artist or an administrator)."""
    return profile_out(session, artist_for_edit(session, actor=actor, artist_id=artist_id))


def _wanted_slug(artist: ArtistProfile, slug: object) -> str:
    """The slug asked for; the current one is kept as is even if today's rules would refuse it
    (imported catalogs have longer slugs), so saving other fields never breaks on it.
    """
    if isinstance(slug, str) and slug.strip().lower() == artist.slug:
        return artist.slug
    return rules.clean_slug(slug)


def update_artist_profile(
    session: Session,
    *,
    actor: User | None,
    artist_id: int | None = None,
    stage_name: str | _Unset = UNSET,
    slug: str | _Unset = UNSET,
    bio: str | _Unset | None = UNSET,
    links: object = UNSET,
) -> ArtistProfileOut:
    """Change the given fields of a profile; fields left out stay. All or nothing.

    A new slug keeps the old one as a redirect (see the module docstring).
    """
    artist = artist_for_edit(session, actor=actor, artist_id=artist_id)
    name = None if isinstance(stage_name, _Unset) else rules.clean_stage_name(stage_name)
    wanted = None if isinstance(slug, _Unset) else _wanted_slug(artist, slug)
    clean_bio = None if isinstance(bio, _Unset) else rules.clean_bio(bio)
    clean_links = None if isinstance(links, _Unset) else rules.clean_links(links)
    if wanted is not None and wanted != artist.slug:
        _claim_slug(session, artist, wanted)
        _move_slug(session, artist, wanted)
    if name is not None:
        artist.stage_name = name
    if clean_bio is not None:
        artist.bio = clean_bio
    if clean_links is not None:
        _replace_links(session, saved_id(artist), clean_links)
    session.add(artist)
    _commit(session)
    session.refresh(artist)
    return profile_out(session, artist)


def _bounded_slug(slug: object) -> str | None:
    text = slug.strip().lower() if isinstance(slug, str) else ""
    return text if 0 < len(text) <= 220 else None


def current_slug(session: Session, *, slug: str) -> str | None:
    """The address an old artist slug moved to (``None`` if ``slug`` was never anyone's old one)."""
    clean = _bounded_slug(slug)
    if clean is None:
        return None
    return session.exec(
        select(ArtistProfile.slug).join(ArtistSlugAlias, col(ArtistSlugAlias.artist_id) == ArtistProfile.id)
        .where(ArtistSlugAlias.slug == clean)
    ).first()


def artist_page_extras(session: Session, *, actor: User | None, slug: str) -> ArtistPageExtras:
    """Links of the artist at ``slug`` and what the viewer may do there (verify; edit their own)."""
    clean = _bounded_slug(slug)
    artist = None if clean is None else session.exec(
        select(ArtistProfile).where(ArtistProfile.slug == clean)).first()
    if artist is None:
        raise NotFound(ARTIST_NOT_FOUND)
    artist_id = saved_id(artist)
    return ArtistPageExtras(
        links=links_of(session, artist_id),
        can_verify=is_admin(actor),
        can_edit=actor is not None and artist.user_id is not None and artist.user_id == actor.id,
    )
