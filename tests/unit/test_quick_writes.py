"""Quick writes (``services.core.quick_reads.quick_write``): on the loop while nobody else writes.

On SQLite a listener's small writes (a play, its progress, a like) run on the event loop with
a busy timeout of 0; if another connection holds the write lock they are rolled back at their
first write and run again on a thread, which waits as every write did before.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlmodel import Session, select

import spoticlone.db as db
from spoticlone.db import BUSY_TIMEOUT_MS, reads_on_the_loop, run_in_session
from spoticlone.models import Genre
from spoticlone.services.core.errors import NotFound
from spoticlone.services.core.quick_reads import is_quick_write, quick_write
from spoticlone.services.library import collection
from spoticlone.services.listening import plays
from spoticlone.state.acting import as_actor
from spoticlone.state.common import call_service


def _busy_timeout(session) -> int:
    return session.connection().execute(text("PRAGMA busy_timeout")).scalar()


@quick_write
def _add_genre(session, *, slug: str, seen: list) -> int:
    seen.append((threading.get_ident(), _busy_timeout(session)))
    session.add(Genre(name=slug.title(), slug=slug))
    session.flush()
    session.commit()
    return threading.get_ident()


@quick_write
def _refuses(session, *, seen: list) -> None:
    seen.append(threading.get_ident())
    raise NotFound("That track does not exist.")


async def _here_and(*calls):
    return threading.get_ident(), await asyncio.gather(*calls)


def _genres(engine, slug: str) -> int:
    with Session(engine) as session:
        return len(session.exec(select(Genre).where(Genre.slug == slug)).all())


def test_with_nobody_writing_a_quick_write_runs_on_the_loop_without_waiting(engine):
    seen: list = []
    loop_thread, (ran_on,) = asyncio.run(_here_and(call_service(_add_genre, slug="loop-write", seen=seen)))
    assert ran_on == loop_thread and seen == [(loop_thread, 0)]
    assert _genres(engine, "loop-write") == 1
    # The pooled connection waits as usual again for whoever takes it next.
    assert run_in_session(_busy_timeout) == BUSY_TIMEOUT_MS


def test_while_another_connection_writes_it_is_rolled_back_and_waits_on_a_thread(engine, settings):
    """The loop attempt fails at once; the loop stays free; the thread's attempt lands once."""
    holder = sqlite3.connect(make_url(settings.resolved_database_url).database, isolation_level=None,
                             check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # the job worker in the middle of a write
    holder.execute("INSERT INTO genre (name, slug, description) VALUES ('Held', 'held', '')")
    loop_was_free = threading.Event()

    def finish_writing() -> None:
        loop_was_free.wait(10)
        holder.execute("COMMIT")

    async def meanwhile() -> None:
        await asyncio.sleep(0.05)  # runs only if the write is not blocking the loop
        loop_was_free.set()

    writer = threading.Thread(target=finish_writing)
    writer.start()
    seen: list = []
    try:
        loop_thread, (ran_on, _) = asyncio.run(_here_and(
            call_service(_add_genre, slug="after-the-wait", seen=seen), meanwhile()))
    finally:
        writer.join()
        holder.close()
    assert seen[0] == (loop_thread, 0)  # tried on the loop, without waiting
    assert ran_on != loop_thread and seen[1:] == [(ran_on, BUSY_TIMEOUT_MS)]  # then on a thread, waiting
    assert _genres(engine, "after-the-wait") == 1 and _genres(engine, "held") == 1


def test_a_refusal_on_the_loop_is_the_answer_not_a_retry(engine):
    seen: list = []
    with pytest.raises(NotFound):
        asyncio.run(call_service(_refuses, seen=seen))
    assert len(seen) == 1


def test_on_postgresql_a_quick_write_runs_on_a_thread(engine, monkeypatch):
    postgres = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connects
    monkeypatch.setattr(db, "get_engine", lambda: postgres)
    assert not reads_on_the_loop()
    monkeypatch.setattr("spoticlone.state.common.run_in_session", lambda fn, **kw: threading.get_ident())
    loop_thread, (ran_on,) = asyncio.run(_here_and(call_service(_add_genre, slug="pg", seen=[])))
    assert ran_on != loop_thread


def test_the_listeners_frequent_writes_are_quick_writes_and_as_actor_keeps_the_mark():
    assert all(is_quick_write(fn) for fn in (plays.start_play, plays.report_progress, collection.set_like))
    assert is_quick_write(as_actor(collection.set_like))
    assert not is_quick_write(as_actor(collection.like_track)) and not is_quick_write(plays.recently_played)
