"""One-click unsubscribe (RFC 8058) at ``/api/v1/notifications/unsubscribe?token=...``, no sign-in needed.

``POST`` does it: mail clients send ``List-Unsubscribe=One-Click`` there on the listener's
behalf, and the confirmation page's button posts there too. ``GET`` only shows that page
(link scanners and previews open GET links: they must not unsubscribe anyone). A browser
gets an HTML page; any other client the JSON answer.
"""

from __future__ import annotations

import html
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from spoticlone import routes
from spoticlone.api.deps import SessionDep
from spoticlone.services.notifications import unsubscribe
from spoticlone.services.notifications.unsubscribe import UnsubscribeOut

router = APIRouter(prefix=unsubscribe.PATH, tags=["notifications"])

Token = Annotated[str, Query(min_length=1, max_length=200, description="The token from the email's link.")]
HTML_ANSWER = {"content": {"text/html": {}}, "description": "A small page saying what happened."}
BAD_LINK_PAGE = {"content": {"text/html": {}}, "description": "The link is not valid: a page says so."}


@router.get("", response_class=HTMLResponse, summary="Confirm unsubscribing",
            responses={200: HTML_ANSWER, 400: BAD_LINK_PAGE})
def confirm_page(token: Token, session: SessionDep) -> HTMLResponse:
    """A page with one button that unsubscribes (nothing changes on GET)."""
    found = unsubscribe.describe_token(session, token=token)
    return _page(found, token, status=200 if found.valid else 400)


@router.post("", response_model=UnsubscribeOut, summary="Unsubscribe (one click)",
             responses={200: {"content": {"text/html": {}}}, 400: BAD_LINK_PAGE,
                        422: {"description": "The token is not valid (tampered with, or not ours)."}})
def unsubscribe_now(token: Token, request: Request, session: SessionDep):
    """Stop the kind of email the token names for the account it names. Idempotent."""
    if "text/html" in request.headers.get("accept", ""):
        done = unsubscribe.unsubscribe_by_token(session, token=token, explain=True)
        return _page(done, token, status=200 if done.valid else 400)
    return unsubscribe.unsubscribe_by_token(session, token=token)


def _page(answer: UnsubscribeOut, token: str, *, status: int) -> HTMLResponse:
    e = html.escape
    if answer.valid and not answer.done:
        action = (f'<form method="post" action="{e(unsubscribe.PATH)}?token={e(token)}">'
                  '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
                  '<button type="submit">Unsubscribe</button></form>')
    else:
        action = f'<p><a href="{e(routes.SETTINGS_NOTIFICATIONS)}">Choose what we send you</a></p>'
    heading = "Unsubscribe" if answer.valid else "This link does not work"
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>{e(heading)} · Spoticlone</title>
<style>body{{margin:0;padding:48px 16px;background:#121212;color:#fff;font-family:Helvetica,Arial,sans-serif}}
main{{max-width:440px;margin:0 auto;background:#181818;border-radius:12px;padding:32px}}
h1{{font-size:22px;margin:0 0 16px}}a{{color:#1db954}}
.brand{{margin:0 0 20px;color:#1db954;font-weight:bold;font-size:20px}}
button{{background:#1db954;color:#000;border:0;border-radius:20px;padding:10px 24px;font-weight:bold;
font-size:15px;cursor:pointer}}</style></head>
<body><main><p class="brand">Spoticlone</p><h1>{e(heading)}</h1><p>{e(answer.message)}</p>{action}</main></body></html>
"""
    return HTMLResponse(body, status_code=status)
