"""Delete-account handlers: the account is the cookie's, bad input changes nothing, the banner shows once."""

from __future__ import annotations

from sqlmodel import select

from spoticlone import routes
from spoticlone.models import AccountDeletion, Role
from spoticlone.services.auth.sessions import create_session, user_for_token
from spoticlone.state.accounts.deletion import AccountDeletionState, DeletionNoticeState, GoodbyeState
from spoticlone.testing.driver import event_arg, event_kind, events_of
from tests import factories
from tests.state.conftest import make_state

PASSWORD = "correct horse battery"


def _page(token: str | None):
    state = make_state(AccountDeletionState, routes.SETTINGS_DELETE, routes.SETTINGS_DELETE, session_token=token)
    events_of(AccountDeletionState.load, state)
    return state


def test_load_shows_the_grace_period_and_the_artist_choice_only_to_artists(session):
    listener = factories.make_account(session)
    artist = factories.make_account(session, role=Role.ARTIST)
    factories.make_artist(session, user_id=artist.id)
    listening = _page(create_session(session, user_id=listener.id))
    assert listening.loaded and not listening.pending and listening.grace_days == 14 and not listening.is_artist
    assert _page(create_session(session, user_id=artist.id)).is_artist


def test_confirming_schedules_the_deletion_signs_out_and_goes_to_the_goodbye_page(session):
    user = factories.make_account(session)
    token = create_session(session, user_id=user.id)
    state = _page(token)

    events = events_of(AccountDeletionState.request_deletion, state,
                       {"delete_password": PASSWORD, "understand": "on"})

    scripts = [event_arg(e, "javascript_code") for e in events if event_kind(e) == "_call_script"]
    assert scripts and routes.BROWSER_SIGN_OUT in scripts[0] and routes.ACCOUNT_DELETION_REQUESTED in scripts[0]
    assert user_for_token(session, token=token) is None
    assert session.exec(select(AccountDeletion)).one().user_id == user.id


def test_a_wrong_password_or_no_tick_shows_a_message_and_changes_nothing(session):
    user = factories.make_account(session)
    token = create_session(session, user_id=user.id)
    state = _page(token)

    events_of(AccountDeletionState.request_deletion, state, {"delete_password": PASSWORD})
    assert "Tick the box" in state.error
    events_of(AccountDeletionState.request_deletion, state, {"delete_password": "wrong one", "understand": "on"})
    assert state.error == "That password is not right." and not state.busy
    assert session.exec(select(AccountDeletion)).all() == []
    assert user_for_token(session, token=token) == user.id


def test_signed_out_visitors_cannot_ask(session):
    state = _page(None)
    events_of(AccountDeletionState.request_deletion, state, {"delete_password": PASSWORD, "understand": "on"})
    assert session.exec(select(AccountDeletion)).all() == []


def test_the_artist_choice_reaches_the_service(session):
    artist = factories.make_account(session, role=Role.ARTIST)
    factories.make_artist(session, user_id=artist.id)
    state = _page(create_session(session, user_id=artist.id))
    events_of(AccountDeletionState.choose_keep_releases, state, False)
    events_of(AccountDeletionState.request_deletion, state, {"delete_password": PASSWORD, "understand": "on"})
    assert session.exec(select(AccountDeletion)).one().keep_releases is False


def test_the_cancelled_banner_shows_once_after_signing_in_again(session):
    user = factories.make_account(session)
    state = _page(create_session(session, user_id=user.id))
    events_of(AccountDeletionState.request_deletion, state, {"delete_password": PASSWORD, "understand": "on"})
    token = create_session(session, user_id=user.id)  # signing in again cancels it

    banner = make_state(DeletionNoticeState, routes.HOME, routes.HOME, session_token=token)
    events_of(DeletionNoticeState.check, banner)
    assert banner.message.startswith("Your account deletion was cancelled")
    again = make_state(DeletionNoticeState, routes.HOME, routes.HOME, session_token=token)
    events_of(DeletionNoticeState.check, again)
    assert again.message == ""


def test_the_goodbye_page_shows_a_well_formed_date_only():
    good = make_state(GoodbyeState, routes.ACCOUNT_DELETION_REQUESTED, "/goodbye?on=2026-12-18",
                      {"on": "2026-12-18"})
    events_of(GoodbyeState.load, good)
    assert good.due_label == "Friday 18 December 2026"
    bad = make_state(GoodbyeState, routes.ACCOUNT_DELETION_REQUESTED, "/goodbye?on=<script>",
                     {"on": "<script>"})
    events_of(GoodbyeState.load, bad)
    assert bad.due_label == ""
