"""Searches that find nothing are counted for the dashboard; the others cost nothing, and a
read-only server still searches."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from spoticlone.models import InsightSearchMiss
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.lifecycle import archive
from spoticlone.services.search import engine
from tests.factories import make_track

DAY = datetime(2026, 2, 3, 10, tzinfo=UTC)


def misses(session):
    return {(m.day, m.term, m.searches) for m in session.exec(select(InsightSearchMiss))}


def test_only_searches_that_find_nothing_are_counted(session):
    make_track(session, title="Redemption Song")
    clock = FakeClock(DAY)
    assert engine.search(session, query="redemption", clock=clock).total
    assert not engine.search(session, query="  Zappa  ", clock=clock).total
    assert not engine.search(session, query="zappa", clock=clock).total
    assert not engine.search(session, query="zappa", groups=["albums"], clock=clock).total  # a narrowed search
    session.commit()
    assert misses(session) == {(DAY.date(), "zappa", 2)}


def test_a_read_only_server_still_searches(session):
    archive.set_archive(session, actor=None, enabled=True, operator=True)
    assert not engine.search(session, query="nothing here").total
    session.commit()
    assert misses(session) == set()
