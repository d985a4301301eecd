"""The events plugins rely on are emitted by the core services, with the documented payloads."""

from __future__ import annotations

from datetime import date

import pytest

from spoticlone.models import PlaySource, Role, TrackStatus
from spoticlone.services.accounts import signup
from spoticlone.services.core import events
from spoticlone.services.library import collection, follows
from spoticlone.services.listening import plays
from spoticlone.services.studio import publishing
from tests import factories


@pytest.fixture
def heard():
    got: list[tuple[str, dict]] = []
    names = []
    for event in (events.PLAY_STARTED, events.TRACK_PUBLISHED, events.USER_FOLLOWED, events.USER_SIGNED_UP,
                  events.TRACK_LIKED):
        name = f"test.{event}"
        events.subscribe(event, name, lambda session, _event=event, **payload: got.append((_event, payload)))
        names.append((event, name))
    yield got
    for event, name in names:
        events.unsubscribe(event, name)


def test_likes_follows_and_plays_are_announced(session, heard):
    listener = factories.make_user(session)
    other = factories.make_user(session)
    track = factories.make_track(session)
    artist = factories.make_artist(session)
    collection.like_track(session, actor=listener, track_id=track.id)
    collection.like_track(session, actor=listener, track_id=track.id)  # idempotent: announced once
    follows.follow_artist(session, actor=listener, artist_id=artist.id)
    follows.follow_user(session, actor=listener, username=other.username)
    play_id = plays.start_play(session, track_id=track.id, source=PlaySource.OTHER, user_id=listener.id)
    assert [(name, payload if name != events.PLAY_STARTED else payload["event"].id) for name, payload in heard] == [
        (events.TRACK_LIKED, {"user_id": listener.id, "track_id": track.id}),
        (events.USER_FOLLOWED, {"follower_id": listener.id, "artist_id": artist.id, "followed_user_id": None}),
        (events.USER_FOLLOWED, {"follower_id": listener.id, "artist_id": None, "followed_user_id": other.id}),
        (events.PLAY_STARTED, play_id),
    ]


def test_sign_up_and_publication_are_announced(session, heard):
    made = signup.register(session, email="new@example.com", username="newcomer", password="correct horse battery",
                           date_of_birth=date(2000, 1, 1))
    assert heard[-1][0] == events.USER_SIGNED_UP and heard[-1][1]["user"].id == made.user_id
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, user_id=owner.id)
    album = factories.make_album(session, artist_id=artist.id)
    track = factories.make_track(session, artist_id=artist.id, album_id=album.id, status=TrackStatus.DRAFT)
    publishing.publish_release(session, actor=owner, album_id=album.id, affirm_rights=True)
    assert heard[-1][0] == events.TRACK_PUBLISHED and heard[-1][1]["track"].id == track.id
