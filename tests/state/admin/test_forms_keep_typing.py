"""An admin form keeps what the admin typed when the page's load lands again afterwards.

The browser can run a page's ``load`` after the form is showing (a reconnect re-runs
``on_load``; a tab that comes back keeps the page's state). Each test types, then runs the
load again, as happened in the archive journey in CI, where the stored message came back
over the typed one.
"""

from __future__ import annotations

from reflex.istate.data import RouterData

from spoticlone import routes
from spoticlone.models import Role
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.lifecycle import archive
from spoticlone.services.support import requests
from spoticlone.state.admin.archive import AdminArchiveState
from spoticlone.state.admin.editorial import AdminEditorialState
from spoticlone.state.admin.legal import AdminLegalState
from spoticlone.state.support.help import HelpEditorState
from spoticlone.state.support.inbox import SupportTicketState
from spoticlone.testing.driver import run
from tests.factories import make_user
from tests.state.conftest import make_state

TYPED = "Spoticlone is closing. Music keeps playing until the end of January."


def _as_admin(session, state_cls, route):
    token = create_session(session, user_id=make_user(session, role=Role.ADMIN).id)
    return make_state(state_cls, route, route, session_token=token)


def test_a_late_archive_load_keeps_the_typed_message_and_refreshes_the_rest(session):
    state = _as_admin(session, AdminArchiveState, routes.ADMIN_ARCHIVE)
    run(AdminArchiveState.load, state)
    assert state.loaded and state.message == ""
    run(AdminArchiveState.set_message, state, TYPED)
    archive.set_archive(session, actor=None, operator=True, enabled=False, message="stored",
                        contact="ops@example.com")

    run(AdminArchiveState.load, state)
    assert state.message == TYPED  # typed: kept
    assert state.contact == "ops@example.com"  # not typed: the stored value comes in

    run(AdminArchiveState.turn_on, state)
    assert archive.archive_status(session).message == TYPED
    archive.set_archive(session, actor=None, operator=True, enabled=True, message="changed elsewhere")
    run(AdminArchiveState.load, state)
    assert state.message == "changed elsewhere"  # saved: the field follows the stored value again


def test_a_late_legal_load_keeps_the_draft_and_picking_a_document_replaces_it(session):
    state = _as_admin(session, AdminLegalState, routes.ADMIN_LEGAL)
    run(AdminLegalState.load, state)
    stored_body = state.body
    run(AdminLegalState.set_body, state, "# Terms\n\nBe kind.")
    run(AdminLegalState.set_summary, state, "Clearer rules")
    run(AdminLegalState.load, state)
    assert (state.body, state.summary) == ("# Terms\n\nBe kind.", "Clearer rules")

    run(AdminLegalState.choose, state, "privacy")
    run(AdminLegalState.choose, state, "terms")
    assert (state.body, state.summary) == (stored_body, "")


def test_a_late_editorial_load_keeps_the_feature_being_written(session):
    state = _as_admin(session, AdminEditorialState, routes.ADMIN_EDITORIAL)
    run(AdminEditorialState.load, state)
    run(AdminEditorialState.set_form_blurb, state, "Late-night drives")
    run(AdminEditorialState.load, state)
    assert state.form_blurb == "Late-night drives"
    run(AdminEditorialState.cancel_edit, state)
    assert state.form_blurb == ""


def test_a_late_help_editor_load_keeps_the_answer_being_written(session):
    state = _as_admin(session, HelpEditorState, routes.ADMIN_HELP)
    run(HelpEditorState.load, state)
    run(HelpEditorState.set_title, state, "Why does playback stop?")
    run(HelpEditorState.set_canned_body, state, "Thanks for writing in.")
    run(HelpEditorState.load, state)
    assert (state.title, state.canned_body) == ("Why does playback stop?", "Thanks for writing in.")
    run(HelpEditorState.new_article, state)
    assert state.title == "" and state.canned_body == "Thanks for writing in."


def test_a_late_ticket_load_keeps_the_reply_and_another_request_starts_empty(session):
    listener = make_user(session)
    first, second = (requests.create_request(session, actor=listener, category="playback", subject=subject,
                                             message="It stops.")
                     for subject in ("Playback stops", "Cannot sign in"))
    state = _as_admin(session, SupportTicketState, routes.ADMIN_SUPPORT_REQUEST_ROUTE)

    def open_request(made):
        """Navigate this tab's state to ``made``'s page and run its load."""
        state.parent_state.router = RouterData.from_router_data({
            "pathname": routes.ADMIN_SUPPORT_REQUEST_ROUTE, "asPath": f"/admin/support/{made.id}",
            "query": {"admin_request_id": str(made.id)}, "headers": dict(state.router.headers.raw_headers)})
        run(SupportTicketState.load, state)

    open_request(first)
    run(SupportTicketState.set_reply, state, "Try another browser.")
    open_request(first)
    assert state.reply == "Try another browser."
    open_request(second)
    assert state.request["id"] == second.id and state.reply == ""
