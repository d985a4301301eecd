"""Legal pages, the admin editor and the "We've updated our Terms" gate, without a browser."""

from __future__ import annotations

from spoticlone import routes
from spoticlone.models import Role
from spoticlone.services.accounts import legal
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.lifecycle import archive
from spoticlone.state.accounts.legal import LegalPageState, TermsGateState
from spoticlone.state.admin.legal import AdminLegalState
from spoticlone.testing.driver import run
from tests.factories import make_user
from tests.state.conftest import make_state


def _token(session, user):
    return create_session(session, user_id=user.id)


def test_a_page_shows_the_newest_version_or_the_one_asked_for(session):
    admin = make_user(session, role=Role.ADMIN)
    legal.publish(session, actor=admin, kind="terms", body="First **rules**")
    legal.publish(session, actor=admin, kind="terms", body="Second rules", summary="Shorter")
    state = make_state(LegalPageState, routes.TERMS, routes.TERMS)
    run(LegalPageState.load_terms, state)
    assert state.version == 2 and state.body == "Second rules" and not state.is_old
    assert [row["version"] for row in state.history] == [2, 1] and state.history[0]["current"]
    old = make_state(LegalPageState, routes.TERMS, "/terms?version=1", {"version": "1"})
    run(LegalPageState.load_terms, old)
    assert old.version == 1 and old.is_old and old.history[1]["href"] == "/terms?version=1"
    missing = make_state(LegalPageState, routes.TERMS, "/terms?version=9", {"version": "9"})
    run(LegalPageState.load_terms, missing)
    assert missing.version == 2 and "does not exist" in missing.missing


def test_an_empty_page_says_so(session):
    state = make_state(LegalPageState, routes.LICENCES, routes.LICENCES)
    run(LegalPageState.load_licences, state)
    assert state.loaded and state.version == 0 and state.title == "Licences"


def test_the_gate_blocks_until_accepted_and_steps_aside_on_legal_pages(session):
    admin, listener = make_user(session, role=Role.ADMIN), make_user(session)
    legal.publish(session, actor=admin, kind="terms", body="v1", requires_acceptance=True)
    token = _token(session, listener)
    gate = make_state(TermsGateState, routes.HOME, "/", session_token=token)
    run(TermsGateState.load, gate)
    assert gate.blocking and gate.headline == "We've updated our Terms" and gate.pending[0]["href"] == "/terms"
    on_terms = make_state(TermsGateState, routes.TERMS, routes.TERMS, session_token=token)
    run(TermsGateState.load, on_terms)
    assert on_terms.must_accept and not on_terms.blocking
    run(TermsGateState.accept, gate)
    assert not gate.blocking and gate.pending == []
    again = make_state(TermsGateState, routes.HOME, "/", session_token=token)
    run(TermsGateState.load, again)
    assert not again.blocking
    assert legal.pending_for(session, actor=listener) == []


def test_visitors_and_archived_sites_are_not_asked(session):
    admin, listener = make_user(session, role=Role.ADMIN), make_user(session)
    legal.publish(session, actor=admin, kind="privacy", body="v1", requires_acceptance=True)
    visitor = make_state(TermsGateState, routes.HOME, "/")
    run(TermsGateState.load, visitor)
    assert not visitor.blocking
    token = _token(session, listener)
    archive.set_archive(session, actor=None, operator=True, enabled=True)
    gate = make_state(TermsGateState, routes.HOME, "/", session_token=token)
    run(TermsGateState.load, gate)
    assert not gate.blocking


def test_the_admin_editor_publishes_and_asks_for_acceptance(session):
    admin = make_user(session, role=Role.ADMIN)
    state = make_state(AdminLegalState, routes.ADMIN_LEGAL, routes.ADMIN_LEGAL, session_token=_token(session, admin))
    run(AdminLegalState.load, state)
    assert state.allowed and state.kind == "terms" and state.latest_version == 0
    run(AdminLegalState.set_body, state, "# New terms\n<script>alert(1)</script>")
    run(AdminLegalState.set_summary, state, "Everything")
    run(AdminLegalState.set_requires_acceptance, state, True)
    run(AdminLegalState.toggle_preview, state)
    assert state.preview
    run(AdminLegalState.publish, state)
    assert "Published version 1" in state.notice and "accept" in state.notice and state.latest_version == 1
    assert legal.current_document(session, kind="terms").requires_acceptance
    run(AdminLegalState.choose, state, "licences")
    run(AdminLegalState.set_requires_acceptance, state, True)
    assert state.kind == "licences" and not state.requires_acceptance and not state.can_require
    run(AdminLegalState.set_body, state, "  ")
    run(AdminLegalState.publish, state)
    assert "Write the document" in state.error and legal.current_document(session, kind="licences") is None


def test_a_listener_gets_no_editor(session):
    state = make_state(AdminLegalState, routes.ADMIN_LEGAL, routes.ADMIN_LEGAL,
                       session_token=_token(session, make_user(session)))
    run(AdminLegalState.load, state)
    assert state.loaded and not state.allowed
    run(AdminLegalState.set_body, state, "Mine")
    run(AdminLegalState.publish, state)
    assert legal.current_document(session, kind="terms") is None
