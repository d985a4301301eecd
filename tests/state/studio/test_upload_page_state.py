"""The upload page's state: the artist's recent uploads, followed until ready, as the cookie's account.

The files themselves go from the browser to the REST API; the last tests send one the way
``assets/studio_upload.js`` does (session cookie, same-origin ``Origin``) and check that the
page then lists it, and that the same request from another site is refused.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from spoticlone import routes
from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.config import get_settings
from spoticlone.models import AudioUpload, Role, TrackStatus, UploadStatus
from spoticlone.services.auth.sessions import create_session, revoke_session
from spoticlone.services.studio.ownership import NOT_AN_ARTIST
from spoticlone.state.studio.uploads import StudioUploadState as S, size_text
from spoticlone.testing.driver import call, event_arg, event_kind, events_of, is_sign_in_redirect
from tests import factories
from tests.state.conftest import make_state

URL = "/api/v1/studio/uploads"


def _row(session, artist_id, name, status, **extra):
    row = AudioUpload(artist_id=artist_id, filename=name, size=extra.pop("size", 4 * 1024 * 1024),
                      sha256=name.ljust(64, "0")[:64], status=status, **extra)
    session.add(row)
    session.commit()
    return row


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="owner", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    other = factories.make_user(session, username="other", role=Role.ARTIST)
    other_artist = factories.make_artist(session, stage_name="Elsewhere", user_id=other.id)
    listener = factories.make_user(session, username="listener")
    draft = factories.make_track(session, title="Neon Rain", artist_id=artist.id, status=TrackStatus.DRAFT)
    ready = _row(session, artist.id, "neon rain.mp3", UploadStatus.READY, track_id=draft.id)
    failed = _row(session, artist.id, "notes.txt.mp3", UploadStatus.FAILED, error="This is not an audio file.")
    busy = _row(session, artist.id, "b-side.flac", UploadStatus.PROCESSING)
    _row(session, other_artist.id, "not yours.mp3", UploadStatus.RECEIVED)
    return {"owner": owner, "other": other, "listener": listener, "artist": artist.id, "draft": draft.id,
            "ready": ready.id, "failed": failed.id, "busy": busy.id}


def on_page(session, user=None):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(S, routes.STUDIO_UPLOAD, routes.STUDIO_UPLOAD, session_token=token)


def loaded(session, user):
    state = on_page(session, user)
    call(S.load, state)
    return state


def by_name(state):
    return {row["filename"]: row for row in state.uploads}


def set_status(session, upload_id, status, **fields):
    session.expire_all()
    row = session.get(AudioUpload, upload_id)
    row.status = status
    for name, value in fields.items():
        setattr(row, name, value)
    session.add(row)
    session.commit()


def test_an_artist_sees_their_recent_uploads_with_status_and_the_page_script(session, world):
    state = on_page(session, world["owner"])
    events = events_of(S.load, state)
    assert state.loaded and state.not_artist == "" and state.error == ""
    rows = by_name(state)
    assert list(rows) == ["b-side.flac", "notes.txt.mp3", "neon rain.mp3"]  # newest first, none of others'
    assert rows["neon rain.mp3"]["label"] == "Ready" and rows["neon rain.mp3"]["track_title"] == "Neon Rain"
    assert rows["neon rain.mp3"]["lyrics_url"] == routes.studio_lyrics_url(world["draft"])
    assert rows["notes.txt.mp3"]["error"] == "This is not an audio file." and rows["notes.txt.mp3"]["lyrics_url"] == ""
    assert rows["b-side.flac"]["label"] == "Processing" and rows["b-side.flac"]["size"] == "4.0 MB"
    assert state.pending is True and state.total == 3
    assert state.max_bytes == get_settings().max_upload_mb * 1024 * 1024
    assert state.limit_text == f"{get_settings().max_upload_mb} MB"
    assert event_kind(events[-1]) == "_call_script" and "/studio_upload.js" in event_arg(events[-1], "javascript_code")


def test_refresh_follows_an_upload_until_it_is_ready(session, world):
    state = loaded(session, world["owner"])
    assert by_name(state)["b-side.flac"]["lyrics_url"] == ""
    set_status(session, world["busy"], UploadStatus.READY, track_id=world["draft"])
    call(S.refresh, state)
    row = by_name(state)["b-side.flac"]
    assert row["status"] == "ready" and row["lyrics_url"] == f"/studio/lyrics/{world['draft']}"
    assert state.pending is False


def test_refresh_shows_the_services_sentence_when_processing_fails(session, world):
    state = loaded(session, world["owner"])
    set_status(session, world["busy"], UploadStatus.FAILED, error="The file is cut short.")
    call(S.refresh, state)
    row = by_name(state)["b-side.flac"]
    assert (row["label"], row["error"], row["pending"]) == ("Failed", "The file is cut short.", False)


def test_a_listener_is_told_how_to_become_an_artist(session, world):
    state = on_page(session, world["listener"])
    events = events_of(S.load, state)
    assert state.loaded and state.not_artist == NOT_AN_ARTIST and state.uploads == []
    assert not any(event_kind(e) == "_call_script" for e in events)
    call(S.report, state, [{"name": "x.mp3", "result": "sent"}])
    call(S.refresh, state)
    assert state.uploads == [] and state.notice == ""


def test_a_signed_out_visitor_is_sent_to_sign_in(session, world):
    state = on_page(session)
    assert is_sign_in_redirect(call(S.load, state))
    assert not state.loaded and state.uploads == []


def test_a_session_that_ends_while_following_goes_to_sign_in(session, world):
    token = create_session(session, user_id=world["owner"].id)
    state = make_state(S, routes.STUDIO_UPLOAD, routes.STUDIO_UPLOAD, session_token=token)
    call(S.load, state)
    assert state.loaded
    revoke_session(session, token=token)  # signed out in another tab
    assert is_sign_in_redirect(call(S.refresh, state))


def test_a_report_of_sent_files_reads_the_list_again_and_counts_the_batch(session, world):
    state = loaded(session, world["owner"])
    _row(session, world["artist"], "fresh.opus", UploadStatus.RECEIVED)
    call(S.report, state, [{"name": "fresh.opus", "result": "sent"},
                           {"name": "huge.wav", "result": "refused"}])
    assert "fresh.opus" in by_name(state) and state.notice.startswith("1 file sent")
    call(S.report, state, [{"name": "again.mp3", "result": "sent"}])
    assert state.notice.startswith("2 files sent")


@pytest.mark.parametrize("junk", [None, "sent", 3, [], [1, "x"], [{"result": "hacked"}], {"result": "sent"}])
def test_a_report_that_is_not_a_list_of_outcomes_changes_nothing(session, world, junk):
    state = loaded(session, world["owner"])
    before = list(state.uploads)
    _row(session, world["artist"], "late.mp3", UploadStatus.RECEIVED)
    assert call(S.report, state, junk) is None
    assert state.uploads == before and state.notice == "" and state.sent_count == 0


def test_nothing_is_read_before_the_page_loaded(session, world):
    state = on_page(session, world["owner"])
    call(S.refresh, state)
    call(S.report, state, [{"name": "x.mp3", "result": "sent"}])
    assert state.uploads == [] and state.notice == ""


@pytest.mark.parametrize(("size", "text"), [(0, "0 kB"), (300, "1 kB"), (812 * 1024, "812 kB"),
                                            (int(4.25 * 1024 * 1024), "4.2 MB"), (61 * 1024 * 1024, "61 MB")])
def test_sizes_read_like_people_write_them(size, text):
    assert size_text(size) == text


@pytest.fixture
def browser(engine):
    """The REST API as the page's script reaches it: same origin, the session cookie, no bearer token."""
    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.db import session_scope

    app = create_api()

    def session_override():
        with session_scope(engine) as db:
            yield db

    app.dependency_overrides[get_session] = session_override
    with TestClient(app, base_url=get_settings().public_origin) as client:
        yield client


def _send_like_the_page(browser, session, user, data: bytes, origin: str):
    token = create_session(session, user_id=user.id)
    browser.cookies.set(SESSION_COOKIE, token)
    return browser.post(URL, params={"filename": "sine.opus"}, content=data,
                        headers={"Origin": origin, "Content-Type": "audio/ogg"})


def test_a_file_sent_like_the_page_sends_it_is_accepted_and_listed(session, world, browser, audio_samples):
    sent = _send_like_the_page(browser, session, world["owner"], audio_samples["opus"].read_bytes(),
                               get_settings().public_origin)
    assert sent.status_code == 202, sent.text
    state = loaded(session, world["owner"])
    row = by_name(state)["sine.opus"]
    assert row["status"] == "ready" and row["lyrics_url"] == routes.studio_lyrics_url(sent.json()["track_id"])


def test_the_same_post_from_another_site_is_refused_and_nothing_is_listed(session, world, browser, audio_samples):
    sent = _send_like_the_page(browser, session, world["owner"], audio_samples["opus"].read_bytes(),
                               "https://evil.example")
    assert sent.status_code == 403 and sent.json()["detail"] == "Cross-site request refused."
    assert "sine.opus" not in by_name(loaded(session, world["owner"]))
