"""Audio uploads: who may send, limits while receiving, duplicates, and the ingestion job."""

from __future__ import annotations

import hashlib
import random
import shutil

import pytest
from sqlmodel import select

from spoticlone.jobs.studio_tasks import ingest_upload
from spoticlone.models import AudioUpload, Role, Track, TrackLoudness, TrackStatus, UploadStatus
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied, TooLarge
from spoticlone.services.media.ingestion import NOT_AUDIO
from spoticlone.services.studio import uploads
from tests import factories
from tests.aio import run_async

MIB = 1024 * 1024


class Body:
    """An upload body in chunks that records how much of it the server read."""

    def __init__(self, data: bytes = b"", *, chunk: int = 64 * 1024, endless: bool = False):
        self.data, self.chunk, self.endless, self.read = data, chunk, endless, 0

    async def _chunks(self):
        if self.endless:
            while True:
                self.read += self.chunk
                yield b"\0" * self.chunk
        for start in range(0, len(self.data), self.chunk):
            piece = self.data[start : start + self.chunk]
            self.read += len(piece)
            yield piece

    def __aiter__(self):
        return self._chunks()


def _artist(session, name="Nova Drive", role=Role.ARTIST):
    user = factories.make_user(session, role=role)
    artist = factories.make_artist(session, stage_name=name, user_id=user.id)
    return user, artist


def _upload(session, actor, data: bytes, filename="song.mp3", *, declared: bool = True, body=None):
    body = body if body is not None else Body(data)
    return run_async(uploads.upload_audio(session, actor=actor, filename=filename,
                                          declared_size=len(data) if declared else None, chunks=body,
                                          ingest=ingest_upload))


def _leftovers(settings) -> list:
    folder = settings.data_dir / uploads.FOLDER
    return sorted(folder.rglob("*")) if folder.exists() else []


def _limits(monkeypatch, *, cap_mb: int | None = None, quota_mb: int | None = None):
    from spoticlone.config import get_settings

    if cap_mb is not None:
        monkeypatch.setenv("SPOTICLONE_MAX_UPLOAD_MB", str(cap_mb))
    if quota_mb is not None:
        monkeypatch.setenv("SPOTICLONE_ARTIST_QUOTA_MB", str(quota_mb))
    get_settings.cache_clear()


def test_an_upload_becomes_a_draft_of_its_artist_with_its_tags_and_loudness(session, settings, audio_samples):
    user, artist = _artist(session)
    out = _upload(session, user, audio_samples["mp3"].read_bytes(), filename="C:\\Music\\sine.mp3")

    assert out.status == "ready" and out.error == "" and out.filename == "sine.mp3"
    track = session.get(Track, out.track_id)
    assert track.artist_id == artist.id and track.status == TrackStatus.DRAFT
    assert track.title == out.track_title == "Sine Song"
    assert out.size == audio_samples["mp3"].stat().st_size and len(out.sha256) == 64
    if shutil.which("ffmpeg"):  # `make setup` installs it; without it loudness is skipped
        assert session.get(TrackLoudness, track.id) is not None  # measured after ingestion
    assert _leftovers(settings) == []


def test_the_file_name_is_the_title_when_the_file_has_none(session, settings, audio_samples, tmp_path):
    from mutagen.id3 import ID3

    bare = tmp_path / "bare.mp3"
    bare.write_bytes(audio_samples["mp3"].read_bytes())
    ID3(bare).delete()
    user, _ = _artist(session)
    out = _upload(session, user, bare.read_bytes(), filename="Midnight Drive (demo).mp3")
    assert out.status == "ready"
    assert out.track_title == "Midnight Drive (demo)"


@pytest.mark.parametrize("role", [None, Role.LISTENER])
def test_only_an_artist_may_upload_and_nothing_is_read_otherwise(session, settings, role):
    actor = factories.make_user(session, role=role) if role else None
    body = Body(b"ID3" + b"\0" * 2000)
    with pytest.raises(PermissionDenied):
        _upload(session, actor, body.data, body=body)
    assert body.read == 0
    assert session.exec(select(AudioUpload)).all() == []


def test_a_declared_size_over_the_cap_is_refused_before_reading(session, settings, monkeypatch):
    _limits(monkeypatch, cap_mb=1)
    user, _ = _artist(session)
    body = Body(b"\0" * (MIB + 1))
    with pytest.raises(TooLarge, match="larger than the 1 MB limit"):
        _upload(session, user, body.data, body=body)
    assert body.read == 0
    assert _leftovers(settings) == []


def test_an_undeclared_body_is_cut_off_once_past_the_cap(session, settings, monkeypatch):
    _limits(monkeypatch, cap_mb=1)
    user, _ = _artist(session)
    body = Body(endless=True)
    with pytest.raises(TooLarge, match="larger than the 1 MB limit"):
        _upload(session, user, b"", declared=False, body=body)
    assert MIB < body.read <= MIB + body.chunk
    assert _leftovers(settings) == []
    assert session.exec(select(AudioUpload)).all() == []


def test_a_client_that_goes_away_mid_upload_leaves_nothing(session, settings, audio_samples):
    user, _ = _artist(session)
    data = audio_samples["wav"].read_bytes()

    class Gone(Exception):
        pass

    async def cut_off():
        yield data[:100_000]
        yield data[100_000:200_000]
        raise Gone("the client disconnected")

    with pytest.raises(Gone):
        _upload(session, user, data, declared=False, body=cut_off())
    assert _leftovers(settings) == []
    assert session.exec(select(AudioUpload)).all() == []


def test_the_quota_counts_tracks_and_pending_uploads(session, settings, monkeypatch, audio_samples):
    _limits(monkeypatch, quota_mb=1)
    user, artist = _artist(session)
    factories.make_track(session, artist_id=artist.id, file_size=MIB - 40_000)
    data = audio_samples["mp3"].read_bytes()  # about 50 kB
    assert uploads.storage_used(session, artist_id=artist.id) == MIB - 40_000

    with pytest.raises(TooLarge, match=r"does not fit in your 1\.0 MB of storage"):
        _upload(session, user, data)
    body = Body(data, chunk=4096)
    with pytest.raises(TooLarge, match="39 kB left"):
        _upload(session, user, data, declared=False, body=body)
    assert body.read < len(data)
    assert _leftovers(settings) == []

    session.add(AudioUpload(artist_id=artist.id, filename="x.mp3", size=30_000, sha256="0" * 64,
                            status=UploadStatus.PROCESSING))
    session.commit()
    assert uploads.storage_used(session, artist_id=artist.id) == MIB - 10_000


def test_the_same_file_twice_is_refused_naming_the_song(session, settings, audio_samples):
    user, _ = _artist(session)
    data = audio_samples["flac"].read_bytes()
    first = _upload(session, user, data)
    assert first.status == "ready"
    with pytest.raises(Conflict, match="it is your song “Sine Song”"):
        _upload(session, user, data, filename="again.flac")
    assert _leftovers(settings) == []
    assert len(session.exec(select(Track)).all()) == 1

    other, _ = _artist(session, "Someone Else")
    assert _upload(session, other, data).status == "ready"  # another artist's copy is theirs to judge


def test_a_file_still_in_processing_is_a_duplicate_too(session, settings, audio_samples):
    user, artist = _artist(session)
    data = audio_samples["ogg"].read_bytes()
    session.add(AudioUpload(artist_id=artist.id, filename="take one.ogg", size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), status=UploadStatus.RECEIVED))
    session.commit()
    with pytest.raises(Conflict, match=r"already uploading this file \(as “take one\.ogg”\)"):
        _upload(session, user, data)


def test_empty_and_non_audio_files_are_refused_on_arrival(session, settings):
    user, _ = _artist(session)
    with pytest.raises(Invalid, match="empty"):
        _upload(session, user, b"")
    with pytest.raises(Invalid, match="too small to be a song"):
        _upload(session, user, b"ID3" + b"\0" * 1020)
    with pytest.raises(Invalid) as refused:
        _upload(session, user, random.Random(3).randbytes(5000), filename="noise.mp3")
    assert refused.value.message == NOT_AUDIO
    assert session.exec(select(AudioUpload)).all() == []
    assert _leftovers(settings) == []


def test_a_cut_file_fails_in_the_job_with_a_reason_and_can_be_sent_again(session, settings, audio_samples):
    user, _ = _artist(session)
    data = audio_samples["wav"].read_bytes()
    failed = _upload(session, user, data[: len(data) // 2], filename="cut.wav")
    assert failed.status == "failed" and "incomplete" in failed.error
    assert failed.track_id is None
    assert session.exec(select(Track)).all() == []
    assert _leftovers(settings) == []
    assert _upload(session, user, data[: len(data) // 2]).status == "failed"  # a retry is allowed


def test_the_job_leaves_settled_uploads_alone_and_fails_lost_files(session, settings, store):
    _, artist = _artist(session)
    lost = AudioUpload(artist_id=artist.id, filename="x.mp3", size=10, sha256="1" * 64, temp_name="ab" * 16)
    done = AudioUpload(artist_id=artist.id, filename="y.mp3", size=10, sha256="2" * 64,
                       status=UploadStatus.FAILED, error="before")
    session.add_all([lost, done])
    session.commit()
    assert uploads.process_upload(session, store=store, upload_id=lost.id) is None
    assert uploads.process_upload(session, store=store, upload_id=done.id) is None
    session.refresh(lost)
    session.refresh(done)
    assert (lost.status, lost.error, lost.temp_name) == (UploadStatus.FAILED, uploads.LOST, None)
    assert (done.status, done.error) == (UploadStatus.FAILED, "before")


def test_a_job_failing_for_good_marks_the_upload_failed(session, settings, monkeypatch):
    _, artist = _artist(session)
    row = AudioUpload(artist_id=artist.id, filename="x.mp3", size=10, sha256="3" * 64, temp_name="cd" * 16)
    session.add(row)
    session.commit()

    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(uploads, "process_upload", disk_full)
    with pytest.raises(OSError):
        ingest_upload.call_local(row.id)  # no task context: this was the last try
    session.refresh(row)
    assert (row.status, row.error) == (UploadStatus.FAILED, uploads.LOST)


def test_uploads_are_private_to_their_artist_and_admins(session, settings, audio_samples):
    user, artist = _artist(session)
    stranger, _ = _artist(session, "Stranger")
    listener = factories.make_user(session)
    admin = factories.make_user(session, role=Role.ADMIN)
    out = _upload(session, user, audio_samples["ogg"].read_bytes())

    assert uploads.get_upload(session, actor=user, upload_id=out.id).id == out.id
    assert uploads.get_upload(session, actor=admin, upload_id=out.id).id == out.id
    for actor in (stranger, listener):
        with pytest.raises(NotFound):
            uploads.get_upload(session, actor=actor, upload_id=out.id)
    with pytest.raises(PermissionDenied):
        uploads.get_upload(session, actor=None, upload_id=out.id)

    assert uploads.list_uploads(session, actor=stranger).total == 0
    assert [u.id for u in uploads.list_uploads(session, actor=user).items] == [out.id]
    assert [u.id for u in uploads.list_uploads(session, actor=admin).items] == [out.id]
    assert uploads.list_uploads(session, actor=admin, artist_id=artist.id).total == 1
    with pytest.raises(NotFound):
        uploads.list_uploads(session, actor=stranger, artist_id=artist.id)
    with pytest.raises(PermissionDenied):
        uploads.list_uploads(session, actor=listener)


def test_the_list_is_newest_first_and_paged(session, settings):
    user, artist = _artist(session)
    session.add_all([AudioUpload(artist_id=artist.id, filename=f"{n}.mp3", size=1, sha256=f"{n:064d}",
                                 status=UploadStatus.FAILED) for n in range(5)])
    session.commit()
    first = uploads.list_uploads(session, actor=user, page=1, page_size=2)
    assert first.total == 5 and first.has_next
    assert [u.filename for u in first.items] == ["4.mp3", "3.mp3"]
    with pytest.raises(Invalid):
        uploads.list_uploads(session, actor=user, page=0)


@pytest.mark.parametrize("raw, clean", [
    ("song.mp3", "song.mp3"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\Mix.flac", "Mix.flac"),
    ("evil\u202egpj.mp3", "evilgpj.mp3"),
    ("tab\tand\nnewline.wav", "tab and newline.wav"),
    ("", "Untitled upload"),
    ("/", "Untitled upload"),
    ("x" * 400 + ".mp3", "x" * 255),
])
def test_file_names_are_cleaned(raw, clean):
    assert uploads.clean_filename(raw) == clean


def test_the_sweep_removes_only_abandoned_received_files(session, settings):
    import os

    _, artist = _artist(session)
    folder = settings.data_dir / uploads.FOLDER
    old = 1_000_000_000  # 2001: long before any cutoff
    for token in ("abandoned", "waiting", "arriving"):
        (folder / token).mkdir(parents=True)
        (folder / token / "song.mp3").write_bytes(b"ID3")
        if token != "arriving":
            os.utime(folder / token / "song.mp3", (old, old))
            os.utime(folder / token, (old, old))
    session.add(AudioUpload(artist_id=artist.id, filename="song.mp3", size=3, sha256="4" * 64,
                            temp_name="waiting"))
    session.commit()
    assert uploads.sweep_incoming(session) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["arriving", "waiting"]


def test_audio_an_operator_already_imported_for_the_artist_is_a_duplicate(session, settings, audio_samples):
    """The catalog's content hash (``Track.audio_sha256``, kept by every ingestion path) is
    checked too, so a song imported with ``cli import --artist`` is not uploaded twice."""
    user, artist = _artist(session)
    data = audio_samples["ogg"].read_bytes()
    factories.make_track(session, artist_id=artist.id, title="Imported Before",
                         audio_sha256=hashlib.sha256(data).hexdigest())
    with pytest.raises(Conflict, match="already uploaded this file: it is your song “Imported Before”"):
        _upload(session, user, data)
    assert session.exec(select(AudioUpload)).all() == []
    assert _leftovers(settings) == []


def test_an_uploaded_songs_hash_is_kept_on_the_track(session, settings, audio_samples):
    user, _ = _artist(session)
    data = audio_samples["ogg"].read_bytes()
    upload = _upload(session, user, data)
    track = session.get(Track, upload.track_id)
    assert track is not None and track.audio_sha256 == hashlib.sha256(data).hexdigest()
