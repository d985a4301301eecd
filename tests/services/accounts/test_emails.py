"""Account email builders: both parts, escaping, and the "didn't ask?" line."""

from __future__ import annotations

import pytest

from spoticlone.services.accounts.emails import (
    email_change_email,
    password_reset_email,
    verification_code_email,
)

BUILDERS = [verification_code_email, password_reset_email, email_change_email]


@pytest.mark.parametrize("build", BUILDERS)
def test_every_email_has_code_validity_and_a_not_you_line(build):
    message = build("ada@example.org", "ada", "123456", 10)
    assert message.to == "ada@example.org"
    assert message.subject.startswith("Your Spoticlone ") and message.subject.endswith(" code")
    assert "123456" not in message.subject  # subjects are logged and shown on lock screens
    for body in (message.text, message.html):
        assert "123456" in body
        assert "10 minutes" in body
        assert "Didn" in body and "ignore this email" in body
    assert "Hi ada," in message.text
    assert message.html.lstrip().startswith("<!doctype html>")


def test_verification_subject_pattern():
    assert verification_code_email("a@b.org", "a", "042042", 10).subject == (
        "Your Spoticlone verification code"
    )


@pytest.mark.parametrize("build", BUILDERS)
def test_username_is_escaped_in_html_only(build):
    message = build("a@b.org", '<img src=x onerror="boom">&', "123456", 1)
    assert "<img" not in message.html
    assert "&lt;img src=x onerror=&quot;boom&quot;&gt;&amp;" in message.html
    assert '<img src=x onerror="boom">&' in message.text
    assert "1 minute " in message.text


@pytest.mark.parametrize("code", ["", "12ab56", "123456\nBcc: x@y.z", "1" * 11])
def test_non_digit_codes_are_refused(code):
    with pytest.raises(ValueError):
        verification_code_email("a@b.org", "a", code, 10)


def test_zero_minutes_is_refused():
    with pytest.raises(ValueError):
        password_reset_email("a@b.org", "a", "123456", 0)
