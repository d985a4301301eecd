"""Profile settings handlers act only for the cookie's account; the public page hides the rest."""

from __future__ import annotations

from datetime import date

import pytest

from spoticlone import routes
from spoticlone.models import ArtistProfile, Role, User
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.media import picture_uploads
from spoticlone.state.accounts.profile import TOO_BIG, ProfileSettingsState, PublicProfileState
from spoticlone.testing.driver import run
from tests import images
from tests.factories import make_account, make_user
from tests.state.conftest import make_state
from tests.state.uploads import Chunks


@pytest.fixture
def ada(session) -> User:
    return make_account(session, username="ada", first_name="Ada", date_of_birth=date(1990, 4, 1))


def _settings(session, user: User | None) -> ProfileSettingsState:
    token = create_session(session, user_id=user.id) if user else None
    return make_state(ProfileSettingsState, routes.SETTINGS, routes.SETTINGS, session_token=token)


def _fresh(session, user: User) -> User:
    session.expire_all()
    return session.get(User, user.id)


def _stored(store) -> list:
    return [p for p in store.root.rglob("*") if p.is_file()]


def test_load_shows_own_profile(session, ada):
    state = run(ProfileSettingsState.load, _settings(session, ada))
    assert state.loaded and state.me["username"] == "ada" and state.me["email"] == ada.email
    assert state.me["date_of_birth"] == "1990-04-01" and state.me["artist_url"] == ""


def test_every_handler_refuses_without_a_signed_in_cookie(session, ada, store):
    state = _settings(session, None)
    run(ProfileSettingsState.load, state)
    assert not state.loaded and state.me == {}
    run(ProfileSettingsState.save, state, {"first_name": "Mallory", "username": "ada"})
    assert "Sign in" in state.form_error
    run(ProfileSettingsState.remove_picture, state, "avatar")
    assert "Sign in" in state.picture_error
    run(ProfileSettingsState.become_artist, state, {"stage_name": "Mallory"})
    assert "Sign in" in state.artist_error
    chunks = Chunks(images.png())
    run(ProfileSettingsState.upload_avatar, state, chunks)
    assert "Sign in" in state.picture_error and chunks.read == 0
    fresh = _fresh(session, ada)
    assert (fresh.first_name, fresh.avatar_key, fresh.role) == ("Ada", None, Role.LISTENER)
    assert session.query(ArtistProfile).count() == 0 and _stored(store) == []


def test_a_revoked_or_foreign_token_is_no_one(session, ada):
    state = make_state(ProfileSettingsState, routes.SETTINGS, routes.SETTINGS, session_token="forged")
    run(ProfileSettingsState.save, state, {"first_name": "Mallory"})
    assert "Sign in" in state.form_error and _fresh(session, ada).first_name == "Ada"


def test_save_edits_only_the_signed_in_account(session, ada):
    other = make_user(session, username="bob", first_name="Bob")
    state = _settings(session, ada)
    run(ProfileSettingsState.load, state)
    run(ProfileSettingsState.save, state, {
        "username": "ada", "first_name": " Ada ", "last_name": "Lovelace",
        "phone": "(650) 253-0000", "date_of_birth": "1990-04-01", "email_display": "x@evil.test",
    })
    assert state.form_error == "" and state.form_message and state.form_version == 1
    assert state.me["phone"] == "+16502530000" and state.me["display_name"] == "Ada Lovelace"
    fresh = _fresh(session, ada)
    assert (fresh.last_name, fresh.phone, fresh.email) == ("Lovelace", "+16502530000", ada.email)
    assert _fresh(session, other).first_name == "Bob"


@pytest.mark.parametrize(
    "form, words",
    [
        ({"first_name": "New", "phone": "12"}, "phone number"),
        ({"first_name": "New", "date_of_birth": "2022-02-02"}, "13"),
        ({"first_name": "New", "date_of_birth": "not a date"}, "date of birth"),
        ({"first_name": "New", "username": "x"}, "3 to 30"),
    ],
)
def test_save_bad_input_shows_why_and_changes_nothing(session, ada, form, words):
    state = _settings(session, ada)
    run(ProfileSettingsState.save, state, form)
    assert words in state.form_error and state.form_message == "" and state.form_version == 0
    assert _fresh(session, ada).first_name == "Ada"


def test_upload_avatar_sets_picture(session, ada, store):
    state = _settings(session, ada)
    run(ProfileSettingsState.upload_avatar, state, Chunks(images.jpeg_with_metadata()))
    fresh = _fresh(session, ada)
    assert state.picture_error == "" and state.uploading == ""
    assert fresh.avatar_key and state.me["avatar_url"].endswith(fresh.avatar_key)
    assert len(_stored(store)) == 2


def test_upload_cover_rejects_non_images(session, ada, store):
    state = _settings(session, ada)
    run(ProfileSettingsState.upload_cover, state, Chunks(b"MZ\x90\x00 an executable"))
    assert "could not be read" in state.picture_error
    assert _fresh(session, ada).cover_key is None and _stored(store) == []


def test_upload_stops_reading_past_the_limit(session, ada, store):
    data = b"\0" * (picture_uploads.MAX_PICTURE_BYTES + 3 * 1024 * 1024)
    chunks = Chunks(data, size=1024 * 1024)
    state = _settings(session, ada)
    run(ProfileSettingsState.upload_avatar, state, chunks)
    assert state.picture_error == TOO_BIG
    assert chunks.read < len(chunks.parts)  # the rest of the body was never read
    assert _fresh(session, ada).avatar_key is None and _stored(store) == []


def test_remove_picture(session, ada, store):
    state = _settings(session, ada)
    run(ProfileSettingsState.upload_cover, state, Chunks(images.png(800, 200)))
    run(ProfileSettingsState.remove_picture, state, "cover")
    assert state.me["cover_url"] is None and _fresh(session, ada).cover_key is None
    assert _stored(store) == []


def test_become_artist(session, ada):
    state = _settings(session, ada)
    run(ProfileSettingsState.become_artist, state, {"stage_name": ""})
    assert "stage" in state.artist_error.lower() or "name" in state.artist_error
    run(ProfileSettingsState.become_artist, state, {"stage_name": "Ada Waves"})
    assert state.artist_error == "" and state.me["artist_url"] == "/artist/ada-waves"
    assert state.me["role"] == "artist" and _fresh(session, ada).role == Role.ARTIST
    run(ProfileSettingsState.become_artist, state, {"stage_name": "Again"})
    assert "already" in state.artist_error


def _public(name: str) -> PublicProfileState:
    return make_state(PublicProfileState, routes.USER_ROUTE, routes.user_url(name), {"username": name})


def test_public_profile_state(session, ada):
    state = run(PublicProfileState.load, _public("ada"))
    assert not state.not_found and state.ready
    assert state.profile["display_name"] == "Ada" and state.profile["artist_url"] == ""
    assert "email" not in state.profile and "phone" not in state.profile
    assert state.page_title == "Ada | Spoticlone"


def test_public_profile_state_unknown_and_suspended(session):
    make_user(session, username="banned", suspended=True)
    for name in ("banned", "nobody"):
        state = run(PublicProfileState.load, _public(name))
        assert state.not_found and state.profile == {} and state.page_title.startswith("Not found")


def test_file_refused_by_the_browser_gets_a_clear_message(session, ada):
    state = _settings(session, ada)
    run(ProfileSettingsState.picture_rejected, state, [{"file": {"path": "big.tiff"}, "errors": []}])
    assert "JPEG, PNG or WebP" in state.picture_error and "10 MB" in state.picture_error
