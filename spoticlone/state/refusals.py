"""The one translator from a domain error to what a page shows, as ``api/errors.py`` is for HTTP.

A refusal's ``message`` is written by the service for the person who caused it and is
the same sentence the REST API puts in ``detail``, so the UI and the API answer the
same bad input with the same words. A page that must react to one particular refusal
(send a visitor to sign in, offer a new verification code, restart a sign-in step)
tests its stable ``code`` here, never its wording.

Kept free of other states so every state (``acting`` and ``safety`` included) can use it.
"""

from __future__ import annotations

from spoticlone.services.core.errors import DomainError, ErrorCode


def ui_message(exc: DomainError) -> str:
    """The text shown under a form or in a toast for a service's refusal."""
    return exc.message


def has_code(exc: BaseException, code: str) -> bool:
    """Whether ``exc`` is the domain refusal ``code`` (one of ``ErrorCode``)."""
    return isinstance(exc, DomainError) and exc.code == code


def needs_sign_in(exc: BaseException) -> bool:
    """The refusal a signed-out visitor gets: the page sends them to sign in instead."""
    return has_code(exc, ErrorCode.SIGN_IN_REQUIRED)
