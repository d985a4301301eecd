"""The pages and the REST API answer the same bad input with the same words, at the same time.

Both adapters call one service and show its refusal as is (``state.refusals.ui_message``
for the pages, ``api/errors.py`` for HTTP), and both send a password reset's email
only after the answer has gone out (``accounts.mail.reset_mail`` + ``deliver``).
"""

from __future__ import annotations

import inspect

from spoticlone import routes
from spoticlone.state.auth.account import ResetState, SignInState, SignUpState
from spoticlone.testing.driver import events_of
from tests.aio import run_async
from tests.api.conftest import api  # noqa: F401 - the TestClient fixture
from tests.factories import make_account, make_user
from tests.state.account_helpers import mailed, sign_in_state
from tests.state.conftest import make_state

PASSWORD = "correct horse battery"
SIGN_UP = {"email": "ann@example.com", "username": "a", "password": PASSWORD, "date_of_birth": "2000-05-01"}


def test_a_bad_sign_up_gets_the_same_message_from_both(session, settings, api):  # noqa: F811
    answer = api.post("/api/v1/auth/register", json=SIGN_UP)
    state = make_state(SignUpState, routes.SIGN_UP, routes.SIGN_UP)
    events_of(SignUpState.submit, state, SIGN_UP)
    assert answer.status_code == 422
    assert state.error and state.error == answer.json()["detail"]


def test_an_unverified_sign_in_gets_the_same_message_and_the_page_offers_a_code(session, settings, api):  # noqa: F811
    make_account(session, email="una@example.com", password=PASSWORD, email_verified=False)
    form = {"email": "una@example.com", "password": PASSWORD}
    answer = api.post("/api/v1/auth/login", json=form)
    state = sign_in_state()
    events_of(SignInState.submit_password, state, form)
    assert answer.status_code == 403
    assert state.error == answer.json()["detail"]
    assert state.unverified, "the page reacts to the refusal's code, not to its wording"


def test_the_reset_page_answers_before_the_email_goes_out(session, settings):
    make_user(session, email="rae@example.com")
    state = make_state(ResetState, routes.RESET_PASSWORD, routes.RESET_PASSWORD)
    seen_at_answer: list[int] = []

    async def go():
        updates = ResetState.request_code.fn(state, {"email": "rae@example.com"})
        assert inspect.isasyncgen(updates)
        async for _ in updates:
            if state.step == "code" and not seen_at_answer:
                seen_at_answer.append(len(mailed(settings)))

    run_async(go())
    assert seen_at_answer == [0], "the answer must reach the browser before the mail is sent"
    assert len(mailed(settings)) == 1
