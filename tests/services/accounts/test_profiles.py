"""Profiles: editing (all-or-nothing), pictures, the public view, becoming an artist."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlmodel import select

from spoticlone.models import ArtistProfile, Role, User
from spoticlone.services.accounts import profiles
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from spoticlone.services.media import picture_uploads
from spoticlone.services.media.images import ImageRejected
from tests import factories, images

CLOCK = FakeClock()  # 2026-01-05


def _files(store) -> set[str]:
    return {str(p.relative_to(store.root)) for p in store.root.rglob("*") if p.is_file()}


def _reload(session, user: User) -> User:
    session.expire_all()
    return session.get(User, user.id)


# my_profile and update_profile.


def test_my_profile_shows_the_owner_everything(session):
    user = factories.make_account(session, first_name="Ada", phone="+16502530000",
                                  date_of_birth=date(1990, 4, 1))
    me = profiles.my_profile(session, actor=user)
    assert (me.email, me.phone, me.date_of_birth) == (user.email, "+16502530000", date(1990, 4, 1))
    assert me.has_password and not me.totp_enabled and me.role == "listener"
    assert me.display_name == "Ada" and me.profile_url == f"/user/{user.username}"


def test_my_profile_refuses_anonymous(session):
    with pytest.raises(PermissionDenied):
        profiles.my_profile(session, actor=None)


@pytest.mark.parametrize(
    "raw",
    ["+1 650-253-0000", "(650) 253-0000", "650.253.0000", "+1 (650) 253 0000", "tel:+1-650-253-0000"],
)
def test_phone_numbers_are_stored_in_e164(session, raw):
    user = factories.make_user(session)
    me = profiles.update_profile(session, actor=user, phone=raw, phone_region="US")
    assert me.phone == "+16502530000"
    assert _reload(session, user).phone == "+16502530000"


def test_phone_from_another_country_and_the_default_region(session, settings):
    user = factories.make_user(session)
    assert profiles.update_profile(session, actor=user, phone="+44 20 7946 0958").phone == "+442079460958"
    # No +prefix: read as a number of the configured default region (US unless set).
    assert settings.default_phone_region == "US"
    assert profiles.update_profile(session, actor=user, phone="650 253 0000").phone == "+16502530000"
    assert profiles.normalize_phone("020 7946 0958", region="GB") == "+442079460958"


@pytest.mark.parametrize("raw", ["12", "abc", "+1 555 0100", "+999 123 456 789", "6" * 41])
def test_invalid_phone_is_refused_and_nothing_changes(session, raw):
    user = factories.make_user(session, phone="+16502530000", first_name="Old")
    with pytest.raises(Invalid, match="phone number"):
        profiles.update_profile(session, actor=user, first_name="New", phone=raw)
    fresh = _reload(session, user)
    assert (fresh.phone, fresh.first_name) == ("+16502530000", "Old")


def test_empty_phone_clears_it(session):
    user = factories.make_user(session, phone="+16502530000")
    assert profiles.update_profile(session, actor=user, phone="  ").phone is None
    assert _reload(session, user).phone is None


def test_names_are_trimmed_and_limited(session):
    user = factories.make_user(session)
    me = profiles.update_profile(session, actor=user, first_name="  Ada \t ", last_name=" Love  lace ")
    assert (me.first_name, me.last_name, me.display_name) == ("Ada", "Love lace", "Ada Love lace")
    with pytest.raises(Invalid, match="at most 100"):
        profiles.update_profile(session, actor=user, first_name="x" * 101)
    with pytest.raises(Invalid):
        profiles.update_profile(session, actor=user, last_name="bad\x00name")
    assert _reload(session, user).first_name == "Ada"


def test_fields_left_out_are_untouched(session):
    user = factories.make_user(session, first_name="Ada", last_name="L", phone="+16502530000")
    profiles.update_profile(session, actor=user, last_name="Lovelace")
    fresh = _reload(session, user)
    assert (fresh.first_name, fresh.last_name, fresh.phone) == ("Ada", "Lovelace", "+16502530000")


def test_under_13_is_refused_and_nothing_changes(session):
    user = factories.make_user(session, date_of_birth=date(2000, 1, 1), first_name="Old")
    with pytest.raises(Invalid, match="at least 13"):
        profiles.update_profile(session, actor=user, first_name="New", date_of_birth=date(2015, 1, 1),
                                clock=CLOCK)
    fresh = _reload(session, user)
    assert (fresh.date_of_birth, fresh.first_name) == (date(2000, 1, 1), "Old")
    me = profiles.update_profile(session, actor=user, date_of_birth=date(2013, 1, 5), clock=CLOCK)
    assert me.date_of_birth == date(2013, 1, 5)  # 13 today


def test_username_rules_and_uniqueness(session):
    factories.make_user(session, username="taken_name")
    user = factories.make_user(session, username="mine", first_name="Old")
    with pytest.raises(Conflict, match="taken"):
        profiles.update_profile(session, actor=user, username="Taken_Name", first_name="New")
    with pytest.raises(Invalid, match="3 to 30"):
        profiles.update_profile(session, actor=user, username="no spaces!")
    assert (_reload(session, user).username, _reload(session, user).first_name) == ("mine", "Old")
    me = profiles.update_profile(session, actor=user, username="  New.Name ")
    assert me.username == "new.name" and me.profile_url == "/user/new.name"
    # Keeping one's own name is not a clash.
    assert profiles.update_profile(session, actor=user, username="new.name").username == "new.name"


# Pictures.


def test_avatar_is_reencoded_with_a_thumbnail_and_no_metadata(session, store):
    user = factories.make_user(session)
    upload = images.jpeg_with_metadata(800, 600)
    me = profiles.set_picture(session, actor=user, kind="avatar", data=upload, store=store)
    fresh = _reload(session, user)
    assert fresh.avatar_key.startswith("avatars/") and fresh.avatar_thumb_key.startswith("avatars/")
    assert me.avatar_url == f"/api/v1/media/{fresh.avatar_key}"
    assert me.avatar_thumb_url == f"/api/v1/media/{fresh.avatar_thumb_key}"
    full = store.path(fresh.avatar_key).read_bytes()
    thumb = store.path(fresh.avatar_thumb_key).read_bytes()
    assert full != upload
    for data, size in ((full, (512, 512)), (thumb, (96, 96))):
        with Image.open(io.BytesIO(data)) as img:
            assert img.format == "JPEG" and img.size == size
            assert not img.getexif() and "exif" not in img.info
        assert images.CAMERA_TAG.encode() not in data


def test_cover_is_cropped_wide(session, store):
    user = factories.make_user(session)
    profiles.set_picture(session, actor=user, kind="cover", data=images.png(2400, 1200), store=store)
    fresh = _reload(session, user)
    with Image.open(store.path(fresh.cover_key)) as img:
        assert img.size == (1600, 400)
    with Image.open(store.path(fresh.cover_thumb_key)) as img:
        assert img.size == (480, 120)


def test_small_pictures_are_not_blown_up(session, store):
    user = factories.make_user(session)
    profiles.set_picture(session, actor=user, kind="avatar", data=images.png(200, 100), store=store)
    with Image.open(store.path(_reload(session, user).avatar_key)) as img:
        assert img.size == (100, 100)


def test_new_picture_deletes_the_old_files(session, store):
    user = factories.make_user(session)
    profiles.set_picture(session, actor=user, kind="avatar", data=images.png(), store=store)
    first = _reload(session, user)
    old = {first.avatar_key, first.avatar_thumb_key}
    profiles.set_picture(session, actor=user, kind="avatar", data=images.png(color=(1, 2, 3)), store=store)
    second = _reload(session, user)
    assert {second.avatar_key, second.avatar_thumb_key}.isdisjoint(old)
    assert _files(store) == {second.avatar_key, second.avatar_thumb_key}


def test_two_sessions_uploading_leave_no_orphan_files(session, engine, store):
    """Each upload replaces whatever the row holds *now*, not what a stale object says."""
    from sqlmodel import Session

    user = factories.make_user(session)
    with Session(engine, expire_on_commit=False) as other:
        stale = other.get(User, user.id)  # loaded before the first upload
        profiles.set_picture(session, actor=user, kind="avatar", data=images.png(), store=store)
        profiles.set_picture(other, actor=stale, kind="avatar", data=images.png(color=(9, 9, 9)), store=store)
    fresh = _reload(session, user)
    assert _files(store) == {fresh.avatar_key, fresh.avatar_thumb_key}


@pytest.mark.parametrize(
    "data, message",
    [
        (b"GIF89a but not really an image", "could not be read"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "could not be read"),
        (b"", "could not be read"),
        ("decompression_bomb", "too large"),
        ("huge", "too big"),
    ],
)
def test_hostile_pictures_change_nothing(session, store, data, message):
    user = factories.make_user(session)
    profiles.set_picture(session, actor=user, kind="avatar", data=images.png(), store=store)
    before = _reload(session, user)
    keys, files = (before.avatar_key, before.avatar_thumb_key), _files(store)
    if data == "decompression_bomb":
        data = images.decompression_bomb()
    elif data == "huge":
        data = images.png() + b"\0" * picture_uploads.MAX_PICTURE_BYTES
    with pytest.raises(ImageRejected, match=message):
        profiles.set_picture(session, actor=user, kind="avatar", data=data, store=store)
    after = _reload(session, user)
    assert (after.avatar_key, after.avatar_thumb_key) == keys
    assert _files(store) == files


def test_unknown_picture_kind_and_anonymous_are_refused(session, store):
    user = factories.make_user(session)
    with pytest.raises(Invalid):
        profiles.set_picture(session, actor=user, kind="banner", data=images.png(), store=store)
    with pytest.raises(PermissionDenied):
        profiles.set_picture(session, actor=None, kind="avatar", data=images.png(), store=store)
    assert _files(store) == set()


def test_remove_picture_clears_keys_and_files(session, store):
    user = factories.make_user(session)
    profiles.set_picture(session, actor=user, kind="cover", data=images.png(), store=store)
    profiles.set_picture(session, actor=user, kind="avatar", data=images.png(), store=store)
    me = profiles.remove_picture(session, actor=user, kind="cover", store=store)
    fresh = _reload(session, user)
    assert me.cover_url is None and fresh.cover_key is None and fresh.cover_thumb_key is None
    assert _files(store) == {fresh.avatar_key, fresh.avatar_thumb_key}


# Public profile.


def test_public_profile_hides_private_fields(session, store):
    user = factories.make_account(session, username="ada", first_name="Ada", last_name="Lovelace",
                                  phone="+16502530000", date_of_birth=date(1990, 4, 1))
    profiles.set_picture(session, actor=user, kind="avatar", data=images.png(), store=store)
    public = profiles.public_profile(session, "ADA")
    data = public.model_dump(mode="json")
    assert set(data) == {"username", "display_name", "avatar_url", "avatar_thumb_url", "cover_url",
                         "member_since", "artist", "url"}
    text = repr(data)
    for secret in (user.email, "+16502530000", "1990-04-01", user.password_hash):
        assert secret not in text
    assert public.display_name == "Ada Lovelace" and public.avatar_url and public.url == "/user/ada"


def test_public_profile_unknown_or_suspended_is_not_found(session):
    factories.make_user(session, username="gone", suspended=True)
    for name in ("gone", "nobody", "", "x" * 200):
        with pytest.raises(NotFound):
            profiles.public_profile(session, name)


# Becoming an artist.


def test_become_artist_grants_role_and_links_profile(session):
    user = factories.make_user(session)
    me = profiles.become_artist(session, actor=user, stage_name="  Nova   Drive ")
    artist = session.exec(select(ArtistProfile).where(ArtistProfile.user_id == user.id)).one()
    assert (artist.stage_name, artist.slug) == ("Nova Drive", "nova-drive")
    assert me.role == "artist" and me.artist.url == "/artist/nova-drive"
    assert _reload(session, user).role == Role.ARTIST
    assert profiles.public_profile(session, user.username).artist.slug == "nova-drive"


def test_become_artist_gets_a_unique_slug(session):
    factories.make_artist(session, stage_name="Nova Drive")
    factories.make_artist(session, stage_name="Nova Drive 2", slug="nova-drive-2")
    me = profiles.become_artist(session, actor=factories.make_user(session), stage_name="Nova Drive")
    assert me.artist.slug == "nova-drive-3"


def test_become_artist_refuses_a_second_profile_and_bad_names(session):
    user = factories.make_user(session)
    profiles.become_artist(session, actor=user, stage_name="First")
    with pytest.raises(Conflict, match="already"):
        profiles.become_artist(session, actor=user, stage_name="Second")
    other = factories.make_user(session)
    for bad in ("", "   ", "x" * 201):
        with pytest.raises(Invalid):
            profiles.become_artist(session, actor=other, stage_name=bad)
    assert _reload(session, other).role == Role.LISTENER
    with pytest.raises(PermissionDenied):
        profiles.become_artist(session, actor=None, stage_name="Ghost")
    assert len(session.exec(select(ArtistProfile)).all()) == 1


def test_admins_keep_their_role(session):
    admin = factories.make_user(session, role=Role.ADMIN)
    me = profiles.become_artist(session, actor=admin, stage_name="DJ Admin")
    assert me.role == "admin" and me.artist is not None
