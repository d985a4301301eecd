"""Sign-in helpers shared by the account state tests: the sign-in page, the outbox, the handoff.

Tests read the code out of the mailed message like a listener would, and follow the
HANDOFF ticket in the final page load to check who would be signed in.
"""

from __future__ import annotations

import json
import re
from email import policy
from email.parser import BytesParser
from urllib.parse import parse_qs, urlsplit

from spoticlone import routes
from spoticlone.models import TicketKind
from spoticlone.services.auth import tickets
from spoticlone.state.auth.account import SignInState
from spoticlone.testing.driver import event_arg, event_kind, events_of
from tests.state.conftest import make_state


def handoff(events) -> dict[str, str]:
    """The query of the ``window.location.assign`` to the browser sign-in route."""
    scripts = [event_arg(e, "javascript_code") for e in events if event_kind(e) == "_call_script"]
    assert scripts, f"no page load in {events}"
    url = json.loads(re.fullmatch(r"window\.location\.assign\((.*)\)", scripts[-1]).group(1))
    parts = urlsplit(url)
    assert parts.path == routes.BROWSER_SIGN_IN_COMPLETE
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


def signed_in_as(session, events) -> int:
    """Use the HANDOFF ticket like the /api route would; returns its user id."""
    ticket = tickets.consume_ticket(session, token=handoff(events)["ticket"], kind=TicketKind.HANDOFF)
    return ticket.user_id


def mailed(settings) -> list:
    outbox = settings.outbox_dir
    files = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime) if outbox.exists() else []
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in files]


def code_in(message) -> str:
    return re.search(r"\b(\d{6})\b", message.get_body(preferencelist=("plain",)).get_content()).group(1)


def sign_in_state(query: dict[str, str] | None = None):
    query = query or {}
    path = routes.SIGN_IN + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    state = make_state(SignInState, routes.SIGN_IN, path, query)
    events_of(SignInState.load, state)
    return state
