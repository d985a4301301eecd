"""Who may do what to a release and its songs, in every state: the whole matrix, through the services.

Actors (anonymous, listener, owning artist, other artist, admin) x state of the release
(draft, scheduled, published, unpublished) x operation, the album builder's cover and
featured-artist operations included. Every cell runs on a fresh release with one song in that
state (the song carries an embedded cover and already features one guest), and its outcome
(allowed, or refused with a domain error) must be the one written in ``tests/studio_matrix.py``:
zero unexpected allows and zero unexpected denies.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from spoticlone.models import Album, Role, TrackFeaturedArtist, TrackStatus, utcnow
from spoticlone.services.core.errors import DomainError, NotFound, PermissionDenied
from spoticlone.services.listening.streaming import resolve_stream
from spoticlone.services.studio import covers, featured, publishing, releases
from tests import factories, images
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


@pytest.fixture
def guests(session):
    """An artist each cell's song already features, and one it may feature next."""
    return factories.make_artist(session, stage_name="Featured Already"), factories.make_artist(
        session, stage_name="Featured Next")


def _release_in(session, store, artist, state: str, featured_guest):
    status = TrackStatus(state)
    album = factories.make_album(session, artist_id=artist.id,
                                 release_at=utcnow() + timedelta(days=1) if state == "scheduled" else None)
    key = store.put_bytes("audio", "mp3", b"ID3 matrix audio")
    tag_cover = store.put_bytes("covers", "jpg", images.png(16, 16))
    track = factories.make_track(session, artist_id=artist.id, album_id=album.id, status=status, audio_key=key,
                                 cover_key=tag_cover)
    session.add(TrackFeaturedArtist(track_id=track.id, artist_id=featured_guest.id))
    session.commit()
    return album, track


def _operation(name: str, session, store, actor, album: Album, track, guests):
    already, next_guest = guests
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
        "upload_cover": lambda: covers.upload_release_cover(session, actor=actor, album_id=album.id,
                                                            image_bytes=images.png(40, 30), store=store),
        "track_cover": lambda: covers.use_track_cover(session, actor=actor, album_id=album.id, track_id=track.id,
                                                      store=store),
        "remove_cover": lambda: covers.remove_release_cover(session, actor=actor, album_id=album.id, store=store),
        "add_featured": lambda: featured.add_featured(session, actor=actor, track_id=track.id,
                                                      artist_id=next_guest.id),
        "remove_featured": lambda: featured.remove_featured(session, actor=actor, track_id=track.id,
                                                            artist_id=already.id),
    }
    return calls[name]()


def test_every_actor_state_and_operation_matches_the_table(session, store, people, guests):
    artist, actors = people
    unexpected_allows, unexpected_denies, leaks = [], [], []
    for (actor_name, state, operation), allowed in expected().items():
        album, track = _release_in(session, store, artist, state, guests[0])
        try:
            _operation(operation, session, store, actors[actor_name], album, track, guests)
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


def test_the_table_is_not_trivially_satisfied(session, store, people, guests):
    """A cell really changes what it says: the owner's publish publishes, a stranger's edit does not."""
    artist, actors = people
    album, track = _release_in(session, store, artist, "draft", guests[0])
    with pytest.raises(NotFound):
        publishing.update_track(session, actor=actors["other_artist"], track_id=track.id, explicit=True)
    publishing.publish_release(session, actor=actors["owner"], album_id=album.id, affirm_rights=True)
    session.refresh(track)
    assert track.status == TrackStatus.PUBLISHED and track.explicit is False


def test_cover_and_featured_cells_change_what_they_say(session, store, people, guests):
    """A refused cover or featured-artist change leaves the release as it was; the owner's takes effect."""
    artist, actors = people
    already, next_guest = guests
    album, track = _release_in(session, store, artist, "published", already)
    for name in ("other_artist", "admin"):
        for operation in ("upload_cover", "track_cover", "add_featured", "remove_featured"):
            with pytest.raises((NotFound, PermissionDenied)):
                _operation(operation, session, store, actors[name], album, track, guests)
            session.rollback()
    session.refresh(album)
    assert album.cover_key is None
    assert [a.id for a in featured.featured_of(session, [track.id])[track.id]] == [already.id]

    owner = actors["owner"]
    assert covers.use_track_cover(session, actor=owner, album_id=album.id, track_id=track.id,
                                  store=store).cover_url.endswith(track.cover_key)
    added = featured.add_featured(session, actor=owner, track_id=track.id, artist_id=next_guest.id)
    assert {a.id for a in added} == {already.id, next_guest.id}
    left = featured.remove_featured(session, actor=owner, track_id=track.id, artist_id=already.id)
    assert [a.id for a in left] == [next_guest.id]
    assert covers.remove_release_cover(session, actor=owner, album_id=album.id, store=store).cover_url is None
