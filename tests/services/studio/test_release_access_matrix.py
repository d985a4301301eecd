"""Who may do what to a release and its songs, in every state: the whole matrix, through the services.

Actors (anonymous, listener, owning artist, other artist, admin) x state of the release
(draft, scheduled, published, unpublished) x operation. Every cell runs on a fresh release
with one song in that state, and its outcome (allowed, or refused with a domain error) must
be the one written in ``tests/studio_matrix.py``: zero unexpected allows and zero unexpected denies.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from spoticlone.models import Album, Role, TrackStatus, utcnow
from spoticlone.services.core.errors import DomainError, NotFound, PermissionDenied
from spoticlone.services.listening.streaming import resolve_stream
from spoticlone.services.studio import publishing, releases
from tests import factories
from tests.studio_matrix import expected


@pytest.fixture
def people(session):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, user_id=owner.id)
    other = factories.make_user(session, role=Role.ARTIST)
    factories.make_artist(session, user_id=other.id)
    actors = {"anonymous": None, "listener": factories.make_user(session), "owner": owner,
              "other_artist": other, "admin": factories.make_user(session, role=Role.ADMIN)}
    return artist, actors


def _release_in(session, store, artist, state: str):
    status = TrackStatus(state)
    album = factories.make_album(session, artist_id=artist.id,
                                 release_at=utcnow() + timedelta(days=1) if state == "scheduled" else None)
    key = store.put_bytes("audio", "mp3", b"ID3 matrix audio")
    track = factories.make_track(session, artist_id=artist.id, album_id=album.id, status=status, audio_key=key)
    return album, track


def _operation(name: str, session, store, actor, album: Album, track):
    calls = {
        "read_release": lambda: releases.get_release(session, actor=actor, album_id=album.id),
        "read_track": lambda: releases.get_track(session, actor=actor, track_id=track.id),
        "stream": lambda: resolve_stream(session, actor=actor, track_id=track.id, store=store),
        "edit_release": lambda: publishing.update_release(session, actor=actor, album_id=album.id, title="Edited"),
        "edit_track": lambda: publishing.update_track(session, actor=actor, track_id=track.id, explicit=True),
        "publish": lambda: publishing.publish_release(session, actor=actor, album_id=album.id, affirm_rights=True),
        "unpublish": lambda: publishing.unpublish_release(session, actor=actor, album_id=album.id),
        "delete_release": lambda: publishing.delete_release(session, actor=actor, album_id=album.id, store=store),
        "delete_track": lambda: publishing.delete_track(session, actor=actor, track_id=track.id, store=store),
    }
    return calls[name]()


def test_every_actor_state_and_operation_matches_the_table(session, store, people):
    artist, actors = people
    unexpected_allows, unexpected_denies, leaks = [], [], []
    for (actor_name, state, operation), allowed in expected().items():
        album, track = _release_in(session, store, artist, state)
        try:
            _operation(operation, session, store, actors[actor_name], album, track)
            outcome = True
        except DomainError as refused:
            session.rollback()
            outcome = False
            # Someone with no business here is never told more than "not found" or "sign in".
            if actor_name in ("anonymous", "listener", "other_artist") and not isinstance(
                    refused, NotFound | PermissionDenied):
                leaks.append((actor_name, state, operation, type(refused).__name__))
        if outcome and not allowed:
            unexpected_allows.append((actor_name, state, operation))
        if allowed and not outcome:
            unexpected_denies.append((actor_name, state, operation))
    assert unexpected_allows == []
    assert unexpected_denies == []
    assert leaks == []


def test_the_table_is_not_trivially_satisfied(session, store, people):
    """A cell really changes what it says: the owner's publish publishes, a stranger's edit does not."""
    artist, actors = people
    album, track = _release_in(session, store, artist, "draft")
    with pytest.raises(NotFound):
        publishing.update_track(session, actor=actors["other_artist"], track_id=track.id, explicit=True)
    publishing.publish_release(session, actor=actors["owner"], album_id=album.id, affirm_rights=True)
    session.refresh(track)
    assert track.status == TrackStatus.PUBLISHED and track.explicit is False
