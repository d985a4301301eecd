"""Small helpers shared by the auth routers: caller address, thread hops, mailing."""

from __future__ import annotations

import functools
import logging
from typing import Any

from fastapi import Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from spoticlone.client_address import client_address
from spoticlone.config import get_settings
from spoticlone.integrations.mailer import MailerError

log = logging.getLogger(__name__)

MAIL_FAILED = "We could not send the email just now. Ask for a new code in a minute."


def client_ip(request: Request) -> str | None:
    """The client's address: the peer, or ``X-Forwarded-For`` as far as trusted proxies vouch.

    See ``spoticlone.client_address``; the websocket pages use the same rule.
    """
    forwarded = ",".join(request.headers.getlist("x-forwarded-for"))
    return client_address(
        request.client.host if request.client else None, forwarded, get_settings().trusted_proxy_networks
    )


def user_agent(request: Request) -> str:
    return request.headers.get("user-agent", "")[:400]


async def run(fn, session: Session, **kwargs: Any):
    """Run a blocking service call in the thread pool (hashing must not block the loop)."""
    return await run_in_threadpool(functools.partial(fn, session, **kwargs))


async def mailed(coro) -> bool:
    """Await a send; a mail outage is logged and reported, the stored code stays valid."""
    try:
        await coro
    except MailerError:
        log.exception("could not send an account email")
        return False
    return True
