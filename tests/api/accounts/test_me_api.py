"""``/api/v1/me`` and ``/api/v1/users/{username}`` over HTTP, with bearer tokens and cookies."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlmodel import select

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import AuthSession, User
from spoticlone.services.accounts import profiles
from spoticlone.services.auth.sessions import create_session, token_hash
from spoticlone.services.auth.tokens import API_SESSION_KIND, issue_access_token
from spoticlone.services.media import picture_uploads
from tests import factories, images


def bearer_for(session, user: User) -> dict[str, str]:
    """An ``Authorization`` header for ``user``: an API session plus a signed access token."""
    raw = create_session(session, user_id=user.id)
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(raw))).one()
    row.kind = API_SESSION_KIND
    session.add(row)
    session.commit()
    token, _ = issue_access_token(user_id=user.id, session_handle=row.handle)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def ada(session) -> User:
    return factories.make_account(session, username="ada", first_name="Ada", phone="+16502530000",
                                  date_of_birth=date(1990, 4, 1))


@pytest.fixture
def auth(session, ada) -> dict[str, str]:
    return bearer_for(session, ada)


def _upload(data: bytes, name: str = "me.png"):
    return {"file": (name, data, "image/png")}


def test_get_me_with_a_bearer_token(api, auth, ada):
    response = api.get("/api/v1/me", headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert (body["username"], body["email"], body["phone"]) == ("ada", ada.email, "+16502530000")
    assert body["date_of_birth"] == "1990-04-01" and body["has_password"] is True


@pytest.mark.parametrize(
    "method, path",
    [("GET", "/api/v1/me"), ("PATCH", "/api/v1/me"), ("PUT", "/api/v1/me/avatar"),
     ("DELETE", "/api/v1/me/cover"), ("POST", "/api/v1/me/artist")],
)
def test_me_routes_need_authentication(api, method, path):
    assert api.request(method, path, json={}).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert api.request(method, path, json={}, headers=bad).status_code == 401


def test_patch_me_changes_only_sent_fields(api, auth, session, ada):
    response = api.patch("/api/v1/me", headers=auth,
                         json={"last_name": " Lovelace ", "phone": "(650) 253-0001"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["first_name"], body["last_name"], body["phone"]) == ("Ada", "Lovelace", "+16502530001")
    session.expire_all()
    assert session.get(User, ada.id).phone == "+16502530001"


def test_patch_me_bad_input_changes_nothing(api, auth, session, ada):
    factories.make_user(session, username="taken")
    cases = [
        ({"first_name": "New", "phone": "12"}, 422, "phone number"),
        ({"first_name": "New", "date_of_birth": "2020-01-01"}, 422, "13"),
        ({"first_name": "New", "username": "taken"}, 409, "taken"),
        ({"first_name": "New", "email": "x@example.com"}, 422, ""),
    ]
    for body, code, words in cases:
        response = api.patch("/api/v1/me", headers=auth, json=body)
        assert response.status_code == code, (body, response.text)
        assert words in str(response.json()["detail"])
    session.expire_all()
    assert session.get(User, ada.id).first_name == "Ada"


def test_patch_me_null_phone_clears_it(api, auth):
    assert api.patch("/api/v1/me", headers=auth, json={"phone": None}).json()["phone"] is None


def test_upload_avatar_then_serve_it(api, auth, session, ada, store):
    response = api.put("/api/v1/me/avatar", headers=auth, files=_upload(images.jpeg_with_metadata()))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["avatar_url"].startswith("/api/v1/media/avatars/")
    served = api.get(body["avatar_url"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(served.content)) as img:
        assert img.size == (512, 512) and not img.getexif()
    thumb = api.get(body["avatar_thumb_url"])
    assert thumb.status_code == 200
    public = api.get("/api/v1/users/ada").json()
    assert public["avatar_url"] == body["avatar_url"]


def test_upload_cover_and_remove_it(api, auth, store):
    url = api.put("/api/v1/me/cover", headers=auth, files=_upload(images.png(1000, 500))).json()["cover_url"]
    assert api.get(url).status_code == 200
    response = api.delete("/api/v1/me/cover", headers=auth)
    assert response.status_code == 200 and response.json()["cover_url"] is None
    assert api.get(url).status_code == 404


def test_upload_refuses_non_images_with_a_message(api, auth, session, ada):
    response = api.put("/api/v1/me/avatar", headers=auth, files=_upload(b"%PDF-1.7 not a picture", "a.png"))
    assert response.status_code == 422
    assert "could not be read" in response.json()["detail"]
    session.expire_all()
    assert session.get(User, ada.id).avatar_key is None


def test_upload_too_big_is_413(api, auth, session, ada, store):
    data = images.png() + b"\0" * (picture_uploads.MAX_PICTURE_BYTES + 1)
    response = api.put("/api/v1/me/avatar", headers=auth, files=_upload(data))
    assert response.status_code == 413
    assert "too big" in response.json()["detail"]
    session.expire_all()
    assert session.get(User, ada.id).avatar_key is None
    assert not any(p.is_file() for p in store.root.rglob("*"))


def test_upload_too_big_is_413_even_without_content_length(api, auth):
    def body():
        # A chunked body (no Content-Length): the limit is counted while streaming.
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n\r\n"
        for _ in range(12):
            yield b"\0" * (1024 * 1024)
        yield b"\r\n--b--\r\n"

    headers = {**auth, "Content-Type": "multipart/form-data; boundary=b"}
    response = api.put("/api/v1/me/avatar", headers=headers, content=body())
    assert response.status_code == 413


def test_upload_without_a_file_part_is_400(api, auth):
    response = api.put("/api/v1/me/avatar", headers=auth, data={"other": "x"},
                       files={"note": ("n.txt", b"hi", "text/plain")})
    assert response.status_code == 400
    assert api.put("/api/v1/me/avatar", headers=auth, content=b"raw").status_code == 400


def test_cookie_uploads_need_our_origin(api, session, ada):
    token = create_session(session, user_id=ada.id)
    api.cookies.set(SESSION_COOKIE, token)
    foreign = api.put("/api/v1/me/avatar", files=_upload(images.png()),
                      headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert api.get("/api/v1/me").json()["username"] == "ada"


def test_become_artist(api, auth):
    response = api.post("/api/v1/me/artist", headers=auth, json={"stage_name": "Ada Waves"})
    assert response.status_code == 201, response.text
    assert response.json()["role"] == "artist"
    assert response.json()["artist"]["url"] == "/artist/ada-waves"
    again = api.post("/api/v1/me/artist", headers=auth, json={"stage_name": "Other"})
    assert again.status_code == 409
    assert api.get("/api/v1/users/ada").json()["artist"]["slug"] == "ada-waves"


def test_public_profile_is_anonymous_and_private_free(api, ada):
    response = api.get("/api/v1/users/ADA")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "ada" and body["display_name"] == "Ada"
    for secret in (ada.email, "+16502530000", "1990-04-01"):
        assert secret not in response.text
    assert "email" not in body and "phone" not in body and "date_of_birth" not in body


def test_public_profile_unknown_or_suspended_is_404(api, session):
    factories.make_user(session, username="banned", suspended=True)
    assert api.get("/api/v1/users/banned").status_code == 404
    assert api.get("/api/v1/users/nobody").status_code == 404


def test_openapi_documents_the_upload(api):
    spec = api.get("/api/openapi.json").json()
    put = spec["paths"]["/api/v1/me/avatar"]["put"]
    assert "multipart/form-data" in put["requestBody"]["content"]
    assert {"200", "401", "413", "422"} <= set(put["responses"])
    assert "/api/v1/users/{username}" in spec["paths"]


# Link previews for /user/<username>.


@pytest.fixture
def preview_client():
    from fastapi.testclient import TestClient

    from spoticlone.middleware.social_meta import social_meta_middleware
    from tests.api.page_shell import shell_app

    return TestClient(social_meta_middleware(shell_app()))


def test_user_page_link_preview_is_public_only(preview_client, session, store, ada):
    profiles.set_picture(session, actor=ada, kind="avatar", data=images.png(), store=store)
    profiles.update_profile(session, actor=ada, last_name='<b>"Love"</b>')
    profiles.become_artist(session, actor=ada, stage_name="Ada Waves")
    from tests.api.page_shell import Head

    response = preview_client.get("/user/ada")
    assert response.status_code == 200
    assert "<b>" not in response.text
    for secret in (ada.email, "+16502530000", "1990-04-01"):
        assert secret not in response.text
    head = Head(response.text)
    assert head.one("og:type") == "profile"
    assert head.one("og:title") == 'Ada <b>"Love"</b>'
    assert head.one("og:description") == "@ada on Spoticlone · Artist page: Ada Waves"
    assert head.one("og:url").endswith("/user/ada")
    session.expire_all()
    assert head.one("og:image").endswith(session.get(User, ada.id).avatar_key)


def test_user_page_preview_unknown_or_suspended_is_404(preview_client, session):
    from tests.api.page_shell import SHELL

    factories.make_user(session, username="banned", suspended=True)
    for path in ("/user/banned", "/user/nobody"):
        response = preview_client.get(path)
        assert response.status_code == 404 and response.text == SHELL
