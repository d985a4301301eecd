"""Drafts and releases in the studio: listing them, building a release, reading one.

A release is an ``Album`` of the artist's; its state is the state of its tracks (draft,
scheduled, published or unpublished; see ``release_status``). What each field must be is
in ``release_validation.py``; deleting files no row uses any more, once drafts are grouped
into a release, in ``media_cleanup.py``. Editing, publishing, scheduling, unpublishing and
deleting are in ``services/studio/publishing.py``.

Who may do what: the owning artist reads and edits their drafts and releases in any
state; an administrator may read anyone's (and unpublish, in ``publishing``) but edits
nothing, since only an artist edits their own releases. Everyone else is told the thing
does not exist (``ownership.album_for_edit`` and ``track_for_edit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum

from pydantic import Field
from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.integrations.media_store import MediaStore, default_store
from spoticlone.models import Album, AlbumKind, ArtistProfile, Genre, Track, TrackStatus, User
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.dto import format_duration
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import DTO, Page, check_page
from spoticlone.services.core.errors import Conflict, NotFound
from spoticlone.services.core.slugs import slugify
from spoticlone.services.studio import featured, ownership
from spoticlone.services.studio.featured import FeaturedArtist
from spoticlone.services.studio.licences import licence_url
from spoticlone.services.studio.media_cleanup import drop_emptied_albums, forget_unused_media
from spoticlone.services.studio.release_validation import (
    check_genre,
    check_kind,
    check_release_date,
    check_track_ids,
    clean_title,
)

ARTIST_NOT_FOUND = "That artist does not exist."


class Unchanged(Enum):
    """The default of an optional edit: leave the field as it is (``None`` clears it)."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


class StudioTrack(DTO):
    """A track as its artist sees it in the studio, whatever its state."""

    id: int
    title: str
    status: str
    artist_id: int
    album_id: int | None
    album_title: str | None
    disc_number: int
    track_number: int | None
    duration_ms: int
    duration: str
    explicit: bool
    isrc: str | None
    licence: str
    licence_url: str | None
    has_synced_lyrics: bool
    created_at: datetime
    #: The picture embedded in the song's file, which the release may use as its cover.
    cover_url: str | None = None
    featured: list[FeaturedArtist] = Field(default_factory=list)


class StudioTrackDetail(StudioTrack):
    """One track with its plain lyrics (the studio's track editor)."""

    lyrics: str


class ReleaseSummary(DTO):
    """A release in the artist's list: what it is, where it stands, when it comes out."""

    id: int
    title: str
    kind: str
    status: str
    artist_id: int
    artist_name: str
    genre_id: int | None
    genre_name: str | None
    release_date: date | None
    release_at: datetime | None
    rights_affirmed_at: datetime | None
    cover_url: str | None
    track_count: int


class ReleaseDetail(ReleaseSummary):
    """A release with its tracks in order."""

    tracks: list[StudioTrack]


class GenreChoice(DTO):
    """A genre a release may be filed under."""

    id: int
    name: str


def release_status(statuses: Sequence[TrackStatus]) -> TrackStatus:
    """The state of a release from its tracks' states.

    Any published track makes the release published (listeners see it), then scheduled,
    then unpublished; a release with only drafts, or no tracks, is a draft.
    """
    for state in (TrackStatus.PUBLISHED, TrackStatus.SCHEDULED, TrackStatus.WITHDRAWN):
        if state in statuses:
            return state
    return TrackStatus.DRAFT


def artist_for_listing(session: Session, *, actor: User | None, artist_id: int | None) -> ArtistProfile:
    """The actor's own artist profile, or artist ``artist_id`` if the actor may manage it."""
    require_user(actor)
    if artist_id is None:
        return ownership.own_artist(session, actor=actor)
    artist = session.get(ArtistProfile, artist_id)
    if artist is None or not ownership.may_manage(session, actor=actor, artist_id=artist_id):
        raise NotFound(ARTIST_NOT_FOUND)
    return artist


def _studio_track(track: Track, album_titles: dict[int, str]) -> dict:
    return dict(
        id=saved_id(track),
        title=track.title,
        status=track.status.value,
        artist_id=track.artist_id,
        album_id=track.album_id,
        album_title=album_titles.get(track.album_id) if track.album_id is not None else None,
        disc_number=track.disc_number,
        track_number=track.track_number,
        duration_ms=track.duration_ms,
        duration=format_duration(track.duration_ms),
        explicit=track.explicit,
        isrc=track.isrc,
        licence=track.licence,
        licence_url=licence_url(track.licence),
        has_synced_lyrics=bool(track.synced_lyrics),
        created_at=track.created_at,
        cover_url=routes.media_url(track.cover_key),
    )


def _album_titles(session: Session, tracks: Sequence[Track]) -> dict[int, str]:
    ids = {t.album_id for t in tracks if t.album_id is not None}
    if not ids:
        return {}
    rows = session.exec(select(Album.id, Album.title).where(col(Album.id).in_(ids)))
    return {album_id: title for album_id, title in rows if album_id is not None}


def album_tracks(session: Session, album_id: int) -> list[Track]:
    """The tracks of a release in their order (disc, then number, then id)."""
    return list(session.exec(
        select(Track).where(Track.album_id == album_id)
        .order_by(col(Track.disc_number), col(Track.track_number), col(Track.id))
    ))


def _summaries(session: Session, albums: Sequence[Album]) -> list[ReleaseSummary]:
    ids = [saved_id(a) for a in albums]
    statuses: dict[int, list[TrackStatus]] = {i: [] for i in ids}
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    if ids:
        rows = session.exec(
            select(Track.album_id, Track.status, func.count())
            .where(col(Track.album_id).in_(ids)).group_by(col(Track.album_id), col(Track.status))
        )
        for album_id, status, count in rows:
            if album_id is not None:
                statuses[album_id].append(TrackStatus(status))
                counts[album_id] += count
    artists = {a.id: a for a in session.exec(
        select(ArtistProfile).where(col(ArtistProfile.id).in_({a.artist_id for a in albums})))}
    genre_ids = {a.genre_id for a in albums if a.genre_id is not None}
    genres = {g.id: g.name for g in session.exec(select(Genre).where(col(Genre.id).in_(genre_ids)))}
    return [
        ReleaseSummary(
            id=saved_id(album), title=album.title, kind=album.kind.value,
            status=release_status(statuses[saved_id(album)]).value,
            artist_id=album.artist_id, artist_name=artists[album.artist_id].stage_name,
            genre_id=album.genre_id,
            genre_name=genres.get(album.genre_id) if album.genre_id is not None else None,
            release_date=album.release_date, release_at=album.release_at,
            rights_affirmed_at=album.rights_affirmed_at, cover_url=routes.media_url(album.cover_key),
            track_count=counts[saved_id(album)],
        )
        for album in albums
    ]


def release_detail(session: Session, album: Album) -> ReleaseDetail:
    """The detail DTO of a release the caller has already been allowed to read."""
    tracks = album_tracks(session, saved_id(album))
    titles = {saved_id(album): album.title}
    summary = _summaries(session, [album])[0]
    guests = featured.featured_of(session, (saved_id(t) for t in tracks))
    return ReleaseDetail(**summary.model_dump(), tracks=[
        StudioTrack(**_studio_track(t, titles), featured=guests[saved_id(t)]) for t in tracks])


def list_drafts(
    session: Session, *, actor: User | None, artist_id: int | None = None, page: int = 1, page_size: int = 50
) -> Page[StudioTrack]:
    """The artist's draft tracks, newest first (an admin may name any ``artist_id``).

    Raises:
        PermissionDenied: not signed in, or no artist profile (when no ``artist_id``).
        NotFound: ``artist_id`` is not an artist the actor may manage.
    """
    offset = check_page(page, page_size)
    artist = artist_for_listing(session, actor=actor, artist_id=artist_id)
    mine = (col(Track.artist_id) == artist.id, col(Track.status) == TrackStatus.DRAFT)
    total = session.exec(select(func.count()).select_from(Track).where(*mine)).one()
    tracks = list(session.exec(
        select(Track).where(*mine).order_by(col(Track.created_at).desc(), col(Track.id).desc())
        .offset(offset).limit(page_size)
    ))
    titles = _album_titles(session, tracks)
    return Page(items=[StudioTrack(**_studio_track(t, titles)) for t in tracks],
                total=total, page=page, page_size=page_size)


def list_releases(
    session: Session, *, actor: User | None, artist_id: int | None = None, page: int = 1, page_size: int = 50
) -> Page[ReleaseSummary]:
    """The artist's releases in every state, newest first (an admin may name any ``artist_id``).

    Raises:
        PermissionDenied: not signed in, or no artist profile (when no ``artist_id``).
        NotFound: ``artist_id`` is not an artist the actor may manage.
    """
    offset = check_page(page, page_size)
    artist = artist_for_listing(session, actor=actor, artist_id=artist_id)
    total = session.exec(select(func.count()).select_from(Album).where(Album.artist_id == artist.id)).one()
    albums = list(session.exec(
        select(Album).where(Album.artist_id == artist.id)
        .order_by(col(Album.created_at).desc(), col(Album.id).desc()).offset(offset).limit(page_size)
    ))
    return Page(items=_summaries(session, albums), total=total, page=page, page_size=page_size)


def get_release(session: Session, *, actor: User | None, album_id: int) -> ReleaseDetail:
    """A release with its tracks, for its artist or an admin, whatever its state.

    Raises:
        NotFound: no such release, or one the actor may not manage.
    """
    return release_detail(session, ownership.album_for_edit(session, actor=actor, album_id=album_id))


def get_track(session: Session, *, actor: User | None, track_id: int) -> StudioTrackDetail:
    """A track with its lyrics, for its artist or an admin, whatever its state.

    Raises:
        NotFound: no such track, or one the actor may not manage.
    """
    track = ownership.track_for_edit(session, actor=actor, track_id=track_id)
    return StudioTrackDetail(**_studio_track(track, _album_titles(session, [track])), lyrics=track.lyrics,
                             featured=featured.featured_of(session, [track_id])[track_id])


def genre_choices(session: Session) -> list[GenreChoice]:
    """Every genre a release may be filed under, by name."""
    return [GenreChoice(id=saved_id(g), name=g.name) for g in session.exec(select(Genre).order_by(col(Genre.name)))]


def _unique_album_slug(session: Session, title: str, artist_id: int) -> str:
    base = slugify(title, max_length=300, fallback="release")
    taken = set(session.exec(
        select(Album.slug).where(Album.artist_id == artist_id, col(Album.slug).startswith(base))
    ))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_release(
    session: Session,
    *,
    actor: User | None,
    title: str,
    track_ids: Sequence[int],
    kind: AlbumKind | str = AlbumKind.ALBUM,
    genre_id: int | None = None,
    release_date: date | None = None,
    store: MediaStore | None = None,
) -> ReleaseDetail:
    """Group some of the actor's draft tracks into a new draft release, in the order given.

    The release takes the first cover found among the tracks and their previous albums;
    an album left with no tracks (one that ingestion made from the files' tags) goes, and
    after the commit so does its cover file unless a song, release or artist still uses it.

    Raises:
        PermissionDenied: not signed in, or no artist profile.
        Invalid: bad title, kind, genre, date or track list; nothing changed.
        NotFound: a track does not exist or is not the actor's.
        Conflict: a track is not a draft.
    """
    artist = ownership.own_artist(session, actor=actor)
    clean = clean_title(title)
    album_kind = check_kind(kind)
    genre = check_genre(session, genre_id)
    when = check_release_date(release_date)
    ids = check_track_ids(track_ids)
    found = {saved_id(t): t for t in session.exec(
        select(Track).where(col(Track.id).in_(ids), Track.artist_id == artist.id))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"These songs do not exist or are not yours: {', '.join(map(str, missing))}.")
    not_drafts = [found[i].title for i in ids if found[i].status != TrackStatus.DRAFT]
    if not_drafts:
        raise Conflict(f"Only drafts can go into a new release; not a draft: {', '.join(not_drafts)}.")
    tracks = [found[i] for i in ids]
    old_album_ids = {t.album_id for t in tracks if t.album_id is not None}
    old_albums = {a.id: a for a in session.exec(select(Album).where(col(Album.id).in_(old_album_ids)))}
    candidates = [key for t in tracks for key in (
        t.cover_key, old_albums[t.album_id].cover_key if t.album_id in old_albums else None)]
    cover = next((key for key in candidates if key), None)
    album = Album(title=clean, slug=_unique_album_slug(session, clean, saved_id(artist)),
                  artist_id=saved_id(artist), genre_id=genre, release_date=when, kind=album_kind,
                  cover_key=cover)
    session.add(album)
    session.flush()
    for number, track in enumerate(tracks, start=1):
        track.album_id, track.disc_number, track.track_number = saved_id(album), 1, number
        if genre is not None:
            track.genre_id = genre
        track.release_date = when
        session.add(track)
    session.flush()
    dropped_covers = drop_emptied_albums(session, old_albums.values(), artist_id=saved_id(artist))
    session.commit()
    if dropped_covers:
        forget_unused_media(session, store or default_store(), dropped_covers)
    return release_detail(session, album)
