"""A small world for notification tests: an artist with a draft album, listeners who follow it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from spoticlone.models import Album, ArtistProfile, Role, Track, TrackStatus, User
from tests import factories


@dataclass
class World:
    owner: User
    artist: ArtistProfile
    album: Album
    songs: list[Track]
    ann: User
    bob: User
    suspended: User


@pytest.fixture
def world(session) -> World:
    """``ann`` and ``bob`` (verified) and a suspended listener follow the artist; the album is a draft."""
    from spoticlone.services.library import follows

    owner = factories.make_user(session, username="nova", email="nova@example.test", role=Role.ARTIST,
                                email_verified=True)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    album = factories.make_album(session, title="Night Run", artist_id=artist.id)
    songs = [factories.make_track(session, title=f"Song {n}", artist_id=artist.id, album_id=album.id,
                                  track_number=n, status=TrackStatus.DRAFT) for n in (1, 2, 3)]
    ann = factories.make_user(session, username="ann", email="ann@example.test", email_verified=True)
    bob = factories.make_user(session, username="bob", email="bob@example.test", email_verified=True)
    gone = factories.make_user(session, username="gone", email="gone@example.test", email_verified=True)
    for listener in (ann, bob, gone):
        follows.follow_artist(session, actor=listener, artist_id=artist.id)
    gone.suspended = True
    session.add(gone)
    session.commit()
    return World(owner, artist, album, songs, ann, bob, gone)


def publish(session, world: World) -> None:
    """Publish the world's album the way the artist does."""
    from spoticlone.services.studio import publishing

    publishing.publish_release(session, actor=world.owner, album_id=world.album.id, affirm_rights=True)


@pytest.fixture
def publish_album():
    return publish


@pytest.fixture(autouse=True)
def no_send_jobs(monkeypatch):
    """Mails wait in the outbox unless a test connects the queue (the ``smtp`` fixture does)."""
    from spoticlone.services.notifications import outbox

    monkeypatch.setattr(outbox, "dispatchers", [])
