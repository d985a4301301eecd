"""Archive mode in the UI: the admin switch, the banner, and page handlers refused with the message."""

from __future__ import annotations

from sqlmodel import select

from spoticlone import routes
from spoticlone.models import Playlist, Role, TrackLike
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.lifecycle import archive
from spoticlone.state.admin.archive import AdminArchiveState, ArchiveBannerState
from spoticlone.state.library.likes import LikeState
from spoticlone.state.library.sidebar import SidebarLibraryState
from spoticlone.testing.driver import call, run
from tests.factories import make_track, make_user
from tests.state.conftest import make_state

MESSAGE = "Spoticlone closes on 31 January."


def _admin_state(session, user):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(AdminArchiveState, routes.ADMIN_ARCHIVE, routes.ADMIN_ARCHIVE, session_token=token)


def test_non_admins_see_no_switch_and_change_nothing(session):
    state = _admin_state(session, make_user(session))
    run(AdminArchiveState.load, state)
    assert state.loaded and not state.allowed
    state.message = "Hijack"
    run(AdminArchiveState.turn_on, state)
    assert not archive.archive_status(session).enabled


def test_an_admin_turns_it_on_and_the_banner_shows_the_message(session):
    state = _admin_state(session, make_user(session, role=Role.ADMIN))
    run(AdminArchiveState.load, state)
    assert state.allowed and not state.enabled
    run(AdminArchiveState.set_message, state, MESSAGE)
    run(AdminArchiveState.set_contact, state, "ops@example.com")
    run(AdminArchiveState.set_closes_on, state, "2027-01-31")
    run(AdminArchiveState.turn_on, state)
    assert state.enabled and "read-only" in state.notice and state.error == ""
    banner = state.parent_state.get_substate(ArchiveBannerState.get_full_name().split("."))
    assert banner.archived and MESSAGE in banner.notice
    fresh = make_state(ArchiveBannerState, routes.HOME, "/")
    run(ArchiveBannerState.load, fresh)
    assert fresh.archived and "31 January 2027" in fresh.notice and "ops@example.com" in fresh.notice
    run(AdminArchiveState.turn_off, state)
    assert not state.enabled and not archive.archive_status(session).enabled


def test_a_bad_date_is_refused_in_words(session):
    state = _admin_state(session, make_user(session, role=Role.ADMIN))
    run(AdminArchiveState.load, state)
    run(AdminArchiveState.set_closes_on, state, "soon")
    run(AdminArchiveState.turn_on, state)
    assert "date" in state.error and not archive.archive_status(session).enabled


def test_page_handlers_are_refused_with_the_message_and_write_nothing(session):
    listener, song = make_user(session), make_track(session)
    token = create_session(session, user_id=listener.id)
    archive.set_archive(session, actor=None, operator=True, enabled=True, message=MESSAGE)
    likes = make_state(LikeState, routes.HOME, "/", session_token=token)
    result = call(LikeState.toggle_like, likes, song.id)
    assert MESSAGE in str(result) and likes.liked_ids == []
    assert session.exec(select(TrackLike)).all() == []
    # A handler of another page, which knows nothing about archive mode, meets the same guard.
    sidebar = make_state(SidebarLibraryState, routes.LIBRARY, routes.LIBRARY, session_token=token)
    assert MESSAGE in str(call(SidebarLibraryState.create_playlist, sidebar))
    assert session.exec(select(Playlist)).all() == []


def test_an_admin_exports_everyone_from_the_archive_page_and_sees_it_finish(session, settings):
    state = _admin_state(session, make_user(session, role=Role.ADMIN))
    make_user(session)
    run(AdminArchiveState.load, state)
    assert state.export_status == ""

    run(AdminArchiveState.start_export, state)

    assert (state.export_status, state.export_percent, state.error) == ("done", 100, "")
    assert state.export_progress == "2 of 2 accounts"
    assert state.export_folder.startswith(str(settings.data_dir))


def test_a_listener_cannot_start_the_export_of_everyone(session):
    state = _admin_state(session, make_user(session))
    run(AdminArchiveState.start_export, state)
    assert state.export_status == "" and not state.allowed
