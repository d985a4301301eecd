"""Legal documents: versions, history, acceptance, and what a listener must accept."""

from __future__ import annotations

from datetime import date

import pytest

from spoticlone.models import LegalAcceptance, Role
from spoticlone.services.accounts import legal, signup
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from tests.factories import make_user


def _admin(session):
    return make_user(session, role=Role.ADMIN)


def test_nothing_is_published_at_first_and_nobody_is_asked(session):
    assert legal.current_document(session, kind="terms") is None
    page = legal.document_page(session, kind="privacy")
    assert page.document is None and page.history == [] and page.latest_version == 0
    assert legal.pending_for(session, actor=make_user(session)) == []


def test_publishing_numbers_versions_and_keeps_the_history(session):
    admin = _admin(session)
    first = legal.publish(session, actor=admin, kind="terms", body="# Terms\nBe nice.")
    second = legal.publish(session, actor=admin, kind="terms", body="# Terms\nBe nicer.", summary="Kinder")
    assert (first.version, second.version) == (1, 2)
    assert first.title == "Terms of Service" and second.author_name == admin.username
    page = legal.document_page(session, kind="terms")
    assert page.document.body.endswith("nicer.") and [v.version for v in page.history] == [2, 1]
    assert legal.document_page(session, kind="terms", version=1).document.body.endswith("nice.")
    with pytest.raises(NotFound):
        legal.document_page(session, kind="terms", version=9)
    # Each kind counts on its own.
    assert legal.publish(session, actor=admin, kind="privacy", body="Private").version == 1


@pytest.mark.parametrize("role", [None, Role.LISTENER, Role.ARTIST])
def test_only_admins_publish(session, role):
    actor = make_user(session, role=role) if role else None
    with pytest.raises(PermissionDenied):
        legal.publish(session, actor=actor, kind="terms", body="Mine now")
    assert legal.current_document(session, kind="terms") is None


def test_bad_input_is_refused_and_changes_nothing(session):
    admin = _admin(session)
    with pytest.raises(Invalid):
        legal.publish(session, actor=admin, kind="terms", body="   ")
    with pytest.raises(Invalid):
        legal.publish(session, actor=admin, kind="terms", body="x" * (legal.MAX_BODY + 1))
    with pytest.raises(Invalid):
        legal.publish(session, actor=admin, kind="licences", body="CC", requires_acceptance=True)
    with pytest.raises(NotFound):
        legal.publish(session, actor=admin, kind="cookies", body="Yum")
    assert legal.document_page(session, kind="terms").history == []


def test_a_version_that_requires_acceptance_is_pending_until_accepted(session):
    admin, listener = _admin(session), make_user(session)
    legal.publish(session, actor=admin, kind="terms", body="v1")
    assert legal.pending_for(session, actor=listener) == []  # v1 did not ask
    legal.publish(session, actor=admin, kind="terms", body="v2", requires_acceptance=True, summary="New rules")
    pending = legal.pending_for(session, actor=listener)
    assert [(p.kind, p.version, p.summary) for p in pending] == [("terms", 2, "New rules")]
    assert "Terms of Service" in legal.terms_refusal(pending)
    assert legal.pending_for(session, actor=None) == []

    accepted = legal.accept_current(session, actor=listener)
    assert [(p.kind, p.version) for p in accepted] == [("terms", 2)]
    assert legal.pending_for(session, actor=listener) == []
    assert legal.accept_current(session, actor=listener) == []  # twice is harmless
    # A later version without the flag does not ask again.
    legal.publish(session, actor=admin, kind="terms", body="v3 typo fix")
    assert legal.pending_for(session, actor=listener) == []


def test_accepting_needs_an_account(session):
    with pytest.raises(PermissionDenied):
        legal.accept_current(session, actor=None)


def test_seeding_fills_only_empty_kinds(session):
    admin = _admin(session)
    legal.publish(session, actor=admin, kind="terms", body="Real terms")
    added = legal.seed_first_versions(session, texts={"terms": "demo", "privacy": "demo privacy"})
    assert added == 1
    assert legal.current_document(session, kind="terms").body == "Real terms"
    assert legal.current_document(session, kind="privacy").version == 1


def test_sign_up_records_the_current_versions_and_needs_consent(session):
    admin = _admin(session)
    legal.publish(session, actor=admin, kind="terms", body="v1")
    legal.publish(session, actor=admin, kind="terms", body="v2", requires_acceptance=True)
    with pytest.raises(Invalid):
        signup.register(session, email="no@example.com", username="nope", password="a long enough pass",
                        date_of_birth=date(1990, 1, 1), accepted_terms=False)
    user_id, _request, _code = signup.register(
        session, email="yes@example.com", username="yes", password="a long enough pass",
        date_of_birth=date(1990, 1, 1), accepted_terms=True)
    rows = session.query(LegalAcceptance).filter_by(user_id=user_id).all()
    assert [(r.kind, r.version) for r in rows] == [("terms", 2)]
    from spoticlone.services.core.actor import load_actor
    assert legal.pending_for(session, actor=load_actor(session, user_id)) == []
