"""When the job queue refuses an upload's ingestion, the artist is told and nothing is left behind."""

from __future__ import annotations

import pytest

from spoticlone.models import AudioUpload, UploadStatus
from spoticlone.services.studio import receiving
from tests import factories


class QueueDown(Exception):
    """What the queue raises when Redis or its SQLite file is unavailable."""


def refuse(_upload_id: int) -> None:
    raise QueueDown("connection refused")


def _received(session, *, status: UploadStatus = UploadStatus.RECEIVED) -> AudioUpload:
    token, path = receiving.new_folder("night drive.mp3")
    path.write_bytes(b"ID3" + b"\0" * 2048)
    upload = AudioUpload(artist_id=factories.make_artist(session).id, filename="night drive.mp3", size=2051,
                         sha256="a" * 64, temp_name=token, status=status)
    session.add(upload)
    session.commit()
    return upload


def test_a_refused_ingestion_fails_the_upload_with_a_sentence_and_removes_its_file(session, settings):
    upload = _received(session)
    folder = receiving.incoming_folder() / upload.temp_name
    with pytest.raises(QueueDown):
        receiving.enqueue(session, upload.id, refuse)
    session.refresh(upload)
    assert (upload.status, upload.error, upload.temp_name) == (UploadStatus.FAILED, receiving.NOT_QUEUED, None)
    assert not folder.exists()


def test_a_queued_ingestion_leaves_the_upload_waiting(session, settings):
    upload = _received(session)
    queued: list[int] = []
    receiving.enqueue(session, upload.id, queued.append)
    session.refresh(upload)
    assert queued == [upload.id] and upload.status == UploadStatus.RECEIVED
    assert (receiving.incoming_folder() / upload.temp_name).is_dir()


def test_a_refusal_never_overwrites_an_upload_a_worker_already_settled(session, settings):
    upload = _received(session, status=UploadStatus.READY)
    with pytest.raises(QueueDown):
        receiving.enqueue(session, upload.id, refuse)
    session.refresh(upload)
    assert (upload.status, upload.error) == (UploadStatus.READY, "")
