"""Archive mode: the switch, its message, and the flush guard that refuses every write."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update
from sqlmodel import select

from spoticlone.models import PlayEvent, Playlist, Role, Track, TrackLike
from spoticlone.services.core.errors import Conflict, Invalid, PermissionDenied
from spoticlone.services.library import collection
from spoticlone.services.library.playlists import manage
from spoticlone.services.lifecycle import archive
from tests.factories import make_track, make_user


def _archive(session, **extra):
    return archive.set_archive(session, actor=make_user(session, role=Role.ADMIN), enabled=True,
                               message="We close on Friday.", contact="ops@example.test",
                               closes_on=date(2027, 1, 31), **extra)


def test_off_by_default(session):
    status = archive.archive_status(session)
    assert status.enabled is False
    archive.require_writable(session)


def test_only_admins_or_the_operator_turn_it_on(session):
    with pytest.raises(PermissionDenied):
        archive.set_archive(session, actor=make_user(session), enabled=True)
    assert archive.archive_status(session).enabled is False
    status = archive.set_archive(session, actor=None, enabled=True, operator=True)
    assert status.enabled and status.message == archive.DEFAULT_MESSAGE


def test_the_notice_says_what_when_and_whom_to_ask(session):
    status = _archive(session)
    assert status.notice == ("We close on Friday. The service closes for good on 31 January 2027. "
                             "Questions: ops@example.test.")


def test_too_long_a_message_is_refused(session):
    with pytest.raises(Invalid):
        archive.set_archive(session, actor=make_user(session, role=Role.ADMIN), enabled=True,
                            message="x" * (archive.MAX_MESSAGE + 1))
    assert archive.archive_status(session).enabled is False


def test_every_write_is_refused_with_the_message_and_nothing_changes(session):
    listener, track = make_user(session), make_track(session)
    _archive(session)
    with pytest.raises(Conflict) as refused:
        collection.like_track(session, actor=listener, track_id=track.id)
    assert refused.value.code == archive.ARCHIVED and "We close on Friday." in refused.value.message
    session.rollback()
    with pytest.raises(Conflict):
        manage.create_playlist(session, actor=listener, name="Last one")
    session.rollback()
    assert session.exec(select(TrackLike)).all() == [] and session.exec(select(Playlist)).all() == []


def test_bulk_statements_are_refused_too(session):
    make_user(session)
    _archive(session)
    with pytest.raises(Conflict):
        session.exec(update(Playlist).values(name="x"))


def test_listening_history_and_turning_it_off_still_work(session):
    listener, track = make_user(session), make_track(session)
    _archive(session)
    session.add(PlayEvent(user_id=listener.id, track_id=track.id))
    session.commit()
    status = archive.set_archive(session, actor=None, enabled=False, operator=True)
    assert status.enabled is False
    collection.like_track(session, actor=listener, track_id=track.id)
    assert len(session.exec(select(TrackLike)).all()) == 1


def test_a_counted_play_still_moves_the_play_counter(session):
    track = make_track(session)
    _archive(session)
    session.exec(update(Track).where(Track.id == track.id).values(play_count=Track.play_count + 1))
    session.commit()
    session.refresh(track)
    assert track.play_count == 1
    with pytest.raises(Conflict):
        session.exec(update(Track).where(Track.id == track.id).values(title="Renamed"))


def test_listening_is_recorded_while_archived(session):
    from spoticlone.services.listening import plays

    listener, track = make_user(session), make_track(session, duration_ms=60_000)
    _archive(session)
    play_id = plays.start_play(session, track_id=track.id, source="album", user_id=listener.id)
    progress = plays.report_progress(session, play_id=play_id, ms_played=3_000, user_id=listener.id)
    assert progress.ms_played > 0  # recorded, not refused (counting itself: the test above)
