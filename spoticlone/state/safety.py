"""The safety net under every event handler: a listener never sees a framework error.

Two layers, because a handler can fail in two ways:

- ``guarded`` wraps a handler that calls services. A domain error
  (``spoticlone.services.core.errors``) is a refusal meant for the listener: its message
  (``refusals.ui_message``) becomes a toast (a signed-out visitor who must sign in is sent there instead). Any
  other exception is a bug: it is logged with its traceback and the listener gets a
  friendly "try again" toast, so one broken action never shows Reflex's generic
  "An error occurred. Contact the website administrator."
- ``backend_exception_handler`` is given to ``rx.App`` and catches whatever escapes a
  handler that is not wrapped, with the same two answers.

No ``from __future__ import annotations`` here: Reflex checks the exception handler's
annotations at app start by evaluating them, so they must be real objects.
"""

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from spoticlone.services.core.errors import DomainError
from spoticlone.state.acting import sign_in_redirect
from spoticlone.state.refusals import needs_sign_in, ui_message

log = logging.getLogger(__name__)

FRIENDLY_ERROR = "Something went wrong on our side. Please try again in a moment."
#: One toast id, so a burst of failures shows one message rather than a stack of them.
TOAST_ID = "sc-error"


def refusal(exc: DomainError) -> EventSpec:
    """The toast that shows a service's refusal (its message is written for the listener)."""
    return rx.toast.error(ui_message(exc), id=TOAST_ID)


def unexpected(exc: BaseException, where: str) -> EventSpec:
    """Log a bug with its traceback; the listener only gets a friendly message."""
    log.error("unexpected error in %s", where, exc_info=(type(exc), exc, exc.__traceback__))
    return rx.toast.error(FRIENDLY_ERROR, id=TOAST_ID)


def _answer(state: Any, exc: Exception, where: str) -> EventSpec:
    if needs_sign_in(exc):
        return sign_in_redirect(state)
    if isinstance(exc, DomainError):
        return refusal(exc)
    return unexpected(exc, where)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate an event handler (under ``@rx.event``) so no exception reaches the framework.

    Works for plain, ``async`` and async-generator handlers; the signature is kept
    (``functools.wraps``) so Reflex still sees the handler's arguments and types.
    """
    where = fn.__qualname__

    if inspect.isasyncgenfunction(fn):
        @functools.wraps(fn)
        async def gen_wrapper(self, *args, **kwargs):
            try:
                async for update in fn(self, *args, **kwargs):
                    yield update
            except Exception as exc:  # noqa: BLE001 - the safety net: answer, log bugs
                yield _answer(self, exc, where)

        return gen_wrapper

    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def async_wrapper(self, *args, **kwargs):
            try:
                return await fn(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the safety net: answer, log bugs
                return _answer(self, exc, where)

        return async_wrapper

    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the safety net: answer, log bugs
            return _answer(self, exc, where)

    return wrapper


def backend_exception_handler(exception: Exception) -> EventSpec:
    """``rx.App(backend_exception_handler=...)``: the last net under unwrapped handlers."""
    if isinstance(exception, DomainError):
        log.warning("a handler let a domain error through: %s: %s", type(exception).__name__, exception.message)
        return refusal(exception)
    return unexpected(exception, "an event handler")
