"""Every way a song disappears takes its files with it, after the commit and never before.

A song's files are its audio, its cover, its release's cover and its streaming
renditions. Each kind of delete (a release, one song, an empty tag album dropped by
grouping drafts, an artist's music erased with their account) is run against a media
store of its own (not the configured one), then again with a commit that fails: the
files of a delete that rolled back must all still be there.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.integrations.media_store import LocalMediaStore
from spoticlone.models import Album, Role, Track, TrackRendition, TrackStatus
from spoticlone.services.accounts import deletion, deletion_erase
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.studio import publishing, releases
from tests import factories

PASSWORD = "correct horse battery"


class CommitRefused(Exception):
    """The database refused the commit (a lost connection, a full disk)."""


@pytest.fixture
def own_store(settings, tmp_path):
    """A media store away from the configured one: files must go from the store passed in."""
    return LocalMediaStore(tmp_path / "elsewhere")


@pytest.fixture
def artist(session):
    user = factories.make_account(session, role=Role.ARTIST, password=PASSWORD)
    profile = factories.make_artist(session, stage_name="Moth Lantern", user_id=user.id)
    return user, profile


def _song(session, store, artist_id: int, album_id: int | None = None) -> tuple[Track, set[str]]:
    """A draft with audio, a cover and two renditions in ``store``; the song and its file keys."""
    track = factories.make_track(session, artist_id=artist_id, album_id=album_id, status=TrackStatus.DRAFT,
                                 audio_key=store.put_bytes("audio", "flac", b"fLaC song"),
                                 cover_key=store.put_bytes("covers", "jpg", b"\xff\xd8 song cover"))
    keys = {track.audio_key, track.cover_key}
    for tier, rate in (("low", 96_000), ("normal", 160_000)):
        key = store.put_bytes("audio", "m4a", b"m4a " + tier.encode())
        session.add(TrackRendition(track_id=track.id, tier=tier, key=key, source_key=track.audio_key,
                                   mime_type="audio/mp4", bitrate=rate))
        keys.add(key)
    session.commit()
    return track, keys


def _refuse_commits(session, monkeypatch) -> None:
    def refuse():
        raise CommitRefused("the database went away")

    monkeypatch.setattr(session, "commit", refuse)


def _release(session, store, user, profile) -> tuple[int, set[str]]:
    songs = [_song(session, store, profile.id) for _ in range(2)]
    release = releases.create_release(session, actor=user, title="Paper Moons",
                                      track_ids=[t.id for t, _ in songs], store=store)
    album = session.get(Album, release.id)
    album.cover_key = store.put_bytes("covers", "jpg", b"\xff\xd8 release cover")
    session.add(album)
    session.commit()
    return release.id, set().union(*(keys for _, keys in songs)) | {album.cover_key}


def test_deleting_a_release_removes_every_file_of_its_songs(session, own_store, artist):
    user, profile = artist
    album_id, keys = _release(session, own_store, user, profile)
    publishing.delete_release(session, actor=user, album_id=album_id, store=own_store)
    assert session.get(Album, album_id) is None
    assert [key for key in keys if own_store.exists(key)] == []


def test_deleting_one_song_removes_its_audio_cover_and_renditions(session, own_store, artist):
    user, profile = artist
    track, keys = _song(session, own_store, profile.id)
    publishing.delete_track(session, actor=user, track_id=track.id, store=own_store)
    assert session.get(Track, track.id) is None
    assert [key for key in keys if own_store.exists(key)] == []
    assert session.exec(select(TrackRendition)).all() == []


def test_grouping_drafts_drops_the_empty_tag_album_and_its_unused_cover(session, own_store, artist):
    user, profile = artist
    shared = own_store.put_bytes("covers", "jpg", b"\xff\xd8 shared")
    unused = own_store.put_bytes("covers", "jpg", b"\xff\xd8 unused")
    tagged = factories.make_album(session, artist_id=profile.id, title="From Tags", cover_key=shared)
    other_tags = factories.make_album(session, artist_id=profile.id, title="More Tags", cover_key=unused)
    first, _ = _song(session, own_store, profile.id, album_id=tagged.id)
    second, _ = _song(session, own_store, profile.id, album_id=other_tags.id)
    release = releases.create_release(session, actor=user, title="Together", track_ids=[first.id, second.id],
                                      store=own_store)
    assert session.get(Album, tagged.id) is None and session.get(Album, other_tags.id) is None
    assert session.get(Album, release.id).cover_key == first.cover_key
    # The song's own cover won; the albums' covers are no longer named by any row.
    assert not own_store.exists(shared) and not own_store.exists(unused)


def test_a_cover_still_used_elsewhere_stays_when_its_tag_album_goes(session, own_store, artist):
    user, profile = artist
    cover = own_store.put_bytes("covers", "jpg", b"\xff\xd8 kept")
    tagged = factories.make_album(session, artist_id=profile.id, title="From Tags", cover_key=cover)
    track, _ = _song(session, own_store, profile.id, album_id=tagged.id)
    factories.make_track(session, artist_id=profile.id, cover_key=cover)
    releases.create_release(session, actor=user, title="Alone", track_ids=[track.id], store=own_store)
    assert session.get(Album, tagged.id) is None and own_store.exists(cover)


def test_erasing_an_artist_who_removes_releases_removes_every_file_of_their_songs(session, own_store, artist):
    user, profile = artist
    album_id, keys = _release(session, own_store, user, profile)
    clock = FakeClock(datetime.now(UTC))
    deletion.request_deletion(session, actor=user, password=PASSWORD, keep_releases=False, clock=clock)
    clock.advance(timedelta(days=14, minutes=1))
    assert deletion_erase.erase_due(session, store=own_store, clock=clock) == 1
    assert session.get(Album, album_id) is None
    assert [key for key in keys if own_store.exists(key)] == []


def _doomed_release(session, store, user, profile):
    album_id, keys = _release(session, store, user, profile)
    return keys, lambda: publishing.delete_release(session, actor=user, album_id=album_id, store=store)


def _doomed_song(session, store, user, profile):
    track, keys = _song(session, store, profile.id)
    return keys, lambda: publishing.delete_track(session, actor=user, track_id=track.id, store=store)


def _doomed_tag_album(session, store, user, profile):
    cover = store.put_bytes("covers", "jpg", b"\xff\xd8 tags")
    tagged = factories.make_album(session, artist_id=profile.id, title="From Tags", cover_key=cover)
    track, keys = _song(session, store, profile.id, album_id=tagged.id)
    # The song's own cover wins: the album's would be deleted.
    return keys | {cover}, lambda: releases.create_release(
        session, actor=user, title="Never", track_ids=[track.id], store=store)


def _doomed_artist(session, store, user, profile):
    _album_id, keys = _release(session, store, user, profile)
    clock = FakeClock(datetime.now(UTC))
    deletion.request_deletion(session, actor=user, password=PASSWORD, keep_releases=False, clock=clock)
    clock.advance(timedelta(days=14, minutes=1))
    return keys, lambda: deletion_erase.erase_due(session, store=store, clock=clock)


@pytest.mark.parametrize("doomed", [_doomed_release, _doomed_song, _doomed_tag_album, _doomed_artist],
                         ids=["release", "song", "tag album", "erasure"])
def test_a_delete_that_rolls_back_keeps_every_file(session, own_store, artist, monkeypatch, doomed):
    user, profile = artist
    keys, delete = doomed(session, own_store, user, profile)
    _refuse_commits(session, monkeypatch)
    with pytest.raises(CommitRefused):
        delete()
    session.rollback()
    assert [key for key in keys if not own_store.exists(key)] == []
