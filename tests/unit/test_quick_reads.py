"""Quick reads (``services.core.quick_reads``) run on the event loop on SQLite, never write."""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, select

import spoticlone.db as db
import spoticlone.state.common as common
from spoticlone.db import QuickReadWrote, reads_on_the_loop
from spoticlone.models import AuthSession, Genre, InsightSearchMiss
from spoticlone.services.auth.browser_sessions import signed_in_profile
from spoticlone.services.auth.sessions import create_session, user_for_token
from spoticlone.services.catalog import browse, home, search_reads
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.quick_reads import is_quick_read, quick_read, write_after_read
from spoticlone.services.library import follows, ratings
from spoticlone.services.listening import plays
from spoticlone.state.acting import as_actor
from spoticlone.state.common import call_reads, call_service
from tests.factories import make_user


def _thread_of(_session) -> int:
    return threading.get_ident()


@quick_read
def _quick_thread_of(session) -> int:
    session.exec(select(Genre.id)).all()
    return threading.get_ident()


@quick_read
def _quick_but_writes(session) -> None:
    session.add(Genre(name="Sneaked", slug="sneaked"))
    session.flush()


async def _here_and(call):
    return threading.get_ident(), await call


def test_on_sqlite_a_quick_read_runs_on_the_loop_and_anything_else_on_a_thread(engine):
    assert reads_on_the_loop()
    loop_thread, ran_on = asyncio.run(_here_and(call_service(_quick_thread_of)))
    assert ran_on == loop_thread
    loop_thread, ran_on = asyncio.run(_here_and(call_service(_thread_of)))
    assert ran_on != loop_thread


def test_on_postgresql_a_quick_read_waits_on_a_thread(engine, monkeypatch):
    """Every query there is a network round trip the loop would sit out."""
    postgres = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connects
    monkeypatch.setattr(db, "get_engine", lambda: postgres)
    assert not reads_on_the_loop()
    monkeypatch.setattr("spoticlone.state.common.run_in_session", lambda fn, **kw: threading.get_ident())
    loop_thread, ran_on = asyncio.run(_here_and(call_service(_quick_thread_of)))
    assert ran_on != loop_thread
    loop_thread, ran_on = asyncio.run(_here_and(call_reads(threading.get_ident)))
    assert ran_on != loop_thread


def test_a_quick_read_that_writes_is_refused_under_test_and_changes_nothing(engine):
    with pytest.raises(QuickReadWrote, match="_quick_but_writes"):
        asyncio.run(call_service(_quick_but_writes))
    with Session(engine) as session:
        assert session.exec(select(Genre).where(Genre.slug == "sneaked")).first() is None


def test_elsewhere_a_writing_quick_read_is_logged_and_the_listener_still_gets_the_page(engine, monkeypatch, caplog):
    real = db.get_settings()
    monkeypatch.setattr(db, "get_settings", lambda: SimpleNamespace(env="production",
                                                                     resolved_database_url=real.resolved_database_url))
    with caplog.at_level(logging.ERROR, logger="spoticlone.db"):
        asyncio.run(call_service(_quick_but_writes))
    assert "_quick_but_writes is marked quick_read but wrote" in caplog.text
    with Session(engine) as session:
        assert session.exec(select(Genre).where(Genre.slug == "sneaked")).one()


def test_the_same_write_outside_a_quick_read_is_no_concern(engine):
    def writes(session):
        session.add(Genre(name="Open", slug="open"))

    asyncio.run(call_service(writes))
    with Session(engine) as session:
        assert session.exec(select(Genre).where(Genre.slug == "open")).one()


def test_acting_for_the_listener_keeps_the_mark():
    assert is_quick_read(as_actor(quick_read(lambda session, *, actor: None)))
    assert not is_quick_read(as_actor(lambda session, *, actor: None))


def test_a_partial_of_a_quick_read_keeps_the_mark():
    """Binding arguments adds no work; the call still runs on the loop."""
    assert is_quick_read(functools.partial(_quick_thread_of))
    assert is_quick_read(functools.partial(functools.partial(browse.get_album), album_id=1))
    assert not is_quick_read(functools.partial(plays.start_play))


def test_what_every_page_open_reads_is_marked_and_what_a_play_writes_is_not():
    """The hot reads of the listener's pages (README, *Load*); writes keep their thread."""
    for read in (browse.get_album, browse.tracks_by_ids, browse.queue_for, home.home_feed,
                 search_reads.search, plays.recently_played, signed_in_profile, user_for_token,
                 follows.home_feed, ratings.rating_summary):
        assert is_quick_read(read), read.__qualname__
    for write in (plays.start_play, plays.report_progress):
        assert not is_quick_read(write), write.__qualname__


@quick_read
def _reads_and_records(session, *, slug: str) -> int:
    write_after_read(session, _record, slug=slug)
    return threading.get_ident()


_WRITTEN_ON: list[int] = []


def _record(session, *, slug: str) -> None:
    _WRITTEN_ON.append(threading.get_ident())
    session.add(Genre(name=slug.title(), slug=slug))


def test_what_a_quick_read_records_is_written_after_its_answer_on_a_thread(engine):
    _WRITTEN_ON.clear()
    loop_thread, ran_on = asyncio.run(_here_and(call_service(_reads_and_records, slug="noted")))
    assert ran_on == loop_thread and _WRITTEN_ON and _WRITTEN_ON[0] != loop_thread
    with Session(engine) as session:  # written, committed, and never refused as a quick read's write
        assert session.exec(select(Genre).where(Genre.slug == "noted")).one()


def test_elsewhere_what_a_read_records_is_written_at_once_in_its_session(engine):
    _WRITTEN_ON.clear()
    with Session(engine) as session:
        _reads_and_records(session, slug="inline")
        assert _WRITTEN_ON == [threading.get_ident()]
        assert session.exec(select(Genre).where(Genre.slug == "inline")).one()


def test_a_session_check_on_the_loop_still_records_when_the_session_was_last_used(session, engine):
    user = make_user(session, username="seen")
    clock = FakeClock(datetime.now(UTC))
    token = create_session(session, user_id=user.id, clock=clock)
    started = clock.now()
    clock.advance(minutes=5)
    assert asyncio.run(call_service(user_for_token, token=token, clock=clock)) == user.id
    with Session(engine) as fresh:
        row = fresh.exec(select(AuthSession).where(AuthSession.user_id == user.id)).one()
        assert row.last_seen_at.replace(tzinfo=None) == (started + timedelta(minutes=5)).replace(tzinfo=None)


def test_a_search_on_the_loop_that_finds_nothing_is_still_counted(engine):
    asyncio.run(call_service(search_reads.search, query="zqxjvw"))
    asyncio.run(call_service(search_reads.search, query="zqxjvw"))
    with Session(engine) as session:
        assert session.exec(select(InsightSearchMiss.searches).where(InsightSearchMiss.term == "zqxjvw")).one() == 2


@quick_read
def _records_then_fails(session, *, slug: str) -> None:
    write_after_read(session, _record, slug=slug)
    raise LookupError("the read failed after it had something to record")


def test_what_a_failed_quick_read_had_recorded_is_still_written(engine):
    with pytest.raises(LookupError):
        asyncio.run(call_service(_records_then_fails, slug="kept"))
    with Session(engine) as session:
        assert session.exec(select(Genre).where(Genre.slug == "kept")).one()


def _fails_to_record(session, *, slug: str) -> None:
    raise RuntimeError("the bookkeeping table is gone")


@quick_read
def _reads_with_failing_bookkeeping(session) -> str:
    write_after_read(session, _fails_to_record, slug="lost")
    return "the answer"


def test_a_failed_write_after_a_quick_read_is_logged_and_the_listener_gets_the_answer(engine, monkeypatch, caplog):
    real = common.get_settings()
    monkeypatch.setattr(common, "get_settings", lambda: SimpleNamespace(env="production",
                                                                         resolved_database_url=real.resolved_database_url))
    with caplog.at_level(logging.ERROR, logger="spoticlone.state.common"):
        assert asyncio.run(call_service(_reads_with_failing_bookkeeping)) == "the answer"
    assert "_reads_with_failing_bookkeeping" in caplog.text and "bookkeeping table is gone" in caplog.text


def test_under_test_a_failed_write_after_a_quick_read_fails_the_call(engine, caplog):
    with caplog.at_level(logging.ERROR, logger="spoticlone.state.common"), \
            pytest.raises(RuntimeError, match="bookkeeping table is gone"):
        asyncio.run(call_service(_reads_with_failing_bookkeeping))
    assert "_reads_with_failing_bookkeeping" in caplog.text
