"""The /settings/two-step page: set up an authenticator app, recovery codes, turn it off.

Thin: each handler asks ``AuthState`` who is signed in *now* (the cookie, checked on
the server) and calls ``services.auth.totp`` off the event loop; the service decides what
that account may do. The secret and the recovery codes live in vars only while they
are on screen and are cleared as soon as the listener moves on.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import reflex as rx

from spoticlone.services.auth import totp
from spoticlone.services.core.errors import DomainError
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message

CODES_FILE_HEADER = (
    "Spoticlone recovery codes\n"
    "Each code signs you in once if you cannot use your authenticator app.\n"
    "Keep them somewhere safe, like a password manager.\n\n"
)


def _reauth(form_data: dict[str, Any], prefix: str) -> dict[str, str | None]:
    """The password (or, for Google-only accounts, the code) from a form's ``<prefix>_*`` fields."""
    return {
        "password": str(form_data.get(f"{prefix}_password") or "") or None,
        "code": str(form_data.get(f"{prefix}_code") or "") or None,
    }


def group_secret(secret: str) -> str:
    """``"ABCDEFGH..."`` as ``"ABCD EFGH ..."``: easier to read aloud and to type."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


class TwoStepState(rx.State):
    loaded: bool = False
    enabled: bool = False
    codes_left: int = 0
    has_password: bool = True
    #: "" (status), "setup" (QR code shown) or "codes" (new recovery codes shown once).
    stage: str = ""
    qr_data_uri: str = ""
    secret: str = ""
    recovery_codes: list[str] = []
    error: str = ""
    notice: str = ""
    busy: bool = False

    @rx.var
    def secret_grouped(self) -> str:
        return group_secret(self.secret)

    @rx.var
    def codes_text(self) -> str:
        return "\n".join(self.recovery_codes)

    @rx.var
    def codes_download_url(self) -> str:
        return "data:text/plain;charset=utf-8," + quote(CODES_FILE_HEADER + self.codes_text + "\n")

    async def _call(self, fn, **kwargs):
        """Call ``fn`` as the signed-in user; a refusal becomes ``error`` and returns None."""
        user_id = await signed_in_user_id(self)
        self.error = ""
        try:
            return await call_service(as_actor(fn), user_id=user_id, **kwargs)
        except DomainError as exc:
            self.error = ui_message(exc)
            return None

    async def _refresh_status(self) -> None:
        status = await self._call(totp.status)
        if status is not None:
            self.enabled = status.enabled
            self.codes_left = status.recovery_codes_left
            self.has_password = status.has_password
        self.loaded = True

    @rx.event
    async def load(self):
        """``on_load``: fresh status; forget any secret or codes left from an earlier visit."""
        self.stage, self.secret, self.qr_data_uri, self.recovery_codes = "", "", "", []
        self.notice = ""
        await self._refresh_status()

    @rx.event
    async def start_setup(self):
        enrolment = await self._call(totp.begin_enrolment)
        if enrolment is not None:
            self.secret = enrolment.secret_base32
            self.qr_data_uri = enrolment.qr_svg_data_uri
            self.stage = "setup"
            self.notice = ""

    @rx.event
    def cancel_setup(self):
        self.stage, self.secret, self.qr_data_uri, self.error = "", "", "", ""

    @rx.event
    async def confirm_setup(self, form_data: dict[str, Any]):
        self.busy = True
        yield
        codes = await self._call(totp.confirm_enrolment, code=str(form_data.get("setup_code", "")))
        self.busy = False
        if codes is not None:
            self.secret, self.qr_data_uri = "", ""
            self.recovery_codes = codes
            self.stage = "codes"
            await self._refresh_status()

    @rx.event
    def codes_saved(self):
        """The listener says the codes are stored: take them off the screen for good."""
        self.recovery_codes = []
        self.stage = ""
        self.notice = "Two-step sign-in is on. Next time you sign in, we'll ask for a code from your app."

    @rx.event
    async def regenerate(self, form_data: dict[str, Any]):
        self.busy = True
        yield
        codes = await self._call(totp.regenerate_recovery_codes, **_reauth(form_data, "regen"))
        self.busy = False
        if codes is not None:
            self.recovery_codes = codes
            self.stage = "codes"
            await self._refresh_status()

    @rx.event
    async def disable(self, form_data: dict[str, Any]):
        self.busy = True
        yield
        await self._call(totp.disable, **_reauth(form_data, "off"))
        self.busy = False
        if not self.error:
            self.notice = "Two-step sign-in is off. Sign-in now needs only your password."
            await self._refresh_status()
