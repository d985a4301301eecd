"""Signing up again and again with someone's address: a few notices, and no oracle."""

from __future__ import annotations

from tests import factories
from tests.api.auth_helpers import latest_mail, outbox_messages, register


def _answer(response) -> tuple[int, bytes]:
    """Status and body with the (random) request id taken out: all that may differ."""
    request_id = response.json()["request_id"]
    return response.status_code, response.content.replace(request_id.encode(), b"<id>")


def test_a_flood_of_sign_ups_sends_only_the_capped_number_of_notices(api, settings, session):
    factories.make_user(session, email="owner@example.com", username="owner", email_verified=True)
    before = len(outbox_messages(settings.outbox_dir))
    answers = []
    for _ in range(6):
        answers.append(_answer(register(api, "owner@example.com", "stranger")))
    assert len(outbox_messages(settings.outbox_dir)) - before == 3
    notice = latest_mail(settings.outbox_dir)
    assert notice["To"] == "owner@example.com" and "tried to sign up" in notice["Subject"]

    assert answers[0][0] == 201
    assert len(set(answers)) == 1  # mailed (the first three) or capped (the rest): byte for byte the same

    fresh = register(api, "fresh@example.com", "stranger")
    status, body = _answer(fresh)
    assert (status, body.replace(b"fresh@example.com", b"owner@example.com")) == answers[0]
