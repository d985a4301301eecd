"""Emailed codes never reach the server log, whichever flow mails them.

Without SMTP (the ``make run`` default) every email is written to the outbox and
logged at warning level; the log line names the subject, so a code in the subject
was a code in the log, readable by anyone who sees the console or the log files.
"""

from __future__ import annotations

import logging

from tests.api.auth_helpers import PASSWORD, bearer, code_from_outbox, latest_mail, login, register, signed_up


def _assert_not_logged(caplog, code: str, settings) -> None:
    assert len(code) == 6
    assert "written to" in caplog.text  # the outbox did log the email...
    assert code not in caplog.text  # ...but not its code
    assert code not in str(latest_mail(settings.outbox_dir)["Subject"])


def test_sign_up_code_is_not_logged(api, settings, caplog):
    with caplog.at_level(logging.DEBUG):
        assert register(api, "ann@example.com", "ann").status_code == 201
    _assert_not_logged(caplog, code_from_outbox(settings.outbox_dir, to="ann@example.com"), settings)


def test_password_reset_code_is_not_logged(api, settings, caplog):
    email = signed_up(api, settings)
    with caplog.at_level(logging.DEBUG):
        assert api.post("/api/v1/auth/password/reset", json={"email": email}).status_code == 200
    _assert_not_logged(caplog, code_from_outbox(settings.outbox_dir, to=email), settings)


def test_email_change_code_is_not_logged(api, settings, caplog):
    tokens = login(api, signed_up(api, settings))
    with caplog.at_level(logging.DEBUG):
        started = api.post("/api/v1/auth/email/change", headers=bearer(tokens["access_token"]),
                           json={"new_email": "new@example.com", "current_password": PASSWORD})
        assert started.status_code == 200, started.text
    _assert_not_logged(caplog, code_from_outbox(settings.outbox_dir, to="new@example.com"), settings)
