"""Google sign-in routes against a real OpenID provider (``oidc-provider-mock``) on loopback.

Each test goes through the actual protocol: our start route, the provider's consent
form, our callback (code exchange with PKCE, ID-token verification by authlib).
"""

from __future__ import annotations

import secrets

import httpx
import pytest
from sqlmodel import select

from spoticlone import routes
from spoticlone.api.routers.auth.google import FLOW_COOKIE
from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import AuthSession, ExternalIdentity, User
from tests import factories
from tests.google_mock import authorize, mock_provider, query, random_client, set_claims


@pytest.fixture(scope="module")
def provider():
    with mock_provider() as discovery_url:
        yield discovery_url


@pytest.fixture
def google(settings, monkeypatch, provider):
    """Google sign-in configured with a random client against the mock provider."""
    from spoticlone.config import get_settings

    client_id, secret = random_client()
    monkeypatch.setenv("SPOTICLONE_GOOGLE_CLIENT_ID", client_id)
    monkeypatch.setenv("SPOTICLONE_GOOGLE_CLIENT_SECRET", secret)
    monkeypatch.setenv("SPOTICLONE_GOOGLE_DISCOVERY_URL", provider)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def new_sub() -> str:
    return f"google-{secrets.token_hex(6)}"


def start(api, next_path: str = "/library") -> str:
    response = api.get(routes.GOOGLE_START, params={"next": next_path}, follow_redirects=False)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def callback(api, provider_redirect: str):
    split = provider_redirect.split("?", 1)
    assert split[0].endswith(routes.GOOGLE_CALLBACK)
    return api.get(f"{routes.GOOGLE_CALLBACK}?{split[1]}", follow_redirects=False)


def test_start_redirects_to_provider_with_pkce_state_and_nonce(api, google):
    response = api.get(routes.GOOGLE_START, params={"next": "/library"}, follow_redirects=False)

    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith(google.google_discovery_url.split("/.well-known/")[0] + "/oauth2/authorize?")
    params = query(location)
    assert params["response_type"] == "code"
    assert params["client_id"] == google.google_client_id
    assert params["redirect_uri"] == google.public_url + routes.GOOGLE_CALLBACK
    assert set(params["scope"].split()) == {"openid", "email", "profile"}
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) >= 43
    assert len(params["state"]) >= 20 and len(params["nonce"]) >= 20
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{FLOW_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/api/v1/auth/google" in cookie
    # The verifier itself never leaves the server in the clear: only its hash is in the URL.
    assert "code_verifier" not in location


def test_each_start_gets_fresh_state_and_nonce(api, google):
    first, second = query(start(api)), query(start(api))
    assert first["state"] != second["state"]
    assert first["nonce"] != second["nonce"]
    assert first["code_challenge"] != second["code_challenge"]


def test_new_person_is_sent_to_choose_a_username(api, google, session):
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email=f"{sub}@example.com", email_verified=True, given_name="Ada")

    response = callback(api, authorize(start(api, "/library"), sub))

    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(routes.GOOGLE_SIGN_UP + "?")
    assert query(location)["next"] == "/library"
    assert query(location)["ticket"]
    assert SESSION_COOKIE not in response.cookies
    assert session.exec(select(ExternalIdentity)).first() is None


def test_verified_email_links_existing_account_and_signs_in(api, google, session):
    user = factories.make_user(session, email="ada@example.com", email_verified=True)
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email="Ada@example.com", email_verified=True)

    response = callback(api, authorize(start(api, "/library"), sub))

    assert response.status_code == 303
    assert response.headers["location"] == "/library"
    assert response.cookies.get(SESSION_COOKIE)
    identity = session.exec(select(ExternalIdentity)).one()
    assert (identity.user_id, identity.subject) == (user.id, sub)
    assert session.exec(select(AuthSession).where(AuthSession.user_id == user.id)).first() is not None
    # The flow cookie is cleared once used.
    cleared = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{FLOW_COOKIE}=")]
    assert cleared and "Max-Age=0" in cleared[0]


def test_unverified_google_email_is_refused(api, google, session):
    factories.make_user(session, email="bob@example.com", email_verified=True)
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email="bob@example.com", email_verified=False)

    response = callback(api, authorize(start(api), sub))

    assert response.status_code == 303
    assert response.headers["location"].startswith(routes.SIGN_IN + "?")
    assert "password" in query(response.headers["location"])["error"]
    assert SESSION_COOKIE not in response.cookies
    assert session.exec(select(ExternalIdentity)).first() is None


def test_account_with_authenticator_goes_to_the_code_step(api, google, session):
    user = factories.make_user(session, email="cy@example.com", email_verified=True, totp_enabled=True)
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email="cy@example.com", email_verified=True)

    response = callback(api, authorize(start(api, "/library"), sub))

    assert response.status_code == 303
    params = query(response.headers["location"])
    assert response.headers["location"].startswith(routes.SIGN_IN + "?")
    assert params["mfa"] and params["next"] == "/library"
    assert SESSION_COOKIE not in response.cookies
    assert session.exec(select(AuthSession).where(AuthSession.user_id == user.id)).first() is None


def test_wrong_state_is_refused(api, google, session):
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email="dee@example.com", email_verified=True)
    redirect = authorize(start(api), sub)
    state = query(redirect)["state"]
    forged = redirect.replace(f"state={state}", "state=forged-state-value")

    response = callback(api, forged)

    assert response.status_code == 303
    assert response.headers["location"].startswith(routes.SIGN_IN + "?error=")
    assert SESSION_COOKIE not in response.cookies


def test_callback_from_another_browser_is_refused(api, google, session):
    """Login CSRF: a code+state minted for one browser cannot be finished in another."""
    factories.make_user(session, email="eve@example.com", email_verified=True)
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email="eve@example.com", email_verified=True)
    redirect = authorize(start(api), sub)
    api.cookies.clear()

    response = callback(api, redirect)

    assert response.headers["location"].startswith(routes.SIGN_IN + "?error=")
    assert SESSION_COOKIE not in response.cookies
    assert session.exec(select(ExternalIdentity)).first() is None


def test_missing_state_is_refused(api, google):
    start(api)
    response = api.get(routes.GOOGLE_CALLBACK, params={"code": "abc"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith(routes.SIGN_IN + "?error=")


def test_id_token_with_another_nonce_is_refused(api, google, session):
    """A replayed or injected ID token (nonce not ours) must not sign anyone in."""
    factories.make_user(session, email="fay@example.com", email_verified=True)
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email="fay@example.com", email_verified=True)
    url = start(api)
    nonce = query(url)["nonce"]

    response = callback(api, authorize(url.replace(f"nonce={nonce}", "nonce=someone-elses-nonce"), sub))

    assert response.headers["location"].startswith(routes.SIGN_IN + "?error=")
    assert SESSION_COOKIE not in response.cookies
    assert session.exec(select(ExternalIdentity)).first() is None


def test_id_token_for_another_client_is_refused(api, google, session, monkeypatch):
    """``aud`` is checked: a genuine ID token issued to another app is not accepted."""
    from authlib.integrations.httpx_client import OAuth2Client

    from spoticlone.api.routers.auth import google as auth_google

    factories.make_user(session, email="gus@example.com", email_verified=True)
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email="gus@example.com", email_verified=True)
    url = start(api)
    params = query(url)
    # Another app (another client id) gets a real ID token for the same person and nonce...
    other_id, other_secret = random_client()
    foreign_auth = url.replace(f"client_id={params['client_id']}", f"client_id={other_id}")
    code = query(authorize(foreign_auth, sub))["code"]
    token_endpoint = httpx.get(google.google_discovery_url).json()["token_endpoint"]
    with OAuth2Client(other_id, other_secret) as other:
        foreign = other.fetch_token(token_endpoint, code=code, redirect_uri=params["redirect_uri"],
                                    code_verifier=None, grant_type="authorization_code")
    assert "id_token" in foreign

    # ...and tries to pass it off to us at the token step.
    client = auth_google.google_client(google)

    async def fake_fetch(**_kwargs):
        return dict(foreign)

    monkeypatch.setattr(client, "fetch_access_token", fake_fetch)
    response = api.get(routes.GOOGLE_CALLBACK, params={"code": "x", "state": params["state"]},
                       follow_redirects=False)

    assert response.headers["location"].startswith(routes.SIGN_IN + "?error=")
    assert SESSION_COOKIE not in response.cookies
    assert session.exec(select(ExternalIdentity)).first() is None


def test_cancel_at_google_says_so(api, google):
    response = callback(api, authorize(start(api), deny=True))
    assert response.headers["location"].startswith(routes.SIGN_IN + "?")
    assert "cancelled" in query(response.headers["location"])["error"]


def test_open_redirect_in_next_is_ignored(api, google, session):
    factories.make_user(session, email="hal@example.com", email_verified=True)
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email="hal@example.com", email_verified=True)

    response = callback(api, authorize(start(api, "//evil.example/steal"), sub))

    assert response.headers["location"] == routes.HOME


def test_routes_are_404_when_google_is_not_configured(api, settings):
    assert not settings.google_enabled
    assert api.get(routes.GOOGLE_START, follow_redirects=False).status_code == 404
    assert api.get(routes.GOOGLE_CALLBACK, params={"code": "a", "state": "b"},
                   follow_redirects=False).status_code == 404


def test_suspended_account_is_refused(api, google, session):
    factories.make_user(session, email="ivy@example.com", email_verified=True, suspended=True)
    sub = new_sub()
    set_claims(google.google_discovery_url, sub, email="ivy@example.com", email_verified=True)

    response = callback(api, authorize(start(api), sub))

    assert "suspended" in query(response.headers["location"])["error"]
    assert SESSION_COOKIE not in response.cookies
    assert session.exec(select(User).where(User.email == "ivy@example.com")).one().suspended
