"""The terms gate for page events: a crafted websocket event writes nothing until the terms are accepted.

The dialog only hides the page; these events are sent as a client that skipped it would,
and the server refuses them (``services/accounts/terms_gate.py``) with the terms message.
"""

from __future__ import annotations

from sqlmodel import select

from spoticlone import routes
from spoticlone.models import AccountDeletion, Role, TrackLike
from spoticlone.services.accounts import legal
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.accounts.deletion import AccountDeletionState
from spoticlone.state.accounts.legal import TermsGateState
from spoticlone.state.library.likes import LikeState
from spoticlone.testing.driver import events_of, run
from tests.factories import make_account, make_track, make_user
from tests.state.conftest import make_state

PASSWORD = "correct horse battery"  # make_account's default


def _new_terms(session):
    legal.publish(session, actor=make_user(session, role=Role.ADMIN), kind="terms", body="v2",
                  requires_acceptance=True)


def _likes(session, user) -> list[int]:
    session.expire_all()
    return [like.track_id for like in session.exec(select(TrackLike).where(TrackLike.user_id == user.id))]


def test_a_like_waits_for_the_new_terms_then_goes_through(session):
    ada, track = make_account(session, username="ada"), make_track(session)
    _new_terms(session)
    token = create_session(session, user_id=ada.id)
    likes = make_state(LikeState, routes.HOME, "/", session_token=token)

    refused = events_of(LikeState.toggle_like, likes, track.id)
    assert _likes(session, ada) == [] and likes.liked_ids == []
    assert "We've updated our Terms of Service" in str(refused) and "accept them" in str(refused)

    gate = make_state(TermsGateState, routes.HOME, "/", session_token=token)
    run(TermsGateState.load, gate)
    assert gate.blocking
    run(TermsGateState.accept, gate)
    assert not gate.blocking

    events_of(LikeState.toggle_like, likes, track.id)
    assert _likes(session, ada) == [track.id] and likes.liked_ids == [track.id]


def test_someone_who_will_not_accept_can_still_ask_to_delete_their_account(session):
    ada = make_account(session, username="ada")
    _new_terms(session)
    token = create_session(session, user_id=ada.id)
    state = make_state(AccountDeletionState, routes.SETTINGS_DELETE, routes.SETTINGS_DELETE, session_token=token)
    events_of(AccountDeletionState.request_deletion, state, {"delete_password": PASSWORD, "understand": "on"})
    assert state.error == "" and state.pending
    session.expire_all()
    assert session.exec(select(AccountDeletion).where(AccountDeletion.user_id == ada.id)).one().status == "pending"
