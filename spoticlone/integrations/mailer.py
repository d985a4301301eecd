"""Sending account emails: over SMTP with yagmail, or into a local outbox.

Two backends share one message format (a standard-library ``EmailMessage`` with a
``text/plain`` and a ``text/html`` alternative), so what lands in the outbox during
development is byte-for-byte the kind of message a real server receives.

- :class:`SmtpMailer` is used when ``SPOTICLONE_SMTP_HOST`` is set.
- :class:`OutboxMailer` is used otherwise: one ``.eml`` file per message under
  ``<data_dir>/outbox/`` plus a log line, so sign-up works out of the box. In
  production this is a degraded mode and the settings log a loud warning at startup
  (we chose not to refuse to start: an instance without mail still plays music).

Sending is blocking network or disk I/O. Never call :meth:`Mailer.send` from an event
handler or an ``async`` route directly; ``await send_async(mailer, message)`` instead,
which runs it in a worker thread so the event loop keeps serving everyone else.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from spoticlone.integrations.atomic import atomic_write

if TYPE_CHECKING:
    from spoticlone.config import Settings

logger = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 30
_HEADER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,62}$")
#: Headers ``build_mime`` writes itself; an extra header must not replace or repeat them.
_OWN_HEADERS = frozenset({"from", "to", "subject", "date", "message-id", "cc", "bcc", "content-type",
                          "mime-version", "content-transfer-encoding"})


class MailerError(RuntimeError):
    """The message could not be handed to the mail server."""


@dataclass(frozen=True)
class EmailMessageSpec:
    """One email to one recipient, with both a plain-text and an HTML body.

    Both bodies are required: the plain part is what accessible and text-only clients
    show, the HTML part what most listeners see.
    """

    to: str
    subject: str
    text: str
    html: str
    #: Extra headers, e.g. ``List-Unsubscribe``; names are letters, digits and dashes.
    headers: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # Header injection guard: a newline in a header value would let a caller add
        # headers (Bcc, ...) of their own.
        for name in ("to", "subject"):
            value = getattr(self, name)
            if "\r" in value or "\n" in value:
                raise ValueError(f"email {name} must be a single line")
        for name, value in self.headers:
            if not _HEADER_NAME.match(name) or name.lower() in _OWN_HEADERS:
                raise ValueError(f"not an extra header name: {name!r}")
            if "\r" in value or "\n" in value:
                raise ValueError(f"email header {name} must be a single line")
        if "@" not in self.to or parseaddr(self.to)[1] != self.to.strip():
            raise ValueError(f"not a bare email address: {self.to!r}")
        if not self.text.strip() or not self.html.strip():
            raise ValueError("an email needs both a text and an HTML body")


class Mailer(Protocol):
    """What the services need from a mail backend. ``send`` blocks; see ``send_async``."""

    def send(self, message: EmailMessageSpec) -> None: ...


def build_mime(message: EmailMessageSpec, sender: str) -> EmailMessage:
    """The wire format shared by both backends: multipart/alternative, text first.

    Text comes first because clients show the *last* alternative they understand,
    so HTML-capable clients pick the HTML part and the rest fall back to text.
    """
    _, sender_address = parseaddr(sender)
    domain = sender_address.rpartition("@")[2] or "localhost"
    mime = EmailMessage()
    mime["From"] = sender
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(usegmt=True)
    mime["Message-ID"] = make_msgid(domain=domain)
    for name, value in message.headers:
        mime[name] = value
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    return mime


class SmtpMailer:
    """Sends through an SMTP server, using yagmail for the connection and login.

    yagmail (0.16) opens the connection (plain, STARTTLS or implicit TLS) and logs in.
    We deliberately do not use its ``send()``: it derives the plain-text part from the
    same content as the HTML part, turns newlines into ``<br>``, treats any content
    string that names an existing file as an attachment, and after three failed tries
    (sleeping in between) returns ``False`` instead of raising. We hand our own
    ``EmailMessage`` to the connection yagmail opened, and errors propagate.
    """

    def __init__(
        self,
        *,
        host: str,
        port: int = 587,
        user: str | None = None,
        password: str | None = None,
        sender: str = "Spoticlone <no-reply@localhost>",
        starttls: bool = True,
        ssl: bool = False,
        timeout: float = SMTP_TIMEOUT_SECONDS,
    ):
        if user and not password:
            # yagmail would fall back to keyring or an interactive getpass prompt.
            raise ValueError("an SMTP user needs a password (an app password for Gmail)")
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.sender = sender
        # STARTTLS on an implicit-TLS connection is an error; SSL wins.
        self.starttls = starttls and not ssl
        self.ssl = ssl
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer:
        if not settings.smtp_host:
            raise ValueError("SPOTICLONE_SMTP_HOST is not set")
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            user=settings.smtp_user,
            password=(
                settings.smtp_password.get_secret_value() if settings.smtp_password else None
            ),
            sender=settings.smtp_sender,
            starttls=settings.smtp_starttls,
            ssl=settings.smtp_ssl,
        )

    def _client(self):
        import yagmail  # only this backend needs it; keeps service imports light

        envelope_from = parseaddr(self.sender)[1]
        login = self.user or envelope_from
        # smtplib's TLS defaults (Python 3.11) do not verify the server certificate;
        # a verifying context stops a network attacker from reading the app password.
        context = ssl.create_default_context()
        extra = {"context": context} if self.ssl else {}
        # A one-entry dict stops yagmail from appending "@gmail.com" to a login
        # without "@" (SendGrid's "apikey", say); validation is ours, not yagmail's.
        return yagmail.SMTP(
            user={login: login},
            password=self.password,
            host=self.host,
            port=self.port,
            smtp_starttls={"context": context} if self.starttls else False,
            smtp_ssl=self.ssl,
            smtp_skip_login=not self.user,
            soft_email_validation=False,
            timeout=self.timeout,
            **extra,
        )

    def send(self, message: EmailMessageSpec) -> None:
        mime = build_mime(message, self.sender)
        client = self._client()
        try:
            client.login()
            refused = client.smtp.send_message(
                mime, from_addr=parseaddr(self.sender)[1], to_addrs=[message.to]
            )
        except Exception as exc:
            raise MailerError(
                f"could not send email via {self.host}:{self.port}: {exc}"
            ) from exc
        finally:
            client.close()
        if refused:
            raise MailerError(f"the SMTP server refused {sorted(refused)}")
        logger.info("Email %r sent to %s via %s", message.subject, message.to, self.host)


class OutboxMailer:
    """Writes each message as an ``.eml`` file into a folder instead of sending it.

    The development default: the verification code is one double-click away (any mail
    client opens ``.eml``), and browser tests read codes from here. Files are written
    atomically (temp file + rename) so a reader never sees half a message, with
    owner-only permissions because they contain sign-in codes.
    """

    def __init__(self, directory: Path, sender: str = "Spoticlone <no-reply@localhost>"):
        self.directory = Path(directory)
        self.sender = sender

    def send(self, message: EmailMessageSpec) -> None:
        path = self.write(message)
        # Warning level on purpose: this message was NOT delivered, and the operator
        # (or developer looking for a code) needs to see where it went.
        logger.warning(
            "No SMTP server configured: email %r to %s written to %s",
            message.subject,
            message.to,
            path,
        )

    def write(self, message: EmailMessageSpec) -> Path:
        """Write the message and return its path (sortable, unique name)."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.directory / f"{stamp}-{secrets.token_hex(4)}.eml"
        data = bytes(build_mime(message, self.sender))
        atomic_write(target, lambda handle: handle.write(data))
        return target

    def messages(self) -> list[Path]:
        """Outbox files, oldest first (tests and the CLI read codes from the newest)."""
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob("*.eml"))


def default_mailer(settings: Settings | None = None) -> Mailer:
    """SMTP when ``SPOTICLONE_SMTP_HOST`` is set, the outbox under the data dir otherwise.

    Built per call (it is cheap and holds no connection), so tests that change the
    settings get the matching backend.
    """
    if settings is None:
        from spoticlone.config import get_settings

        settings = get_settings()
    if settings.smtp_host:
        return SmtpMailer.from_settings(settings)
    return OutboxMailer(settings.outbox_dir, sender=settings.smtp_sender)


async def send_async(mailer: Mailer, message: EmailMessageSpec) -> None:
    """Send without blocking the event loop (SMTP can take seconds, or time out).

    Use this from Reflex background events and ``async`` API routes. Every message that
    leaves the web server passes here, so ``/metrics`` counts emails sent and failed here.
    """
    from spoticlone.services.admin import metrics

    try:
        await asyncio.to_thread(mailer.send, message)
    except Exception:
        metrics.count_email(sent=False)
        raise
    metrics.count_email(sent=True)
