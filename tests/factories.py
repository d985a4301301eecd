"""Plain factory functions with defaults and ``**overrides``, used by every test."""

from __future__ import annotations

import itertools
from datetime import date

from sqlmodel import Session

from spoticlone.models import Album, ArtistProfile, Genre, Role, Track, TrackStatus, User
from spoticlone.services.core.slugs import slugify

_seq = itertools.count(1)


def _save(session: Session, row):
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def make_user(session: Session, **overrides) -> User:
    n = next(_seq)
    fields = dict(email=f"user{n}@example.test", username=f"user{n}", role=Role.LISTENER)
    fields.update(overrides)
    return _save(session, User(**fields))


def make_genre(session: Session, **overrides) -> Genre:
    n = next(_seq)
    name = overrides.pop("name", f"Genre {n}")
    fields = dict(name=name, slug=slugify(name))
    fields.update(overrides)
    return _save(session, Genre(**fields))


def make_artist(session: Session, **overrides) -> ArtistProfile:
    n = next(_seq)
    name = overrides.pop("stage_name", f"Artist {n}")
    fields = dict(stage_name=name, slug=slugify(name), bio=f"Bio of {name}")
    fields.update(overrides)
    return _save(session, ArtistProfile(**fields))


def make_album(session: Session, **overrides) -> Album:
    n = next(_seq)
    title = overrides.pop("title", f"Album {n}")
    if "artist_id" not in overrides:
        overrides["artist_id"] = make_artist(session).id
    fields = dict(title=title, slug=slugify(title), release_date=date(2024, 1, 1))
    fields.update(overrides)
    return _save(session, Album(**fields))


def make_track(session: Session, **overrides) -> Track:
    n = next(_seq)
    title = overrides.pop("title", f"Track {n}")
    if "artist_id" not in overrides:
        overrides["artist_id"] = make_artist(session).id
    fields = dict(
        title=title,
        slug=slugify(title),
        duration_ms=180_000,
        audio_key=f"audio/00/{n:032x}.mp3",
        audio_format="mp3",
        mime_type="audio/mpeg",
        status=TrackStatus.PUBLISHED,
    )
    fields.update(overrides)
    return _save(session, Track(**fields))


def make_account(session: Session, *, password: str = "correct horse battery", **overrides) -> User:
    """A verified user who can sign in with ``password`` (Argon2id-hashed like sign-up does)."""
    from spoticlone.services.auth.passwords import hash_password

    overrides.setdefault("email_verified", True)
    return make_user(session, password_hash=hash_password(password), **overrides)


def make_playlist(session: Session, *, owner: User, tracks: list[Track] = (), **overrides):
    """A playlist owned by ``owner`` holding ``tracks`` in order (positions 0..n-1)."""
    from spoticlone.models import Playlist, PlaylistTrack

    n = next(_seq)
    name = overrides.pop("name", f"Playlist {n}")
    playlist = _save(session, Playlist(owner_id=owner.id, name=name, slug=slugify(name), **overrides))
    for position, track in enumerate(tracks):
        session.add(PlaylistTrack(playlist_id=playlist.id, track_id=track.id, position=position,
                                  added_by_id=owner.id))
    session.commit()
    return playlist


def make_api_token(session: Session, user: User) -> str:
    """A bearer access token for ``user`` backed by a live ``api`` session (as the REST sign-in issues)."""
    from sqlmodel import select

    from spoticlone.models import AuthSession
    from spoticlone.services.auth.sessions import create_session, token_hash
    from spoticlone.services.auth.tokens import issue_access_token

    refresh = create_session(session, user_id=user.id, kind="api")
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(refresh))).one()
    return issue_access_token(user_id=user.id, session_handle=row.handle)[0]
