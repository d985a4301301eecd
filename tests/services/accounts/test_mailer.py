"""Mailer backends against a real SMTP server (``smtp_server``: aiosmtpd on loopback) and the outbox.

The SMTP tests read the bytes yagmail's connection actually delivered, so they catch
what a mock never would: multipart structure, charset, header encoding, escaping.
"""

from __future__ import annotations

import email
import email.policy
import logging
import secrets
import stat

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from spoticlone.config import Settings, UnsafeConfiguration
from spoticlone.integrations.mailer import (
    EmailMessageSpec,
    MailerError,
    OutboxMailer,
    SmtpMailer,
    default_mailer,
    send_async,
)
from spoticlone.services.accounts.emails import verification_code_email
from tests.aio import run_async

EVIL_NAME = '<script>alert("x")</script> & Co'


@pytest.fixture
def smtp_auth_server(smtp_server):
    """The loopback server asking for a login; ``logins`` lists what each client sent."""
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        logins.append((auth_data.login, auth_data.password))
        ok = auth_data.login == b"mailer@example.org" and auth_data.password == b"app-pass"
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535

    return smtp_server.start(authenticator=authenticator, auth_require_tls=False), logins


def _parts(raw: bytes) -> dict[str, str]:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    return {
        part.get_content_type(): part.get_content()
        for part in parsed.walk()
        if not part.is_multipart()
    }, parsed


def test_smtp_mailer_delivers_multipart_verification_email(smtp_server, caplog):
    server = smtp_server.start()
    mailer = SmtpMailer(
        host=server.hostname,
        port=server.port,
        sender="Spoticlone <no-reply@spoticlone.test>",
        starttls=False,
    )
    with caplog.at_level(logging.INFO, logger="spoticlone.integrations.mailer"):
        mailer.send(verification_code_email("ada@example.org", EVIL_NAME, "123456", 10))

    assert "sent to ada@example.org" in caplog.text and "123456" not in caplog.text
    (envelope,) = server.received
    assert envelope.rcpt_tos == ["ada@example.org"]
    assert envelope.mail_from == "no-reply@spoticlone.test"
    parts, parsed = _parts(envelope.original_content)
    assert parsed["Subject"] == "Your Spoticlone verification code"
    assert parsed["To"] == "ada@example.org"
    assert parsed["From"] == "Spoticlone <no-reply@spoticlone.test>"
    assert parsed.get_content_type() == "multipart/alternative"
    assert set(parts) == {"text/plain", "text/html"}
    assert "123456" in parts["text/plain"] and "123456" in parts["text/html"]
    assert EVIL_NAME in parts["text/plain"]
    assert "<script>" not in parts["text/html"]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in parts["text/html"]


def test_smtp_mailer_logs_in_when_a_user_is_configured(smtp_auth_server):
    server, logins = smtp_auth_server
    settings = Settings(
        smtp_host=server.hostname,
        smtp_port=server.port,
        smtp_user="mailer@example.org",
        smtp_password="app-pass",
        smtp_starttls=False,
    )
    mailer = default_mailer(settings)
    assert isinstance(mailer, SmtpMailer)
    mailer.send(verification_code_email("bo@example.org", "bo", "654321", 10))
    assert logins == [(b"mailer@example.org", b"app-pass")]
    assert server.received[0].rcpt_tos == ["bo@example.org"]


def test_smtp_mailer_raises_on_bad_credentials(smtp_auth_server):
    server, _ = smtp_auth_server
    mailer = SmtpMailer(
        host=server.hostname, port=server.port, user="mailer@example.org",
        password="wrong", starttls=False,
    )
    with pytest.raises(MailerError):
        mailer.send(verification_code_email("bo@example.org", "bo", "654321", 10))
    assert server.received == []


def test_smtp_mailer_raises_when_the_server_is_down(smtp_server):
    mailer = SmtpMailer(host=smtp_server.hostname, port=smtp_server.port, starttls=False, timeout=5)
    with pytest.raises(MailerError):
        mailer.send(verification_code_email("bo@example.org", "bo", "654321", 10))


def test_send_async_runs_off_the_event_loop(smtp_server):
    server = smtp_server.start()
    mailer = SmtpMailer(host=server.hostname, port=server.port, starttls=False)
    message = verification_code_email("cy@example.org", "cy", "111222", 10)
    run_async(send_async(mailer, message))
    assert server.received[0].rcpt_tos == ["cy@example.org"]


def test_user_without_password_is_refused():
    with pytest.raises(ValueError, match="password"):
        SmtpMailer(host="smtp.example.org", user="me@example.org")
    with pytest.raises((UnsafeConfiguration, ValueError), match="PASSWORD"):
        Settings(smtp_host="smtp.example.org", smtp_user="me@example.org")


def test_outbox_mailer_writes_a_parseable_eml(settings, caplog):
    mailer = default_mailer(settings)
    assert isinstance(mailer, OutboxMailer)
    with caplog.at_level(logging.WARNING, logger="spoticlone.integrations.mailer"):
        mailer.send(verification_code_email("ada@example.org", EVIL_NAME, "123456", 10))
        mailer.send(verification_code_email("ada@example.org", "ada", "999999", 10))

    files = mailer.messages()
    assert len(files) == 2 and files[0].parent == settings.data_dir / "outbox"
    assert not list(files[0].parent.glob(".incoming-*"))
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    parts, parsed = _parts(files[0].read_bytes())
    assert parsed["Subject"] == "Your Spoticlone verification code"
    assert set(parts) == {"text/plain", "text/html"}
    assert "123456" in parts["text/html"] and "&lt;script&gt;" in parts["text/html"]
    assert str(files[0]) in caplog.text and "verification code" in caplog.text  # subject logged
    # ...but never the code: the log is read by more people, for longer, than the mailbox.
    assert "123456" not in caplog.text and "999999" not in caplog.text
    assert "999999" not in _parts(files[1].read_bytes())[1]["Subject"]


def test_default_mailer_picks_smtp_when_a_host_is_set(tmp_path):
    assert isinstance(default_mailer(Settings(data_dir=tmp_path)), OutboxMailer)
    mailer = default_mailer(Settings(data_dir=tmp_path, smtp_host="smtp.gmail.com", smtp_ssl=True))
    assert isinstance(mailer, SmtpMailer)
    assert mailer.host == "smtp.gmail.com" and mailer.ssl and not mailer.starttls


def test_production_without_smtp_warns_and_uses_the_outbox(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="spoticlone.config"):
        settings = Settings(env="production", secret_key=secrets.token_urlsafe(48), data_dir=tmp_path)
    assert "SPOTICLONE_SMTP_HOST is not set" in caplog.text
    assert isinstance(default_mailer(settings), OutboxMailer)


@pytest.mark.parametrize(
    "to, subject",
    [("a@example.org\nBcc: x@evil.test", "hi"), ("a@example.org", "hi\r\nBcc: x@evil.test"),
     ("not-an-address", "hi")],
)
def test_message_spec_refuses_header_injection(to, subject):
    with pytest.raises(ValueError):
        EmailMessageSpec(to=to, subject=subject, text="t", html="<p>t</p>")


@pytest.fixture
def starttls_server(smtp_server, tmp_path):
    """The loopback server, STARTTLS only, with a self-signed certificate for 127.0.0.1."""
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl CLI not available to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return smtp_server.start(tls_context=context, require_starttls=True), cert


def test_starttls_verifies_the_server_certificate(starttls_server, monkeypatch):
    server, cert = starttls_server
    mailer = SmtpMailer(host=server.hostname, port=server.port, starttls=True)
    message = verification_code_email("ada@example.org", "ada", "123456", 10)
    with pytest.raises(MailerError, match="CERTIFICATE_VERIFY_FAILED"):
        mailer.send(message)
    assert server.received == []

    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now the certificate is trusted
    mailer.send(message)
    assert server.received[0].rcpt_tos == ["ada@example.org"]


def test_smtp_password_is_not_shown_in_settings_repr():
    settings = Settings(smtp_host="smtp.example.org", smtp_user="u@example.org",
                        smtp_password="app-pass-123")
    assert "app-pass-123" not in repr(settings)
    assert default_mailer(settings).password == "app-pass-123"
