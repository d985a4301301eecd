"""Link previews of playlist pages: public ones show name, owner, songs and cover; private ones nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from spoticlone.middleware.social_meta import social_meta_middleware
from tests import factories
from tests.api.page_shell import Head, shell_app


def _client() -> TestClient:
    return TestClient(social_meta_middleware(shell_app()))


def test_public_playlist_preview(session, store):
    cover = store.put_bytes("covers", "jpg", b"jpeg")
    owner = factories.make_user(session, username="mia", first_name="Mia", last_name="Wong")
    tracks = [factories.make_track(session) for _ in range(3)]
    pl = factories.make_playlist(session, owner=owner, tracks=tracks, name='Rainy <Days> & "Nights"',
                                 description="For the walk home", visibility="public", cover_key=cover)
    response = _client().get(f"/playlist/{pl.id}-old-slug")
    assert response.status_code == 200
    head = Head(response.text)
    assert head.one("og:title") == 'Rainy <Days> & "Nights"'  # escaped in the HTML, intact when parsed
    assert "<Days>" not in response.text.split("</head>")[0]
    assert head.one("og:description") == "Playlist by Mia Wong · 3 songs · For the walk home"
    assert head.one("og:type") == "music.playlist"
    assert head.one("og:url") == f"http://127.0.0.1:3000/playlist/{pl.id}-{pl.slug}"
    assert head.one("og:image") == f"http://127.0.0.1:3000/api/v1/media/{cover}"
    assert head.titles == ['Rainy <Days> & "Nights" - playlist by Mia Wong | Spoticlone']


def test_private_and_unknown_playlists_get_no_preview(session):
    owner = factories.make_user(session, username="sam")
    secret = factories.make_playlist(session, owner=owner, name="Secret crush songs", description="shh")
    for path in (f"/playlist/{secret.id}-secret-crush-songs", "/playlist/987654-nope", "/playlist/abc"):
        response = _client().get(path)
        assert response.status_code == 404, path
        assert "Secret crush" not in response.text and "shh" not in response.text
        assert Head(response.text).one("og:title") == "Spoticlone"  # the untouched shell


def _signed_in(session, user) -> dict[str, str]:
    from spoticlone.cookies import SESSION_COOKIE
    from spoticlone.services.auth.sessions import create_session

    return {"cookie": f"{SESSION_COOKIE}={create_session(session, user_id=user.id)}"}


def test_private_playlist_page_is_200_for_its_owner_and_404_for_anyone_else(session):
    owner = factories.make_user(session, username="ola")
    stranger = factories.make_user(session, username="ike")
    secret = factories.make_playlist(session, owner=owner, name="Secret crush songs", description="shh")
    path = f"/playlist/{secret.id}-secret-crush-songs"

    mine = _client().get(path, headers=_signed_in(session, owner))
    assert mine.status_code == 200
    assert mine.headers["cache-control"] == "private, no-cache" and mine.headers["vary"] == "Cookie"
    assert Head(mine.text).one("og:title") == "Spoticlone"  # no preview: the shell as it is
    assert "Secret crush" not in mine.text and "shh" not in mine.text

    for headers in (_signed_in(session, stranger), {"cookie": "spoticlone_session=forged"}, {}):
        response = _client().get(path, headers=headers)
        assert response.status_code == 404, headers
        assert response.headers["vary"] == "Cookie"  # no cache may give this 404 to the owner
        assert "Secret crush" not in response.text
    # Signed in as the owner, an unknown playlist is still not found.
    assert _client().get("/playlist/987654-nope", headers=_signed_in(session, owner)).status_code == 404
