"""Sign-up, email verification, sign-in (with the two-step code) and password reset.

Each page has its own small state. Handlers only turn form fields into service calls
(run off the event loop by ``call_service``) and service errors into the text shown
under the form; every rule and every message lives in the services.

Anything that proves a step was passed (the MFA ticket, the email that just proved
its password, the reset request) is kept in backend-only ``_vars``: the browser
never sees them and cannot set them, because websocket clients can call any handler
with any arguments but cannot write backend vars.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from spoticlone import routes
from spoticlone.integrations.mailer import MailerError
from spoticlone.services.accounts import (
    mail as accounts_mail,
    password_reset,
    resend as accounts_resend,
    signup,
)
from spoticlone.services.auth import login
from spoticlone.services.core.errors import DomainError, ErrorCode
from spoticlone.state.accounts import mail_wait
from spoticlone.state.auth.signed_in import AuthState, finish_browser_sign_in
from spoticlone.state.common import call_service
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.refusals import has_code, ui_message

log = logging.getLogger(__name__)

MAIL_FAILED = "We could not send the email just now. Wait a minute, then ask for a new code."
RESET_SENT = ("If an account uses that address, we have emailed it a 6-digit code. "
              "It works for 10 minutes.")
#: ``/signin?error=<code>`` from the browser sign-in route; other text (Google) is shown as plain text.
ERROR_CODES = {
    "signin_expired": "That sign-in took too long or was already used. Sign in again.",
    "signin_cross_site": "For your safety, sign-in links from other sites don't work. Sign in here instead.",
}


def _field(form: dict[str, Any] | None, name: str, limit: int = 320) -> str:
    """One text field of a submitted form, as a bounded string (clients send anything)."""
    value = (form or {}).get(name, "")
    return value[:limit] if isinstance(value, str) else ""


def _ticked(form: dict[str, Any] | None, name: str) -> bool:
    """Whether a checkbox was ticked. The browser's form data says "on"; Reflex 0.10 also
    submits a control by its id, as ``True``/``False``, and that value wins when both exist."""
    value = (form or {}).get(name)
    return value is True or (isinstance(value, str) and value.lower() in ("on", "true", "1", "yes"))


def _parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def verify_url(request_id: str, sent: bool | None = None) -> str:
    query = {"request": request_id}
    if sent is not None:
        query["sent"] = "1" if sent else "0"
    return f"{routes.VERIFY_EMAIL}?{urlencode(query)}"


async def _signed_in(state: rx.State, user_id: int, next_path: str) -> rx.event.EventSpec:
    """Finish the sign-in, keeping the plays this browser made while signed out."""
    player = await state.get_state(PlayerState)
    return await finish_browser_sign_in(user_id, next_path, anonymous_session=player.anon_id or None)


async def _mail_verification(result: accounts_resend.CodeToMail) -> bool:
    """Send the verification code; False (logged) if the mailer failed: the code is stored.

    For an address that already has an account, its owner gets a notice instead, and
    the page goes on exactly as for a new address (the REST API sends the same mail).
    """
    return await mail_wait.within(accounts_mail.deliver(accounts_mail.verification_mail(result)), slow_result=True)


class SignUpState(rx.State):
    error: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        self.error, self.busy = "", False

    @rx.event
    async def submit(self, form: dict):
        """Create the account, mail the code, continue on the verify page."""
        if self.busy:
            return
        auth = await self.get_state(AuthState)
        self.error, self.busy = "", True
        yield
        try:
            result = await call_service(
                accounts_resend.sign_up,
                email=_field(form, "email"),
                username=_field(form, "username", 64),
                password=_field(form, "password", 1024),
                date_of_birth=_parse_date(_field(form, "date_of_birth", 20)),
                client_ip=auth.client_ip(),
                accepted_terms=_ticked(form, "accept_terms"),
            )
        except DomainError as exc:
            self.error, self.busy = ui_message(exc), False
            return
        sent = await _mail_verification(result)
        self.busy = False
        yield rx.redirect(verify_url(result.request_id, sent))


class VerifyState(rx.State):
    error: str = ""
    notice: str = ""
    busy: bool = False
    #: Seconds until "send a new code" works again (counted down by ``tick``).
    cooldown: int = 0
    _ticking: bool = False

    def _request_id(self) -> str:
        return str(self.router.url.query_parameters.get("request", ""))[:64]

    @rx.event
    async def load(self):
        """Read the flow from the URL (so a reload works) and how long the resend waits."""
        self.error, self.busy = "", False
        sent = self.router.url.query_parameters.get("sent")
        self.notice = {"1": "We emailed you a 6-digit code.", "0": MAIL_FAILED}.get(sent, "")
        if not self._request_id():
            self.error = "This link is missing its sign-up. Sign up again, or sign in to get a new code."
            self.cooldown = 0
            return
        self.cooldown = await call_service(accounts_resend.seconds_until_resend, request_id=self._request_id())
        if self.cooldown > 0 and not self._ticking:
            return VerifyState.tick

    @rx.event(background=True)
    async def tick(self):
        """Count the resend cooldown down once a second while the page is open."""
        async with self:
            self._ticking = True
        try:
            while True:
                await asyncio.sleep(1)
                async with self:
                    if self.cooldown <= 0:
                        return
                    self.cooldown -= 1
        finally:
            async with self:
                self._ticking = False

    @rx.event
    async def submit(self, form: dict):
        """Check the code; on success the browser lands signed in on the home page."""
        if self.busy:
            return
        self.error, self.busy = "", True
        yield
        try:
            user_id = await call_service(
                signup.verify_email, request_id=self._request_id(), code=_field(form, "code", 32)
            )
        except DomainError as exc:
            self.error, self.busy = ui_message(exc), False
            return
        yield await _signed_in(self, user_id, routes.HOME)

    @rx.event
    async def resend(self):
        """Mail a new code; it gets a new request id, so the URL changes with it."""
        if self.busy or self.cooldown > 0:
            return
        self.error, self.notice = "", ""
        try:
            result = await call_service(accounts_resend.new_code_for_request, request_id=self._request_id())
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        sent = await _mail_verification(result)
        return rx.redirect(verify_url(result.request_id, sent), replace=True)


def _mail_in_background(coro) -> None:
    """Send without waiting, so the answer's timing does not tell whether a mail went out."""

    async def send():
        try:
            await coro
        except MailerError:
            log.exception("sign-in code email not sent")

    mail_wait.start(send())


class SignInState(rx.State):
    error: str = ""
    notice: str = ""
    busy: bool = False
    #: "password", "code" (the authenticator step) or "email" (the code mailed to an
    #: account that had many failed sign-ins).
    step: str = "password"
    #: The password was right but the email is not verified yet: offer a new code.
    unverified: bool = False
    google_href: str = routes.GOOGLE_START
    #: The Google link is shown only once ``google_href`` carries this page's ``next``,
    #: so a quick click cannot lose where the listener was going.
    google_ready: bool = False
    _mfa_ticket: str = ""
    _unverified_email: str = ""
    _email_request: str = ""

    def _next(self) -> str:
        return routes.safe_next(self.router.url.query_parameters.get("next"))

    @rx.event
    async def load(self):
        """Honour ``?next=``, ``?error=`` (Google) and ``?mfa=`` (Google user with an app)."""
        params = self.router.url.query_parameters
        error = str(params.get("error", ""))[:300]
        self.error, self.notice, self.busy, self.unverified = ERROR_CODES.get(error, error), "", False, False
        self._unverified_email, self._email_request = "", ""
        self.google_href = routes.GOOGLE_START + "?" + urlencode({"next": self._next()})
        self.google_ready = True
        ticket = str(params.get("mfa", ""))[:200]
        self._mfa_ticket, self.step = (ticket, "code") if ticket else ("", "password")
        auth = await self.get_state(AuthState)
        if auth.signed_in and not ticket:
            return rx.redirect(self._next())

    @rx.event
    def start_over(self):
        self.step, self._mfa_ticket, self._email_request, self.error, self.notice = "password", "", "", "", ""

    @rx.event
    async def submit_password(self, form: dict):
        if self.busy:
            return
        auth = await self.get_state(AuthState)
        email = _field(form, "email")
        self.error, self.notice, self.unverified, self.busy = "", "", False, True
        yield
        try:
            step = await call_service(
                login.start_login, email=email, password=_field(form, "password", 1024),
                client_ip=auth.client_ip(),
            )
        except DomainError as exc:
            self.error, self.busy = ui_message(exc), False
            # Only reached after the right password: safe to offer a new code for this email.
            self.unverified = has_code(exc, ErrorCode.EMAIL_NOT_VERIFIED)
            self._unverified_email = email if self.unverified else ""
            return
        if step.needs_email_code:
            mail = step.email_code
            if mail.code:
                _mail_in_background(accounts_mail.send_sign_in_code(mail.email, mail.username, mail.code))
            self._email_request, self.step, self.busy = mail.request_id, "email", False
            self.notice = login.EMAIL_CODE_STEP
            return
        if step.needs_code:
            self._mfa_ticket, self.step, self.busy = step.mfa_ticket or "", "code", False
            return
        yield await _signed_in(self, step.user_id, self._next())

    @rx.event
    async def submit_email_code(self, form: dict):
        """The code mailed after the right password, for an account with many failed sign-ins."""
        if self.busy or not self._email_request:
            return
        self.error, self.busy = "", True
        yield
        try:
            step = await call_service(
                login.finish_email_code, request_id=self._email_request, code=_field(form, "code", 32)
            )
        except DomainError as exc:
            self.error, self.busy = ui_message(exc), False
            return
        self._email_request, self.notice = "", ""
        if step.needs_code:
            self._mfa_ticket, self.step, self.busy = step.mfa_ticket or "", "code", False
            return
        yield await _signed_in(self, step.user_id, self._next())

    @rx.event
    async def submit_code(self, form: dict):
        if self.busy:
            return
        auth = await self.get_state(AuthState)
        self.error, self.busy = "", True
        yield
        try:
            user_id = await call_service(
                login.finish_login, mfa_ticket=self._mfa_ticket, code=_field(form, "code", 64),
                client_ip=auth.client_ip(),
            )
        except DomainError as exc:
            self.error, self.busy = ui_message(exc), False
            if has_code(exc, ErrorCode.SIGN_IN_STEP_ENDED):
                self.step, self._mfa_ticket = "password", ""
            return
        self._mfa_ticket = ""
        yield await _signed_in(self, user_id, self._next())

    @rx.event
    async def resend_verification(self):
        """A new verification code for the account whose password was just accepted."""
        if not self._unverified_email:
            return
        auth = await self.get_state(AuthState)
        try:
            result = await call_service(
                accounts_resend.request_verification_code, email=self._unverified_email,
                client_ip=auth.client_ip(),
            )
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        sent = await _mail_verification(result)
        return rx.redirect(verify_url(result.request_id, sent))


class ResetState(rx.State):
    error: str = ""
    notice: str = ""
    busy: bool = False
    #: "email" -> "code" -> "done".
    step: str = "email"
    _request_id: str = ""

    @rx.event
    def load(self):
        self.error, self.notice, self.busy, self.step, self._request_id = "", "", False, "email", ""

    @rx.event
    async def request_code(self, form: dict):
        """Ask for a code; the answer is the same whether or not the email has an account."""
        if self.busy:
            return
        auth = await self.get_state(AuthState)
        self.error, self.busy = "", True
        yield
        try:
            result = await call_service(
                accounts_resend.forgot_password, email=_field(form, "email"), client_ip=auth.client_ip()
            )
        except DomainError as exc:
            self.error, self.busy = ui_message(exc), False
            return
        self.notice, self._request_id, self.step, self.busy = RESET_SENT, result.request_id, "code", False
        # The answer reaches the browser first; the mail follows (as the REST API's
        # background task does), so the timing does not tell whether the address has
        # an account. A failure is logged and, like its success, not shown.
        yield
        await mail_wait.within(accounts_mail.deliver(accounts_mail.reset_mail(result)), slow_result=True)

    @rx.event
    async def submit(self, form: dict):
        """Set the new password; every session ends, so the next step is signing in."""
        if self.busy or not self._request_id:
            return
        self.error, self.busy = "", True
        yield
        try:
            await call_service(
                password_reset.reset_password, request_id=self._request_id,
                code=_field(form, "code", 32), new_password=_field(form, "new_password", 1024),
            )
        except DomainError as exc:
            self.error, self.busy = ui_message(exc), False
            return
        self.step, self.notice, self.busy, self._request_id = "done", "", False, ""

    @rx.event
    def start_over(self):
        self.load()
