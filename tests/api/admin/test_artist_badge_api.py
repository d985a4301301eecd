"""The verified badge: an administrator gives or takes it back; nobody else can, the artist included."""

from __future__ import annotations

import pytest

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import ArtistProfile, Role
from spoticlone.services.admin import artists
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from tests.factories import make_artist, make_track, make_user


def _sign_in(api, session, settings, user):
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin
    return user


def _badge_url(artist_id) -> str:
    return f"/api/v1/admin/artists/{artist_id}/verified"


def test_an_admin_verifies_an_artist_and_the_artist_page_says_so(api, session, settings):
    artist = make_artist(session, stage_name="Velvet Static")
    make_track(session, artist_id=artist.id)
    _sign_in(api, session, settings, make_user(session, role=Role.ADMIN))
    response = api.put(_badge_url(artist.id), json={"verified": True})
    assert response.status_code == 200
    assert response.json() == {"id": artist.id, "name": "Velvet Static", "slug": artist.slug, "verified": True}
    session.expire_all()
    assert browse.get_artist(session, slug=artist.slug).artist.verified is True
    assert api.put(_badge_url(artist.id), json={"verified": False}).json()["verified"] is False
    session.expire_all()
    assert session.get(ArtistProfile, artist.id).verified is False


@pytest.mark.parametrize("who", ["listener", "the artist"])
def test_nobody_else_may_set_the_badge(api, session, settings, who):
    owner = make_user(session, role=Role.ARTIST)
    artist = make_artist(session, user_id=owner.id)
    _sign_in(api, session, settings, owner if who == "the artist" else make_user(session))
    response = api.put(_badge_url(artist.id), json={"verified": True})
    assert response.status_code == 403
    session.expire_all()
    assert session.get(ArtistProfile, artist.id).verified is False


def test_bad_requests_change_nothing(api, session, settings):
    artist = make_artist(session)
    _sign_in(api, session, settings, make_user(session, role=Role.ADMIN))
    assert api.put(_badge_url(10**12), json={"verified": True}).status_code == 404
    assert api.put(_badge_url(artist.id), json={"verified": "yes please"}).status_code == 422
    assert api.put(_badge_url(artist.id), json={}).status_code == 422
    assert api.put(_badge_url(2**70), json={"verified": True}).status_code == 422
    session.expire_all()
    assert session.get(ArtistProfile, artist.id).verified is False


def test_the_service_refuses_what_the_api_cannot_send(session):
    admin = make_user(session, role=Role.ADMIN)
    artist = make_artist(session)
    with pytest.raises(PermissionDenied):
        artists.set_artist_verified(session, actor=None, artist_id=artist.id, verified=True)
    with pytest.raises(Invalid):
        artists.set_artist_verified(session, actor=admin, artist_id=artist.id, verified=1)
    with pytest.raises(NotFound):
        artists.set_artist_verified(session, actor=admin, artist_id=10**9, verified=True)
