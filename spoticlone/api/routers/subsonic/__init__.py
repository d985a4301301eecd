"""The (Open)Subsonic API at ``/rest/<method>`` and ``/rest/<method>.view``, GET or POST form.

One route reads the parameters, then signs the caller in with an app password
(``services.auth.app_passwords.subsonic_sign_in``: ``apiKey``, or ``u`` with ``p`` or
``t``/``s``) and runs the handler registered for the method in ``browse``, ``library`` or
``media``, both in one ``db.run_in_session``: a refused call leaves nothing half-written.
(Subsonic errors are answers, not exceptions, so the usual session dependency would
commit them.) This package is the Subsonic adapter's one translation point: a domain
error becomes a Subsonic error document (HTTP 200, as apps expect), an unknown method a
404 with Subsonic error 0. No rule lives here; the services decide, as for the web.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from spoticlone.api.deps import MediaStoreDep
from spoticlone.api.routers.auth.common import client_ip
from spoticlone.api.routers.subsonic import browse, library, media, protocol
from spoticlone.api.routers.subsonic.context import ENDPOINTS, Call
from spoticlone.api.routers.subsonic.protocol import GENERIC, Params, SubsonicError
from spoticlone.db import run_in_session
from spoticlone.services.auth import app_passwords
from spoticlone.services.core.errors import DomainError

log = logging.getLogger(__name__)

PREFIX = "/rest"
#: Loaded for their ``@endpoint`` registrations.
HANDLER_MODULES = (browse, library, media)

router = APIRouter(prefix=PREFIX, include_in_schema=False)
ParamsDep = Annotated[Params, Depends(protocol.read_params)]


def _answer(session, *, name: str, params: Params, request: Request, store) -> Any:
    """Sign in and run the handler in one session: committed on success, rolled back on a refusal."""
    actor = app_passwords.subsonic_sign_in(
        session, username=params.get("u"), password=params.get("p"), token=params.get("t"),
        salt=params.get("s"), api_key=params.get("apiKey"), client_ip=client_ip(request),
    )
    call = Call(session=session, actor=actor, params=params, store=store, request=request,
                client_ip=client_ip(request), method=name)
    return ENDPOINTS[name](call)


@router.api_route("/{method}", methods=["GET", "POST", "HEAD"])
def subsonic(method: str, request: Request, params: ParamsDep, store: MediaStoreDep) -> Response:
    """Dispatch one Subsonic call; see the module docstring."""
    name = method.lower().removesuffix(".view")
    if name not in ENDPOINTS:
        return protocol.error(params, SubsonicError(GENERIC, f"Unknown Subsonic method: {method[:60]}"), 404)
    try:
        answer = run_in_session(_answer, name=name, params=params, request=request, store=store)
    except SubsonicError as failure:
        return protocol.error(params, failure)
    except DomainError as refused:
        return protocol.error(params, protocol.from_domain(refused))
    if isinstance(answer, Response):
        return answer
    return protocol.render(params, answer)
