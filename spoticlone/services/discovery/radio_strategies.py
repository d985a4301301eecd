"""Where a radio station starts: one strategy per seed kind, registered by name.

A strategy turns a seed reference (what the share URL names: a track id, an album id, an
artist slug or id, a genre slug or id, a playlist id, or ``me`` for "my radio") into a
``Seed``: the title the queue shows ("Radio: <title>"), the weighted tracks that make the
station's listener row for the engine, the track that plays first, and the genres and
artists the popularity fallback draws from. Only published tracks ever enter a seed.

``RADIO_STRATEGIES`` is a ``Registry``: the core registers the six kinds below, a plugin may
register its own (``RADIO_STRATEGIES.register("mood", my_strategy)``). Access rules live in
the strategy: a playlist seeds a station only if the listener may read it
(``playlists.access.readable``), so someone else's private playlist is a ``NotFound``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import (
    Album,
    ArtistProfile,
    Genre,
    PlaylistTrack,
    TastePick,
    Track,
    TrackStatus,
    User,
)
from spoticlone.models.common import saved_id
from spoticlone.services.core.errors import NotFound
from spoticlone.services.core.registry import Registry
from spoticlone.services.discovery import signals, store
from spoticlone.services.library.playlists import access

#: How many of an artist's or a genre's most played tracks make its seed row.
TOP_SEED_TRACKS = 10
#: The most tracks one seed row holds (a long playlist or a long history is cut to its best).
MAX_SEED_TRACKS = 200
MY_RADIO_REF = "me"


@dataclass(frozen=True)
class Seed:
    """What a station is grown from (track ids are database ids)."""

    kind: str
    ref: str
    title: str
    tracks: tuple[tuple[int, float], ...]
    first_track_id: int | None = None
    genre_ids: tuple[int, ...] = ()
    artist_ids: tuple[int, ...] = ()

    @property
    def url(self) -> str:
        """The shareable address that starts this station for whoever opens it."""
        return routes.radio_url(self.kind, self.ref)


#: ``strategy(session, listener, ref) -> Seed``; raises ``NotFound`` for a seed the listener cannot use.
RadioStrategy = Callable[[Session, User, str], Seed]
RADIO_STRATEGIES: Registry[RadioStrategy] = Registry("radio strategy")


def _nothing() -> NotFound:
    return NotFound("There is nothing to make a radio station from there.")


def _numeric(ref: str) -> int:
    number = routes.parse_ref(ref)
    if number is None or number >= 2**63:
        raise _nothing()
    return number


def _published(session: Session, *where) -> list[Track]:
    return list(session.exec(select(Track).where(col(Track.status) == TrackStatus.PUBLISHED, *where)
                             .order_by(col(Track.play_count).desc(), col(Track.id)).limit(MAX_SEED_TRACKS)).all())


def _from_tracks(kind: str, ref: str, title: str, tracks: list[Track], *, first: Track | None = None) -> Seed:
    if not tracks:
        raise _nothing()
    first = first or tracks[0]
    return Seed(kind=kind, ref=ref, title=title[:200],
                tracks=tuple((saved_id(t), 1.0) for t in tracks[:MAX_SEED_TRACKS]),
                first_track_id=saved_id(first),
                genre_ids=tuple(dict.fromkeys(t.genre_id for t in tracks if t.genre_id is not None)),
                artist_ids=tuple(dict.fromkeys(t.artist_id for t in tracks)))


def _track_seed(session: Session, listener: User, ref: str) -> Seed:
    """A track: it plays first, then what goes with it."""
    track = session.get(Track, _numeric(ref))
    if track is None or track.status != TrackStatus.PUBLISHED:
        raise NotFound("That track does not exist.")
    return _from_tracks("track", str(track.id), track.title, [track])


def _album_seed(session: Session, listener: User, ref: str) -> Seed:
    """An album: its published tracks make the row; its first track plays first."""
    album = session.get(Album, _numeric(ref))
    if album is None:
        raise NotFound("That album does not exist.")
    tracks = _published(session, col(Track.album_id) == album.id)
    opener = min(tracks, key=lambda t: (t.disc_number, t.track_number or 0, t.id or 0), default=None)
    return _from_tracks("album", str(album.id), album.title, tracks, first=opener)


def _artist_seed(session: Session, listener: User, ref: str) -> Seed:
    """An artist (by slug, or by id): their most played tracks."""
    ref = str(ref)
    artist = session.exec(select(ArtistProfile).where(col(ArtistProfile.slug) == ref)).first()
    if artist is None and ref.isascii() and ref.isdigit() and len(ref) < 19:
        artist = session.get(ArtistProfile, int(ref))
    if artist is None:
        raise NotFound("That artist does not exist.")
    tracks = _published(session, col(Track.artist_id) == artist.id)[:TOP_SEED_TRACKS]
    return _from_tracks("artist", artist.slug, artist.stage_name, tracks)


def _genre_seed(session: Session, listener: User, ref: str) -> Seed:
    """A genre (by slug, or by id): its most played tracks; the fallback stays in the genre."""
    ref = str(ref)
    genre = session.exec(select(Genre).where(col(Genre.slug) == ref)).first()
    if genre is None and ref.isascii() and ref.isdigit() and len(ref) < 19:
        genre = session.get(Genre, int(ref))
    if genre is None:
        raise NotFound("That genre does not exist.")
    tracks = _published(session, col(Track.genre_id) == genre.id)[:TOP_SEED_TRACKS * 2]
    seed = _from_tracks("genre", genre.slug, genre.name, tracks)
    return replace(seed, genre_ids=(saved_id(genre),))


def _playlist_seed(session: Session, listener: User, ref: str) -> Seed:
    """A playlist the listener may read (a private one of someone else is ``NotFound``)."""
    playlist, _ = access.readable(session, actor=listener, playlist_id=_numeric(ref))
    ids = session.exec(select(PlaylistTrack.track_id).where(
        col(PlaylistTrack.playlist_id) == playlist.id, col(PlaylistTrack.track_id).is_not(None))
        .order_by(col(PlaylistTrack.position)).limit(MAX_SEED_TRACKS * 2)).all()
    rows = {t.id: t for t in _published(session, col(Track.id).in_(list(ids)))} if ids else {}
    tracks = [rows[i] for i in dict.fromkeys(ids) if i in rows]
    return _from_tracks("playlist", str(playlist.id), playlist.name, tracks)


def _my_seed(session: Session, listener: User, ref: str) -> Seed:
    """The listener's own taste: everything the engine reads about them (private playlists
    included: it is their own row), their taste picks, or, with no history at all, nothing:
    the station then plays what is popular.
    """
    if str(ref) != MY_RADIO_REF:
        raise _nothing()
    engine = store.load_engine()
    lookups = (engine.extra.get("lookups") if engine else None) or signals.Lookups()
    weights: dict[int, float] = defaultdict(float)
    for _, track_id, weight, _ in signals.user_history(session, lookups, listener=saved_id(listener)):  # type: ignore[arg-type]
        weights[track_id] += weight
    best = sorted((t for t, w in weights.items() if w > 0), key=lambda t: (-weights[t], t))[:MAX_SEED_TRACKS]
    published = set(session.exec(select(Track.id).where(col(Track.id).in_(best),
                                                        col(Track.status) == TrackStatus.PUBLISHED)).all())
    kept = [t for t in best if t in published]
    picks = session.exec(select(TastePick.genre_id, TastePick.artist_id)
                         .where(col(TastePick.user_id) == listener.id)).all()
    top_genres = session.exec(
        select(Track.genre_id).where(col(Track.id).in_(kept), col(Track.genre_id).is_not(None))
        .group_by(col(Track.genre_id)).order_by(func.count().desc()).limit(5)).all() if kept else []
    return Seed(kind="my", ref=MY_RADIO_REF, title="Your taste",
                tracks=tuple((t, float(weights[t])) for t in kept),
                genre_ids=tuple(dict.fromkeys([g for g in top_genres if g is not None]
                                              + [g for g, _ in picks if g is not None])),
                artist_ids=tuple(a for _, a in picks if a is not None))


RADIO_STRATEGIES.register("track", _track_seed)
RADIO_STRATEGIES.register("album", _album_seed)
RADIO_STRATEGIES.register("artist", _artist_seed)
RADIO_STRATEGIES.register("genre", _genre_seed)
RADIO_STRATEGIES.register("playlist", _playlist_seed)
RADIO_STRATEGIES.register("my", _my_seed)
