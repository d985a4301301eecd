"""AdminPageState: the one mapping of an admin service call's outcome, as each admin page uses it."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.models import Role
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.admin.archive import AdminArchiveState
from spoticlone.state.admin.audit import AdminAuditState
from spoticlone.state.admin.backups import AdminBackupsState
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.admin.data_browser import AdminDataState
from spoticlone.state.admin.editorial import AdminEditorialState
from spoticlone.state.admin.legal import AdminLegalState
from spoticlone.state.admin.plugins import AdminPluginsState
from spoticlone.state.admin.users import AdminUsersState
from spoticlone.state.moderation.review import ReviewState
from spoticlone.state.support.help import HelpEditorState
from spoticlone.state.support.inbox import SupportInboxState, SupportTicketState
from spoticlone.testing.driver import events_of, is_sign_in_redirect
from tests.factories import make_user
from tests.state.conftest import make_state

#: Pages that send a signed-out visitor to sign in, with a route each loads on.
SIGN_IN_FIRST = {ReviewState: routes.ADMIN_REPORTS, AdminArchiveState: routes.ADMIN_ARCHIVE,
                 AdminLegalState: routes.ADMIN_LEGAL, SupportInboxState: routes.ADMIN_SUPPORT,
                 HelpEditorState: routes.ADMIN_HELP}
#: Pages that let the service refuse a visitor in words, as it refuses a listener.
REFUSED_IN_WORDS = {AdminUsersState: routes.ADMIN_USERS, AdminPluginsState: routes.ADMIN_PLUGINS,
                    AdminDataState: routes.ADMIN_DATA, AdminAuditState: routes.ADMIN_AUDIT,
                    AdminEditorialState: routes.ADMIN_EDITORIAL}
EVERY_PAGE = [*SIGN_IN_FIRST, *REFUSED_IN_WORDS, AdminBackupsState, SupportTicketState]


def test_every_admin_page_is_its_own_substate_holding_the_shared_vars():
    """A mixin, not a parent: no admin page's event loads another page's vars."""
    for state_cls in EVERY_PAGE:
        assert issubclass(state_cls, AdminPageState)
        assert state_cls.get_parent_state() is rx.State, state_cls
        assert {"loaded", "allowed", "error"} <= set(state_cls.base_vars), state_cls


def test_a_visitor_is_sent_to_sign_in_or_refused_in_words_as_the_page_says():
    for state_cls, route in SIGN_IN_FIRST.items():
        state = make_state(state_cls, route, route)
        assert is_sign_in_redirect(events_of(state_cls.load, state)[-1]), state_cls
        assert not state.allowed, state_cls
    for state_cls, route in REFUSED_IN_WORDS.items():
        state = make_state(state_cls, route, route)
        assert not any(is_sign_in_redirect(e) for e in events_of(state_cls.load, state)), state_cls
        assert not state.allowed and state.error == "Sign in to do that.", state_cls


def test_a_listener_sees_no_page_and_an_admin_does(session):
    listener, admin = make_user(session), make_user(session, role=Role.ADMIN)
    # The plugins page needs a plugin catalog set up: test_plugins_state.py covers it.
    pages = {c: r for c, r in {**SIGN_IN_FIRST, **REFUSED_IN_WORDS}.items() if c is not AdminPluginsState}
    for user, allowed in ((listener, False), (admin, True)):
        token = create_session(session, user_id=user.id)
        for state_cls, route in pages.items():
            state = make_state(state_cls, route, route, session_token=token)
            events = events_of(state_cls.load, state)
            assert state.allowed is allowed and state.loaded, (state_cls, user.role)
            assert not any(is_sign_in_redirect(e) for e in events), state_cls


def test_an_admin_whose_log_filter_is_refused_still_sees_the_page(session):
    """The log checks the administrator before the filter, so its refusal keeps the page."""
    token = create_session(session, user_id=make_user(session, role=Role.ADMIN).id)
    path = routes.admin_audit_url(since="2026-03-02", until="2026-03-01")
    state = make_state(AdminAuditState, routes.ADMIN_AUDIT, path, {"since": "2026-03-02", "until": "2026-03-01"},
                       session_token=token)
    events_of(AdminAuditState.load, state)
    assert state.allowed and state.loaded and state.entries == []
    assert state.error == "The start date is after the end date."
