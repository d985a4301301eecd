"""Drive ``oidc-provider-mock`` (a real OpenID provider on loopback) like a browser would.

Shared by the API tests and the browser journeys. Claims for a subject are set with
the mock's ``PUT /users/<sub>``; a subject the mock has never seen gets only
``{"email": sub}`` (no ``email_verified``), which our rules refuse.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import httpx


@contextmanager
def mock_provider():
    """A running mock provider; yields its discovery URL."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}/.well-known/openid-configuration"


def random_client() -> tuple[str, str]:
    """A fresh client id and secret: never a real one from any document."""
    return f"test-client-{secrets.token_hex(6)}", secrets.token_urlsafe(24)


def set_claims(discovery_url: str, sub: str, **claims) -> None:
    base = discovery_url.split("/.well-known/")[0]
    httpx.put(f"{base}/users/{sub}", json=claims, timeout=10).raise_for_status()


def authorize(authorize_url: str, sub: str | None = None, *, deny: bool = False) -> str:
    """Submit the mock's consent form; returns the redirect back to our callback."""
    form = {"action": "deny"} if deny else {"sub": sub}
    response = httpx.post(authorize_url, data=form, timeout=10)
    assert response.status_code == 302, response.text[:500]
    return response.headers["location"]


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
