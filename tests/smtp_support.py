"""A real SMTP server for tests: aiosmtpd on loopback, keeping every message it accepts.

Tests read the bytes a mailer actually delivered, so they catch what a mock never would
(multipart structure, charset, header encoding, escaping). The port is chosen before the
server listens: settings can point at it first, and until ``start`` the mailer meets a real
refused connection there (a mail server that is down).
"""

from __future__ import annotations

import socket

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpTestServer:
    """One loopback SMTP server; ``received`` holds the envelopes (``content``, ``rcpt_tos``, ...)."""

    hostname = "127.0.0.1"

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list = []
        self._controllers: list[Controller] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(envelope)
        return "250 Message accepted for delivery"

    def start(self, **options) -> SmtpTestServer:
        """Listen on ``port``; ``options`` go to aiosmtpd (``authenticator=``, ``tls_context=``, ...)."""
        controller = Controller(self, hostname=self.hostname, port=self.port, **options)
        controller.start()
        self._controllers.append(controller)
        return self

    def stop(self) -> None:
        while self._controllers:
            self._controllers.pop().stop()
