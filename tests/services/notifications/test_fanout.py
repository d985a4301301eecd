"""A release reaches every follower after the publish commits, in chunks, and never twice."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from spoticlone.models import Notification, NotificationEmail
from spoticlone.services.notifications import fanout
from tests import factories


def _count(session, table) -> int:
    session.expire_all()
    return int(session.exec(select(func.count()).select_from(table)).one())


@pytest.fixture
def queued(monkeypatch):
    """Stand in for the job queue: remember which releases were handed to it."""
    handed: list[int] = []
    monkeypatch.setattr(fanout, "dispatchers", [handed.append])
    return handed


def test_publishing_writes_no_follower_rows_and_queues_one_job_per_release(session, world, publish_album, queued):
    publish_album(session, world)

    assert _count(session, Notification) == 0 and _count(session, NotificationEmail) == 0
    assert len(queued) == 1 and queued[0] in {t.id for t in world.songs}  # three songs, one release

    fanout.deliver_all(session, track_id=queued[0])
    assert sorted(n.user_id for n in session.exec(select(Notification))) == sorted([world.ann.id, world.bob.id])


def test_followers_are_told_in_chunks_each_one_once(session, world, publish_album, queued, monkeypatch):
    more = [factories.make_user(session, username=f"fan{n}", email=f"fan{n}@example.test", email_verified=True)
            for n in range(3)]
    from spoticlone.services.library import follows

    for fan in more:
        follows.follow_artist(session, actor=fan, artist_id=world.artist.id)
    monkeypatch.setattr(fanout, "CHUNK", 2)
    publish_album(session, world)

    cursors, cursor = [], 0
    while cursor is not None:
        cursor = fanout.deliver_chunk(session, track_id=queued[0], after_user_id=cursor)
        cursors.append(cursor)
    # ann, bob, the suspended one and three fans, two per chunk: three chunks (the suspended one is skipped).
    assert len(cursors) == 3 and cursors[-1] is None
    told = sorted(n.user_id for n in session.exec(select(Notification)))
    assert told == sorted([world.ann.id, world.bob.id, *(f.id for f in more)])


def test_a_retried_or_repeated_job_writes_nothing_twice(session, world, publish_album, queued):
    from spoticlone.jobs.release_tasks import fan_out_release

    publish_album(session, world)
    fan_out_release.call_local(queued[0])
    first = (_count(session, Notification), _count(session, NotificationEmail))
    assert first == (2, 2)

    fan_out_release.call_local(queued[0])  # huey's retry after a failure past the commit
    fanout.deliver_chunk(session, track_id=queued[0], after_user_id=0)
    for track_id in fanout.recent_releases(session, today=world.songs[0].release_date):  # the hourly safety net
        fanout.deliver_all(session, track_id=track_id)
    assert (_count(session, Notification), _count(session, NotificationEmail)) == first


def test_the_safety_net_finds_a_release_whose_job_was_never_queued(session, world, publish_album, queued):
    publish_album(session, world)
    queued.clear()  # the process died between the commit and the queue

    session.refresh(world.songs[0])
    releases = fanout.recent_releases(session, today=world.songs[0].release_date)
    assert len(releases) == 1
    fanout.deliver_all(session, track_id=releases[0])
    assert _count(session, Notification) == 2


def test_without_a_queue_the_followers_are_told_right_after_the_commit(session, world, publish_album,
                                                                       monkeypatch):
    monkeypatch.setattr(fanout, "dispatchers", [])
    publish_album(session, world)
    assert _count(session, Notification) == 2
