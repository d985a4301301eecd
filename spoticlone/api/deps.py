"""FastAPI dependencies shared by the routers.

Each one is a seam tests can replace with ``app.dependency_overrides``; by default
they follow ``spoticlone.config.get_settings()``, so pointing ``SPOTICLONE_DATA_DIR``
at a temporary directory is enough to isolate a test.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Annotated, Any

import anyio
from fastapi import Depends
from sqlmodel import Session

from spoticlone.api import params
from spoticlone.db import REQUEST_SESSIONS, get_engine, session_scope
from spoticlone.integrations.media_store import MediaStore, default_store

_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _request_slots() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slots = _slots.get(loop)
    if slots is None:
        slots = _slots[loop] = asyncio.Semaphore(REQUEST_SESSIONS)
    return slots


async def _off_loop(fn: Callable[..., Any]) -> Any:
    # A limiter of its own (as FastAPI does for dependency exits): finishing a session
    # must never wait for a thread held by a request that waits for this connection.
    return await anyio.to_thread.run_sync(fn, limiter=anyio.CapacityLimiter(1))


async def get_session() -> AsyncIterator[Session]:
    """One short session per request: committed on success, rolled back on error.

    A request's session is used across several trips to FastAPI's thread pool (each sync
    dependency, the route, the response's validation) and keeps its pooled connection in
    between. With more such sessions than the pool has connections, requests holding
    connections wait for threads while the threads wait for connections: the server
    stalls and answers 500 after the pool's timeout (seen at 100 concurrent writes).
    So at most ``REQUEST_SESSIONS`` (fewer than the pool's connections) exist at once;
    other requests wait for a slot on the event loop, holding neither a thread nor a
    connection. The commit and close run in a thread, never on the loop that also
    carries Reflex's websockets.
    """
    async with _request_slots():
        session = Session(get_engine(), expire_on_commit=False)
        try:
            yield session
            await _off_loop(session.commit)
        except BaseException:
            await _off_loop(session.rollback)
            raise
        finally:
            await _off_loop(session.close)


def plain_session() -> Iterator[Session]:
    """``get_session`` for code that opens and finishes a session in one worker thread
    (the streaming route's ``_plan``): nothing to wait for between thread trips there."""
    with session_scope() as session:
        yield session


def get_media_store() -> MediaStore:
    """The configured media store (cached per media folder by ``default_store``)."""
    return default_store()


SessionDep = Annotated[Session, Depends(get_session)]
MediaStoreDep = Annotated[MediaStore, Depends(get_media_store)]

# Page parameters live with the other bounded numbers; re-exported for the routers.
PageParam = params.PageParam
PageSizeParam = params.PageSizeParam
