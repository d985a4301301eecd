"""Resumable upload sessions in the service: limits on open sessions, and completing again."""

from __future__ import annotations

import pytest

from spoticlone.jobs.studio_tasks import ingest_upload
from spoticlone.models import Role, UploadSession, UploadSessionStatus
from spoticlone.services.core.errors import Conflict
from spoticlone.services.studio import chunked, receiving
from tests import factories
from tests.aio import run_async


async def _body(data: bytes):
    for start in range(0, len(data), 4096):
        yield data[start:start + 4096]


def _put(session, actor, sid: int, offset: int, data: bytes):
    return run_async(chunked.put_piece(session, actor=actor, session_id=sid, offset=offset, length=len(data),
                                       chunks=_body(data), ingest=ingest_upload))


@pytest.fixture
def artist(session):
    user = factories.make_user(session, role=Role.ARTIST)
    factories.make_artist(session, stage_name="Piecemeal", user_id=user.id)
    return user


def test_an_artist_may_send_only_so_many_files_at_once(session, settings, artist):
    for n in range(chunked.MAX_OPEN):
        chunked.start_session(session, actor=artist, filename=f"{n}.mp3", size=2048)
    with pytest.raises(Conflict) as refused:
        chunked.start_session(session, actor=artist, filename="one-more.mp3", size=2048)
    assert "cancel some" in refused.value.message
    chunked.cancel_session(session, actor=artist, session_id=session.get(UploadSession, 1).id)
    assert chunked.start_session(session, actor=artist, filename="now.mp3", size=2048).status == "open"


def test_a_completion_that_stumbled_is_finished_by_an_empty_last_piece(
    session, settings, artist, audio_samples, monkeypatch
):
    data = audio_samples["mp3"].read_bytes()
    sid = chunked.start_session(session, actor=artist, filename="song.mp3", size=len(data)).id
    def disk_error(*args, **kwargs):
        raise OSError("the disk stumbled")

    with monkeypatch.context() as patch:
        patch.setattr(receiving, "record_upload", disk_error)
        with pytest.raises(OSError):
            _put(session, artist, sid, 0, data)
    stalled = chunked.session_status(session, actor=artist, session_id=sid)
    assert (stalled.status, stalled.offset) == ("open", len(data))
    done = _put(session, artist, sid, len(data), b"")
    assert done.status == "complete" and done.upload is not None and done.upload.status == "ready"
    assert session.get(UploadSession, sid).status == UploadSessionStatus.COMPLETE
