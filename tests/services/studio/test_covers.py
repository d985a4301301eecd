"""A release's cover: upload, pick a song's embedded picture, replace after publishing, remove."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from spoticlone.models import Album, Role, TrackStatus
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.media.images import ImageRejected
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES, PictureTooBig
from spoticlone.services.studio import covers, publishing, releases
from tests import factories, images


@pytest.fixture
def world(session, store):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Vela Kite", user_id=owner.id)
    tag_key = store.put_bytes("covers", "jpg", images.png(40, 40))
    tracks = [factories.make_track(session, title="Tagged", artist_id=artist.id, status=TrackStatus.DRAFT,
                                   cover_key=tag_key),
              factories.make_track(session, title="Plain", artist_id=artist.id, status=TrackStatus.DRAFT)]
    other = factories.make_user(session, role=Role.ARTIST)
    factories.make_artist(session, user_id=other.id)
    admin = factories.make_user(session, role=Role.ADMIN)
    release = releases.create_release(session, actor=owner, title="Comet", track_ids=[t.id for t in tracks])
    return dict(owner=owner, other=other, admin=admin, listener=factories.make_user(session),
                album_id=release.id, tracks=[t.id for t in tracks], tag_key=tag_key)


def _album(session, album_id) -> Album:
    session.expire_all()
    return session.get(Album, album_id)


def test_a_new_release_takes_the_embedded_cover_and_offers_it(session, world):
    detail = releases.get_release(session, actor=world["owner"], album_id=world["album_id"])
    assert detail.cover_url and detail.cover_url.endswith(world["tag_key"])
    assert [t.cover_url is not None for t in detail.tracks] == [True, False]


def test_upload_is_cleaned_square_and_replaces_the_old_file_after_publishing(session, world, store):
    owner = world["owner"]
    publishing.publish_release(session, actor=owner, album_id=world["album_id"], affirm_rights=True)
    detail = covers.upload_release_cover(session, actor=owner, album_id=world["album_id"],
                                         image_bytes=images.jpeg_with_metadata(800, 600), store=store)
    first = _album(session, world["album_id"]).cover_key
    assert detail.cover_url.endswith(first) and first != world["tag_key"]
    with Image.open(io.BytesIO(store.path(first).read_bytes())) as img:
        assert img.format == "JPEG" and img.size == (600, 600) and not img.getexif()
    assert store.path(world["tag_key"]).exists()  # still the song's own picture
    covers.upload_release_cover(session, actor=owner, album_id=world["album_id"], image_bytes=images.png(),
                                store=store)
    second = _album(session, world["album_id"]).cover_key
    assert second != first and not store.path(first).exists()
    album = browse.get_album(session, album_id=world["album_id"])
    assert album.album.cover_url.endswith(second)  # listeners see the new cover on the album page


def test_pick_a_songs_cover_then_remove_it(session, world, store):
    owner, album_id = world["owner"], world["album_id"]
    covers.remove_release_cover(session, actor=owner, album_id=album_id, store=store)
    assert _album(session, album_id).cover_key is None
    assert store.path(world["tag_key"]).exists()  # a song still uses that file
    with pytest.raises(Invalid, match="no cover picture"):
        covers.use_track_cover(session, actor=owner, album_id=album_id, track_id=world["tracks"][1], store=store)
    stray = factories.make_track(session, artist_id=_album(session, album_id).artist_id, cover_key="covers/x.jpg")
    with pytest.raises(Invalid, match="not on this release"):
        covers.use_track_cover(session, actor=owner, album_id=album_id, track_id=stray.id, store=store)
    covers.use_track_cover(session, actor=owner, album_id=album_id, track_id=world["tracks"][0], store=store)
    assert _album(session, album_id).cover_key == world["tag_key"]


@pytest.mark.parametrize("data, error", [
    (b"MZ\x90\x00 not a picture", ImageRejected),
    (b"", Invalid),
    (b"\0" * (MAX_PICTURE_BYTES + 1), PictureTooBig),
])
def test_bad_uploads_change_nothing(session, world, store, data, error):
    before = set(store.root.rglob("*"))
    with pytest.raises(error):
        covers.upload_release_cover(session, actor=world["owner"], album_id=world["album_id"], image_bytes=data,
                                    store=store)
    assert _album(session, world["album_id"]).cover_key == world["tag_key"]
    assert set(store.root.rglob("*")) == before


@pytest.mark.parametrize("who, error", [
    ("other", NotFound), ("listener", NotFound), ("admin", PermissionDenied), (None, PermissionDenied),
])
def test_only_the_artist_changes_the_cover(session, world, store, who, error):
    actor = world[who] if who else None
    for attempt in (
        lambda: covers.upload_release_cover(session, actor=actor, album_id=world["album_id"],
                                            image_bytes=images.png(), store=store),
        lambda: covers.use_track_cover(session, actor=actor, album_id=world["album_id"],
                                       track_id=world["tracks"][0], store=store),
        lambda: covers.remove_release_cover(session, actor=actor, album_id=world["album_id"], store=store),
    ):
        with pytest.raises(error):
            attempt()
    assert _album(session, world["album_id"]).cover_key == world["tag_key"]
