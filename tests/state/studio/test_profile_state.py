"""The artist profile form (settings and /studio/profile) and the artist page's extras, without a browser."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone import routes
from spoticlone.models import ArtistProfile, Role, User
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.studio import profile
from spoticlone.state.accounts.profile import ProfileSettingsState
from spoticlone.state.catalog.artist import ArtistState
from spoticlone.state.studio.profile import ArtistProfileState
from spoticlone.testing.driver import event_arg, event_kind, events_of, run
from tests import images
from tests.factories import make_account, make_user
from tests.state.conftest import make_state
from tests.state.uploads import Chunks


@pytest.fixture
def ada(session) -> User:
    return make_account(session, username="ada")


def _form(session, user: User | None, route: str = routes.STUDIO_PROFILE) -> ArtistProfileState:
    token = create_session(session, user_id=user.id) if user else None
    return make_state(ArtistProfileState, route, route, session_token=token)


def _artist_page(session, slug: str, user: User | None = None) -> ArtistState:
    token = create_session(session, user_id=user.id) if user else None
    return make_state(ArtistState, routes.ARTIST_ROUTE, routes.artist_url(slug), {"artist_slug": slug},
                      session_token=token)


def _submit(state: ArtistProfileState, **fields) -> dict:
    form = {"stage_name": "", "slug": "", "bio": ""}
    form.update({k: v for k, v in fields.items() if k != "links"})
    for row, (label, url) in zip(state.link_rows, fields.get("links", []), strict=False):
        form[f"link_label_{row['key']}"], form[f"link_url_{row['key']}"] = label, url
    return form


def test_create_from_settings_suggests_checks_and_creates(session, ada):
    make_user(session, username="bob")
    profile.create_artist_profile(session, actor=session.exec(select(User).where(User.username == "bob")).one(),
                                  stage_name="Taken", slug="taken")
    state = run(ArtistProfileState.load, _form(session, ada, routes.SETTINGS))
    assert state.loaded and not state.has_profile and len(state.link_rows) == 1
    run(ArtistProfileState.stage_name_changed, state, "Nová Drive")
    assert state.slug_default == "nova-drive" and state.slug_ok and "available" in state.slug_message
    run(ArtistProfileState.slug_changed, state, "taken")
    assert not state.slug_ok and "taken" in state.slug_message and state.slug_touched
    run(ArtistProfileState.stage_name_changed, state, "Something Else")
    assert state.slug_default == "nova-drive"  # the artist typed an address: no more suggestions
    run(ArtistProfileState.slug_changed, state, "admin")
    assert not state.slug_ok and "reserved" in state.slug_message
    run(ArtistProfileState.add_link, state)
    form = _submit(state, stage_name="Nova Drive", slug="taken", bio="Hi",
                   links=[("Shop", "https://shop.example.com"), ("Evil", "javascript:alert(1)")])
    run(ArtistProfileState.create, state, form)
    assert "https://" in state.error  # the hostile link is refused, nothing created
    key = state.link_rows[1]["key"]
    blank = {f"link_url_{key}": "", f"link_label_{key}": " "}  # an emptied row is dropped
    run(ArtistProfileState.create, state, {**form, **blank})
    assert "taken" in state.error
    assert session.exec(select(ArtistProfile).where(ArtistProfile.user_id == ada.id)).first() is None
    events = events_of(ArtistProfileState.create, state, {**form, **blank, "slug": "nova-drive"})
    assert state.error == "" and state.has_profile and state.artist["slug"] == "nova-drive"
    assert [link["label"] for link in state.link_rows] == ["Shop"]
    assert ProfileSettingsState.load in events  # the settings page shows the new artist card
    session.expire_all()
    assert session.get(User, ada.id).role == Role.ARTIST


def test_edit_page_saves_all_or_nothing(session, ada):
    profile.create_artist_profile(session, actor=ada, stage_name="Nova", slug="nova",
                                  links=[{"label": "Site", "url": "https://nova.example.com"}])
    state = run(ArtistProfileState.load, _form(session, ada))
    assert state.has_profile and state.artist["slug"] == "nova" and state.link_rows[0]["label"] == "Site"
    run(ArtistProfileState.stage_name_changed, state, "Other")
    assert state.slug_default == "nova"  # editing never rewrites the address by itself
    run(ArtistProfileState.save, state, _submit(state, stage_name="Nova 2", slug="nova-2", bio="x" * 2001,
                                                links=[("Site", "https://nova.example.com")]))
    assert "2,000" in state.error and profile.my_artist_profile(session, actor=ada).stage_name == "Nova"
    version = state.form_version
    run(ArtistProfileState.save, state, _submit(state, stage_name="Nova 2", slug="nova-2", bio="Line 1\nLine 2",
                                                links=[("", "https://shop.example.com")]))
    assert state.error == "" and "saved" in state.message and state.form_version > version
    assert state.artist["previous_text"] == "/artist/nova" and state.link_rows[0]["label"] == "shop.example.com"
    for _ in range(10):
        run(ArtistProfileState.add_link, state)
    assert len(state.link_rows) == 8 and not state.can_add_link
    run(ArtistProfileState.remove_link, state, state.link_rows[0]["key"])
    assert len(state.link_rows) == 7


def test_reload_showing_the_same_profile_keeps_what_is_being_typed(session, ada):
    """Opening /studio/profile from settings reuses the state; its load must not remount the form."""
    profile.create_artist_profile(session, actor=ada, stage_name="Nova", slug="nova",
                                  links=[{"label": "Site", "url": "https://nova.example.com"}])
    state = run(ArtistProfileState.load, _form(session, ada))
    form_version, slug_version = state.form_version, state.slug_version
    run(ArtistProfileState.load, state)
    assert (state.form_version, state.slug_version) == (form_version, slug_version)
    profile.update_artist_profile(session, actor=ada, stage_name="Nova", slug="nova-new", bio="",
                                  links=[{"label": "Site", "url": "https://nova.example.com"}])
    run(ArtistProfileState.load, state)  # changed elsewhere: the form shows the new values
    assert state.form_version > form_version and state.slug_default == "nova-new"


def test_picture_upload_and_refusals(session, ada, store):
    profile.create_artist_profile(session, actor=ada, stage_name="Nova")
    state = run(ArtistProfileState.load, _form(session, ada))
    run(ArtistProfileState.upload_image, state, Chunks(b"not a picture"))
    assert state.picture_error and not state.uploading and state.artist["image_url"] is None
    run(ArtistProfileState.upload_image, state, Chunks(images.png(300, 200)))
    assert state.picture_error == "" and state.artist["image_url"].startswith("/api/v1/media/images/")
    run(ArtistProfileState.remove_image, state)
    assert state.artist["image_url"] is None


def test_signed_out_or_listener_gets_nothing(session, ada, store):
    state = run(ArtistProfileState.load, _form(session, None))
    assert not state.loaded
    for handler, arg in ((ArtistProfileState.create, {"stage_name": "Mallory"}),
                         (ArtistProfileState.save, {"stage_name": "Mallory"})):
        run(handler, state, arg)
        assert "Sign in" in state.error
    chunks = Chunks(images.png())
    run(ArtistProfileState.upload_image, state, chunks)
    assert "Sign in" in state.picture_error and chunks.read == 0
    listener = run(ArtistProfileState.load, _form(session, ada))
    run(ArtistProfileState.save, listener, {"stage_name": "Mallory"})
    assert "artist profile" in listener.error
    assert session.exec(select(ArtistProfile)).all() == []


def test_settings_become_artist_handler_takes_the_full_form(session, ada):
    state = make_state(ProfileSettingsState, routes.SETTINGS, routes.SETTINGS,
                       session_token=create_session(session, user_id=ada.id))
    run(ProfileSettingsState.become_artist, state, {"stage_name": "Ada", "slug": "ada-music", "bio": "Hello",
                                                    "link_label_3": "", "link_url_3": "https://ada.example.com"})
    assert state.artist_error == "" and state.me["artist_url"] == "/artist/ada-music"
    assert profile.my_artist_profile(session, actor=ada).links[0].url == "https://ada.example.com"


def test_artist_page_links_redirect_and_badge(session, ada):
    profile.create_artist_profile(session, actor=ada, stage_name="Nova", slug="nova",
                                  links=[{"label": "Site", "url": "https://nova.example.com"}])
    profile.update_artist_profile(session, actor=ada, slug="nova-drive")
    old = _artist_page(session, "nova")
    redirects = [e for e in events_of(ArtistState.load, old) if event_kind(e) == "_redirect"]
    assert redirects and event_arg(redirects[-1], "path") == "/artist/nova-drive"
    page = _artist_page(session, "nova-drive")
    events_of(ArtistState.load, page)
    assert page.links == [{"label": "Site", "url": "https://nova.example.com"}]
    assert not page.can_verify and not page.can_edit
    run(ArtistState.toggle_verified, page)  # anonymous: sent to sign in, nothing changes
    own = _artist_page(session, "nova-drive", ada)
    events_of(ArtistState.load, own)
    assert own.can_edit and not own.can_verify
    run(ArtistState.toggle_verified, own)
    assert "administrators" in own.error and not own.artist["verified"]
    admin = make_user(session, username="root", role=Role.ADMIN)
    as_admin = _artist_page(session, "nova-drive", admin)
    events_of(ArtistState.load, as_admin)
    assert as_admin.can_verify
    run(ArtistState.toggle_verified, as_admin)
    assert as_admin.artist["verified"] and as_admin.error == ""
    run(ArtistState.toggle_verified, as_admin)
    assert not as_admin.artist["verified"]
    session.expire_all()
    assert not session.exec(select(ArtistProfile)).one().verified
    gone = _artist_page(session, "nobody-here")
    events_of(ArtistState.load, gone)
    assert gone.not_found
