"""The artist page's picture: re-encoded square plus thumbnail, old files removed, refusals change nothing."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import select

from spoticlone.models import ArtistProfile, Role
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied, TooLarge
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES
from spoticlone.services.studio import profile, profile_image
from tests import factories, images


@pytest.fixture
def owner(session):
    user = factories.make_user(session, username="owner")
    profile.create_artist_profile(session, actor=user, stage_name="Nova")
    return user


def _files(store) -> list:
    return sorted(p for p in store.root.rglob("*") if p.is_file()) if store.root.exists() else []


def _key(url: str) -> str:
    return url.removeprefix("/api/v1/media/")


def test_set_replace_and_clear(session, store, owner):
    out = profile_image.set_artist_image(session, actor=owner, data=images.jpeg_with_metadata(1200, 900), store=store)
    full = store.path(_key(out.image_url)).read_bytes()
    with Image.open(io.BytesIO(full)) as img:
        assert img.format == "JPEG" and img.size == (800, 800)
        assert not img.getexif()
    with Image.open(store.path(_key(out.image_thumb_url))) as thumb:
        assert thumb.size == (profile_image.THUMB_SIDE, profile_image.THUMB_SIDE)
    assert images.CAMERA_TAG.encode() not in full
    first = _files(store)
    again = profile_image.set_artist_image(session, actor=owner, data=images.png(40, 30), store=store)
    assert len(_files(store)) == 2 and not set(first) & set(_files(store))
    with Image.open(store.path(_key(again.image_url))) as small:
        assert small.size == (30, 30)  # a small picture is not blown up
    cleared = profile_image.clear_artist_image(session, actor=owner, store=store)
    assert cleared.image_url is None and cleared.image_thumb_url is None and _files(store) == []


@pytest.mark.parametrize("data", [b"", b"not a picture", b"GIF89a" + b"\0" * 20, images.decompression_bomb()])
def test_hostile_pictures_change_nothing(session, store, owner, data):
    with pytest.raises(Invalid):
        profile_image.set_artist_image(session, actor=owner, data=data, store=store)
    session.expire_all()
    artist = session.exec(select(ArtistProfile)).one()
    assert artist.image_key is None and _files(store) == []


def test_too_big_is_refused_before_decoding(session, store, owner):
    with pytest.raises(TooLarge):
        profile_image.set_artist_image(session, actor=owner, data=b"\0" * (MAX_PICTURE_BYTES + 1), store=store)


def test_only_the_artist_or_an_admin(session, store, owner):
    mine = profile.my_artist_profile(session, actor=owner)
    stranger = factories.make_user(session, username="stranger")
    with pytest.raises(PermissionDenied):
        profile_image.set_artist_image(session, actor=stranger, data=images.png(), store=store)
    with pytest.raises(NotFound):
        profile_image.set_artist_image(session, actor=stranger, data=images.png(), store=store, artist_id=mine.id)
    with pytest.raises(NotFound):
        profile_image.clear_artist_image(session, actor=stranger, store=store, artist_id=mine.id)
    with pytest.raises(PermissionDenied):
        profile_image.clear_artist_image(session, actor=None, store=store)
    assert _files(store) == []
    admin = factories.make_user(session, username="root", role=Role.ADMIN)
    out = profile_image.set_artist_image(session, actor=admin, data=images.png(), store=store, artist_id=mine.id)
    assert out.image_url and out.id == mine.id
