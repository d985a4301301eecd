"""A handler waits for the mail server only so long: a slow send goes on in the background."""

from __future__ import annotations

import asyncio
import logging

import pytest

from spoticlone.integrations.mailer import MailerError
from spoticlone.state.accounts import mail_wait


async def _send(seconds: float, result=True, error: Exception | None = None, done: list | None = None):
    await asyncio.sleep(seconds)
    if done is not None:
        done.append(result)
    if error is not None:
        raise error
    return result


def test_a_quick_send_gives_its_own_result_or_error(monkeypatch):
    monkeypatch.setattr(mail_wait, "WAIT_SECONDS", 5.0)
    assert asyncio.run(mail_wait.within(_send(0, result=False), slow_result=True)) is False
    with pytest.raises(MailerError):
        asyncio.run(mail_wait.within(_send(0, error=MailerError("refused")), slow_result=True))


def test_a_slow_send_answers_at_once_and_still_finishes_its_failure_logged(monkeypatch, caplog):
    monkeypatch.setattr(mail_wait, "WAIT_SECONDS", 0.05)
    done: list = []

    async def scenario():
        answer = await mail_wait.within(_send(0.3, error=MailerError("timed out"), done=done), slow_result="sent?")
        assert done == []  # answered before the send ended
        while mail_wait._pending:
            await asyncio.sleep(0.05)
        return answer

    with caplog.at_level(logging.WARNING, logger=mail_wait.__name__):
        assert asyncio.run(scenario()) == "sent?"
    assert done == [True]  # the send was not cancelled
    assert "mail server is slow" in caplog.text and "a mail sent in the background failed" in caplog.text
