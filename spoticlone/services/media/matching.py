"""Matching an ingested file's artist, album and genre to existing rows, or creating them.

Kept apart from ``ingestion`` (which writes one file's rows) because a bulk import calls these
file after file in one transaction: the rows matched are remembered in the session
(``recall``/``remember``) and must be forgotten after any rollback (``forget_matches``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, inspect
from sqlmodel import Session, col, select

from spoticlone.models import Album, ArtistProfile, Genre, Track
from spoticlone.models.common import AlbumKind
from spoticlone.services.core.slugs import slugify

MEMO = "spoticlone.ingestion.matched"
#: In ``MEMO``: the transaction the remembered track slugs are current in, and the highest track id then.
SLUGS_SEEN = ("slugs seen", 0)
#: Ids per ``IN (...)`` list, well below every SQLite build's limit on bound parameters.
CHUNK = 500


def unique_slug(session: Session, model, base: str, **scope) -> str:
    """``base`` or ``base-2``, ``base-3``… free among ``model`` rows matching ``scope``."""
    query = select(model.slug).where(col(model.slug).startswith(base))
    for name, value in scope.items():
        query = query.where(getattr(model, name) == value)
    taken = set(session.exec(query).all())
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[:300]}-{n}"
    return slug


def track_slug(session: Session, title: str, artist_id: int) -> str:
    """A slug for a new track of ``artist_id`` that none of the artist's tracks has.

    The artist's slugs are read once and remembered with the other matches (see
    ``current_track_slugs``), so a bulk import writing many of one artist's tracks reads them
    once, not once per file or per batch.
    """
    base = slugify(title, max_length=300)
    taken = current_track_slugs(session, [artist_id])[artist_id]
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[:300]}-{n}"
    taken.add(slug)
    return slug


def preload_track_slugs(session: Session, artist_ids: Iterable[int]) -> None:
    """Read the track slugs of the artists ``track_slug`` does not know yet, together.

    For a bulk import writing many artists' tracks at once: one query per batch instead of
    one per artist.
    """
    current_track_slugs(session, artist_ids)


def current_track_slugs(session: Session, artist_ids: Iterable[int]) -> dict[int, set[str]]:
    """Every track slug of each of ``artist_ids`` as this transaction sees it, plus the slugs
    ``track_slug`` chose in it; the sets are the remembered ones (``track_slug`` adds to them).

    A bulk import commits a batch at a time and used to read every slug of its artists again
    in each new transaction: a query that grew with the catalog, ~20 times per 2,000 files.
    On SQLite the remembered slugs are instead brought up to date at the first use in each
    transaction with the tracks added since the last look (ids above the highest then: SQLite
    writers take turns, and an AUTOINCREMENT id is never below a committed one). Tracks are
    never given another slug, and a deleted track's slug staying "taken" only costs a suffix.
    Elsewhere (PostgreSQL's ids are not given in commit order) they are read again per
    transaction, as before. A rollback must forget them (``forget_matches``) like every match.
    """
    memo = session.info.setdefault(MEMO, {})
    session.connection()  # begins the session's transaction if none is open: the one to compare
    transaction = session.get_transaction()
    mark = memo.get(SLUGS_SEEN)
    if mark is None or mark[0] is not transaction:
        memo[SLUGS_SEEN] = (transaction, _catch_up(session, memo, mark[1] if mark else None))
    wanted = set(artist_ids)
    missing = sorted(a for a in wanted if ("slugs", a) not in memo)
    for artist_id in missing:
        memo[("slugs", artist_id)] = set()
    for chunk in _chunks(missing):
        for artist_id, slug in session.exec(select(Track.artist_id, Track.slug).where(col(Track.artist_id).in_(chunk))):
            memo[("slugs", artist_id)].add(slug)
    return {artist_id: memo[("slugs", artist_id)] for artist_id in wanted}


def _catch_up(session: Session, memo: dict, seen: int | None) -> int | None:
    """Add the tracks newer than ``seen`` to the remembered slugs (or forget them all when
    that cannot be trusted); the highest track id now, to catch up from next time.
    """
    if session.get_bind().dialect.name != "sqlite":
        for artist_id in [key[1] for key in memo if key[0] == "slugs"]:
            del memo[("slugs", artist_id)]
        return None
    newest = session.exec(select(func.max(Track.id))).one() or 0
    if seen is None:
        return newest
    # By id range alone, which SQLite reads from the table's own order; with the artists in the
    # query it took their index instead and went through all their tracks again.
    rows = session.exec(select(Track.artist_id, Track.slug).where(col(Track.id) > seen, col(Track.id) <= newest))
    for artist_id, slug in rows:
        if (slugs := memo.get(("slugs", artist_id))) is not None:
            slugs.add(slug)
    return newest


def refresh_matches(session: Session) -> None:
    """Load the remembered artists, albums and genres again, one query per kind.

    A commit expires every loaded row, so after each batch a bulk import would otherwise
    reload each remembered row on its own at first use: a query per artist, album and genre
    per batch. A row deleted since stays expired; using it raises, and the bulk import then
    writes that batch one file at a time, matching afresh.
    """
    memo = session.info.get(MEMO) or {}
    for model in (ArtistProfile, Album, Genre):
        ids = sorted({inspect(row).identity[0] for (kind, _), row in memo.items()
                      if kind == model.__name__ and row in session and inspect(row).identity})
        for start in range(0, len(ids), CHUNK):
            session.exec(select(model).where(col(model.id).in_(ids[start:start + CHUNK]))).all()


def recall(session: Session, model, key: str):
    """The row this session matched for ``key`` before, without a query when it is loaded.

    A bulk import links the same artist, album and genre file after file; remembering
    them in the session saves three queries per file. Forgotten on any rollback, since a
    remembered row may have been created by the transaction rolled back.
    """
    row = session.info.get(MEMO, {}).get((model.__name__, key))
    return row if row is not None and row in session else None


def remember(session: Session, model, key: str, row) -> None:
    """Note ``row`` as this session's match for ``key`` (see ``recall``)."""
    # The row itself, not its id: the session only holds loaded rows weakly.
    session.info.setdefault(MEMO, {})[(model.__name__, key)] = row


def match_artist(session: Session, name: str) -> tuple[ArtistProfile, bool]:
    """Match by slug of the name; names without ASCII letters match by exact name instead."""
    slug = slugify(name, max_length=200, fallback="")
    key = slug or f"={name.lower()}"
    if remembered := recall(session, ArtistProfile, key):
        return remembered, False
    if slug:
        found = session.exec(select(ArtistProfile).where(ArtistProfile.slug == slug)).first()
    else:
        found = session.exec(
            select(ArtistProfile).where(func.lower(ArtistProfile.stage_name) == name.lower())
        ).first()
    if found:
        remember(session, ArtistProfile, key, found)
        return found, False
    artist = ArtistProfile(stage_name=name, slug=unique_slug(session, ArtistProfile, slug or "artist"))
    session.add(artist)
    session.flush()
    remember(session, ArtistProfile, key, artist)
    return artist, True


def match_genre(session: Session, name: str) -> tuple[Genre, bool]:
    """Match case-insensitively by name, or by slug ("Hip Hop" is "Hip-Hop")."""
    slug = slugify(name, max_length=120, fallback="")
    if remembered := recall(session, Genre, name.lower()):
        return remembered, False
    query = select(Genre).where(func.lower(Genre.name) == name.lower())
    found = session.exec(query).first()
    if not found and slug:
        found = session.exec(select(Genre).where(Genre.slug == slug)).first()
    if found:
        remember(session, Genre, name.lower(), found)
        return found, False
    genre = Genre(name=name, slug=unique_slug(session, Genre, slug or "genre"))
    session.add(genre)
    session.flush()
    remember(session, Genre, name.lower(), genre)
    return genre, True


def match_album(
    session: Session, title: str, artist_id: int, genre_id: int | None, *,
    release_date: date | None, kind: AlbumKind,
) -> tuple[Album, bool]:
    """The artist's album titled ``title`` (filling its missing date and genre), or a new one."""
    slug = slugify(title, max_length=300, fallback="")
    key = f"{artist_id}/{slug or '=' + title.lower()}"
    found = recall(session, Album, key)
    if found is None:
        query = select(Album).where(Album.artist_id == artist_id)
        if slug:
            query = query.where(Album.slug == slug)
        else:
            query = query.where(func.lower(Album.title) == title.lower())
        found = session.exec(query).first()
    if found:
        remember(session, Album, key, found)
        if found.release_date is None and release_date:
            found.release_date = release_date
        if found.genre_id is None and genre_id:
            found.genre_id = genre_id
        return found, False
    album = Album(
        title=title,
        slug=unique_slug(session, Album, slug or "album", artist_id=artist_id),
        artist_id=artist_id,
        genre_id=genre_id,
        release_date=release_date,
        kind=kind,
    )
    session.add(album)
    session.flush()
    remember(session, Album, key, album)
    return album, True


@dataclass(frozen=True)
class AlbumWanted:
    """One file's album, as ``match_album`` takes it."""

    title: str
    artist_id: int
    genre_id: int | None
    release_date: date | None
    kind: AlbumKind


def match_albums(session: Session, wanted: Sequence[AlbumWanted | None]) -> list[tuple[Album | None, bool]]:
    """``match_album`` for many files at once, in order: the same rows, without queries per album.

    For a bulk import, where a batch may bring hundreds of new albums: the albums of the
    artists concerned are read in one query, the new ones get their slugs in memory (as
    ``unique_slug`` would choose them) and are inserted with one flush, so each file gets
    what ``match_album`` would have given it, called file after file. ``None`` (a file
    without an album) gives ``(None, False)``. Titles without a slug (no ASCII letters) are
    matched by the database's own ``lower()``, so they still go through ``match_album``.
    """
    results: list[tuple[Album | None, bool]] = [(None, False)] * len(wanted)
    slugged = [(n, w) for n, w in enumerate(wanted) if w is not None and _album_slug(w.title)]
    unknown = sorted({w.artist_id for _, w in slugged
                      if recall(session, Album, _album_key(w.title, w.artist_id)) is None})
    existing: dict[int, dict[str, Album]] = {artist_id: {} for artist_id in unknown}
    for start in range(0, len(unknown), CHUNK):
        query = select(Album).where(col(Album.artist_id).in_(unknown[start:start + CHUNK]))
        for album in session.exec(query):
            existing[album.artist_id][album.slug] = album
    created: dict[int, Album] = {}  # by the place of the file that creates it
    for n, w in slugged:
        key, slug = _album_key(w.title, w.artist_id), _album_slug(w.title)
        found = recall(session, Album, key) or existing[w.artist_id].get(slug)
        if found is None:
            taken = existing[w.artist_id]
            found = created[n] = Album(title=w.title, slug=_free_slug(slug, taken), artist_id=w.artist_id,
                                       genre_id=w.genre_id, release_date=w.release_date, kind=w.kind)
            taken[found.slug] = found
            remember(session, Album, key, found)
            results[n] = (found, True)
            continue
        remember(session, Album, key, found)
        if found.release_date is None and w.release_date:
            found.release_date = w.release_date
        if found.genre_id is None and w.genre_id:
            found.genre_id = w.genre_id
        results[n] = (found, False)
    if created:
        _insert_albums(session, created, results, slugged)
    for n, asked in enumerate(wanted):
        if asked is not None and not _album_slug(asked.title):
            results[n] = match_album(session, asked.title, asked.artist_id, asked.genre_id,
                                     release_date=asked.release_date, kind=asked.kind)
    return results


def _insert_albums(session: Session, created: dict[int, Album], results: list, slugged: list) -> None:
    """Insert the new albums with one executemany and put the loaded rows in their place.

    (The unit of work would send one ``INSERT ... RETURNING`` per album: SQLite does not
    promise the order of returned rows.) Each album is told apart by its artist and slug.
    """
    new_albums = list(created.values())
    session.flush()  # changes to matched albums first: the insert bypasses the unit of work
    session.exec(insert(Album), params=[album.model_dump(exclude={"id"}) for album in new_albums])
    loaded: dict[tuple[int, str], Album] = {}
    for artist_ids in _chunks(sorted({album.artist_id for album in new_albums})):
        query = select(Album).where(col(Album.artist_id).in_(artist_ids),
                                    col(Album.slug).in_({album.slug for album in new_albums}))
        loaded.update(((album.artist_id, album.slug), album) for album in session.exec(query))
    for n, w in slugged:
        album, new = results[n]
        if isinstance(album, Album) and album.id is None:
            row = loaded[(album.artist_id, album.slug)]
            results[n] = (row, new)
            remember(session, Album, _album_key(w.title, w.artist_id), row)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    return (ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK))


def _album_slug(title: str) -> str:
    return slugify(title, max_length=300, fallback="")


def _album_key(title: str, artist_id: int) -> str:
    slug = _album_slug(title)
    return f"{artist_id}/{slug or '=' + title.lower()}"


def _free_slug(base: str, taken) -> str:
    """``unique_slug``'s choice, among slugs already known."""
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[:300]}-{n}"
    return slug


def forget_matches(session: Session) -> None:
    """Drop the artists, albums and genres this session remembered matching.

    Needed after any rollback (a remembered row may have been created by what was rolled
    back); ``ingest_staged`` and ``write_staged`` do it themselves on their own failures.
    """
    session.info.pop(MEMO, None)
