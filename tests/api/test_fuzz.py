"""Schema-driven fuzzing of the whole REST API with schemathesis.

Every operation in ``/api/openapi.json`` is called with generated requests (valid ones
and deliberately invalid ones: wrong types, out-of-range numbers, missing fields)
against the in-process app on a fresh database with a small catalog, three times per
example: anonymously, with a listener's bearer token, and with a listener's session
cookie from another site (the CSRF refusal). Every answer must be a non-5xx whose
status, content type, headers and body are the ones the spec documents.

``make test`` runs a few generated examples per operation, derandomized so a run is
repeatable (about a minute). The longer run adds schemathesis' coverage phase (boundary
values of every parameter: minimum - 1, maximum + 1, wrong types, missing fields) and
random examples:

    SPOTICLONE_FUZZ_EXAMPLES=30 .venv/bin/python -m pytest tests/api/test_fuzz.py -q

Nothing is excluded: mail goes to the test outbox, Google sign-in is not configured
(its two routes answer their documented 404), and no route calls another server.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks
from sqlmodel import Session

from spoticlone.models import PlaylistVisibility, Role, TrackStatus
from tests import factories

LONG_RUN = "SPOTICLONE_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("SPOTICLONE_FUZZ_EXAMPLES", "3"))
# Phase.explicit carries schemathesis' coverage phase (a few dozen cases per operation).
PHASES = list(Phase) if LONG_RUN else [Phase.generate]
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]
FOREIGN_ORIGIN = "https://evil.example"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A fresh data directory and database shared by every operation of the run.

    Module-scoped (the conftest fixtures are per test) so the hundred-odd operations do
    not each build a schema; what one operation changes, the next one sees, as on a
    real server.
    """
    from spoticlone.config import get_settings
    from spoticlone.db import create_schema, make_engine
    from spoticlone.integrations.media_store import LocalMediaStore

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path_factory.mktemp("fuzz") / "data"))
        patch.setenv("SPOTICLONE_ENV", "test")
        patch.delenv("SPOTICLONE_DATABASE_URL", raising=False)
        get_settings.cache_clear()
        engine = make_engine(get_settings().resolved_database_url)
        create_schema(engine)
        with Session(engine, expire_on_commit=False) as session:
            yield engine, session, LocalMediaStore(get_settings().media_dir)
        engine.dispose()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def fuzz_app(world):
    """The API over a small published catalog, two listeners and their playlists."""
    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.db import session_scope

    engine, session, store = world
    cover = store.put_bytes("covers", "png", b"\x89PNG\r\n\x1a\nfake")
    audio = store.put_bytes("audio", "mp3", b"ID3" + bytes(4096))
    genre = factories.make_genre(session, name="Synthwave")
    artist = factories.make_artist(session, stage_name="Nova Drive")
    album = factories.make_album(session, title="Night Run", artist_id=artist.id, genre_id=genre.id,
                                 cover_key=cover, release_date=date(2023, 5, 1))
    tracks = [
        factories.make_track(session, title=f"Night Run {n}", artist_id=artist.id, album_id=album.id,
                             genre_id=genre.id, track_number=n, audio_key=audio)
        for n in (1, 2, 3)
    ]
    factories.make_track(session, title="Secret Demo", artist_id=artist.id, status=TrackStatus.DRAFT)
    # No password: signing in is not what is fuzzed here, and Argon2 would cost seconds.
    listener = factories.make_user(session, username="fuzzer", role=Role.LISTENER, email_verified=True)
    other = factories.make_user(session, username="other", email_verified=True)
    factories.make_playlist(session, owner=listener, tracks=tracks, name="Mine")
    factories.make_playlist(session, owner=other, tracks=tracks[:1], name="Theirs",
                            visibility=PlaylistVisibility.PUBLIC)

    app = create_api()

    def session_override():
        with session_scope(engine) as scoped:
            yield scoped

    app.dependency_overrides[get_session] = session_override
    return app, listener


@pytest.fixture(scope="module")
def credentials(fuzz_app, world):
    """Fresh credentials for each call, since some operations end the caller's sessions."""
    from spoticlone.api.session_cookie import SESSION_COOKIE
    from spoticlone.services.auth.sessions import create_session

    _, listener = fuzz_app
    _, session, _ = world

    def bearer() -> dict[str, str]:
        return {"Authorization": f"Bearer {factories.make_api_token(session, listener)}"}

    def foreign_cookie() -> tuple[dict[str, str], dict[str, str]]:
        token = create_session(session, user_id=listener.id, user_agent="fuzz", ip="127.0.0.1")
        return {"Origin": FOREIGN_ORIGIN}, {SESSION_COOKIE: token}

    return bearer, foreign_cookie


def _spec_app():
    from spoticlone.api.app import create_api

    return create_api()


# The document does not depend on the data, so it is read once from an app built at
# import; every call goes to the test's own app (``app=``) and its fresh database.
# (``schemathesis.pytest.from_fixture`` would be the natural fit, but it relies on a
# pytest internal that pytest 9 removed.)
api_schema = schemathesis.openapi.from_asgi("/api/openapi.json", _spec_app())


@api_schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not LONG_RUN,
    phases=PHASES,
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_schema(case, fuzz_app, credentials):
    app, _ = fuzz_app
    bearer, foreign_cookie = credentials
    case.call_and_validate(app=app, checks=CHECKS)
    case.call_and_validate(app=app, headers=bearer(), checks=CHECKS)
    headers, cookies = foreign_cookie()
    case.call_and_validate(app=app, headers=headers, cookies=cookies, checks=CHECKS)
