"""The bell, the list and the settings tab, without a browser."""

from __future__ import annotations

from spoticlone import routes
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.core import events
from spoticlone.services.notifications import inbox, preferences
from spoticlone.state.notifications.bell import NotificationBellState
from spoticlone.state.notifications.inbox import NotificationsState
from spoticlone.state.notifications.preferences import NotificationPreferencesState
from spoticlone.testing.driver import call, is_sign_in_redirect, redirect_target, run
from tests.factories import make_account
from tests.state.conftest import make_state


def _reply(session, user, request_id):
    events.emit(events.SUPPORT_REPLIED, session, request_id=request_id, user_id=user.id, message_id=request_id)
    session.commit()


def _bell_of(state) -> NotificationBellState:
    return state.parent_state.get_substate(NotificationBellState.get_full_name().split("."))


def test_bell_counts_and_the_list_marks_read_and_goes_to_the_link(session):
    ann = make_account(session, username="ann", email="ann@example.com")
    for request_id in (1, 2):
        _reply(session, ann, request_id)
    token = create_session(session, user_id=ann.id)

    bell = make_state(NotificationBellState, routes.HOME, "/", session_token=token)
    run(NotificationBellState.refresh, bell)
    assert (bell.unread, bell.badge, bell.label) == (2, "2", "Notifications, 2 unread")

    state = make_state(NotificationsState, routes.NOTIFICATIONS, routes.NOTIFICATIONS, session_token=token)
    run(NotificationsState.load, state)
    assert [i["link"] for i in state.items] == ["/support/requests/2", "/support/requests/1"]
    assert state.unread_here == 2 and not state.has_more

    target = call(NotificationsState.open_item, state, state.items[0]["id"], "https://evil.example/")
    assert redirect_target(target) == "/support/requests/2"  # the stored link, never the browser's
    assert state.items[0]["read"] and _bell_of(state).unread == 1
    run(NotificationsState.mark_all_read, state)
    assert state.unread_here == 0 and _bell_of(state).unread == 0
    assert inbox.unread_count(session, actor=ann) == 0


def test_a_forged_id_of_someone_elses_notification_changes_nothing(session):
    ann = make_account(session, username="ann", email="ann@example.com")
    bob = make_account(session, username="bob", email="bob@example.com")
    _reply(session, ann, 1)
    anns = inbox.list_notifications(session, actor=ann).items[0].id
    state = make_state(NotificationsState, routes.NOTIFICATIONS, routes.NOTIFICATIONS,
                       session_token=create_session(session, user_id=bob.id))
    run(NotificationsState.load, state)
    for forged in (anns, "1", None, True, 10**30):
        assert call(NotificationsState.open_item, state, forged, "/") is None
    assert "does not exist" in state.error
    assert inbox.unread_count(session, actor=ann) == 1


def test_signed_out_bell_is_empty_and_actions_send_to_sign_in(session):
    bell = make_state(NotificationBellState, routes.HOME, "/")
    run(NotificationBellState.refresh, bell)
    assert bell.unread == 0 and bell.badge == ""
    state = make_state(NotificationsState, routes.NOTIFICATIONS, routes.NOTIFICATIONS)
    assert is_sign_in_redirect(call(NotificationsState.mark_all_read, state))


def test_settings_tab_switches_save_per_kind(session):
    ann = make_account(session, username="ann", email="ann@example.com")
    state = make_state(NotificationPreferencesState, routes.SETTINGS_NOTIFICATIONS, routes.SETTINGS_NOTIFICATIONS,
                       session_token=create_session(session, user_id=ann.id))
    run(NotificationPreferencesState.load, state)
    assert state.loaded and state.rows[0]["kind"] == "release"

    run(NotificationPreferencesState.toggle, state, "follower", "email", True)
    assert state.notice == "New followers by email: on." and state.error == ""
    run(NotificationPreferencesState.toggle, state, "release", "in_app", False)
    saved = {p.kind: p for p in preferences.list_preferences(session, actor=ann)}
    assert saved["follower"].email and not saved["release"].in_app

    for forged in (("follower", "sms", True), ("follower", "email", "yes"), ("spam", "email", True),
                   ("digest", "in_app", True)):
        run(NotificationPreferencesState.toggle, state, *forged)
        assert state.error
    saved = {p.kind: p for p in preferences.list_preferences(session, actor=ann)}
    assert not saved["digest"].in_app


def test_the_two_bells_of_one_page_count_once_but_every_navigation_counts(session, monkeypatch):
    ann = make_account(session, username="ann", email="ann@example.com")
    token = create_session(session, user_id=ann.id)
    counts = []
    real = inbox.unread_count

    def counting(session, *, actor):
        counts.append(1)
        return real(session, actor=actor)

    monkeypatch.setattr(inbox, "unread_count", counting)
    state = make_state(NotificationBellState, routes.HOME, "/", session_token=token)
    run(NotificationBellState.refresh, state)
    run(NotificationBellState.refresh, state)
    assert len(counts) == 1
    _reply(session, ann, 1)
    other = make_state(NotificationBellState, routes.LIBRARY, routes.LIBRARY, session_token=token)
    other._refreshed_at, other._refreshed_page = state._refreshed_at, state._refreshed_page
    run(NotificationBellState.refresh, other)
    assert len(counts) == 2 and other.unread == 1
