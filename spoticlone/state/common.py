"""Helpers shared by the page states: call a service, read ``?page``.

Service calls use SQLAlchemy's blocking API, so they run in a worker thread: a slow
query must not stall the event loop that serves every other connected listener. Quick
reads (``services.core.quick_reads``) on SQLite are the exception: they run on the loop, where they
cost less and never wait (``db.reads_on_the_loop``).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from spoticlone.branding import kind_label
from spoticlone.config import get_settings
from spoticlone.db import WriteLockBusy, reads_on_the_loop, run_in_session, run_without_waiting
from spoticlone.services.core.quick_reads import is_quick_read, is_quick_write, reading_quickly

T = TypeVar("T")
log = logging.getLogger(__name__)


async def call_service(fn: Callable[..., T], /, **kwargs: Any) -> T:
    """Run ``fn(session, **kwargs)`` in a short session: on a worker thread, or here if a quick read.

    A quick write runs here too while nobody else is writing; if another connection holds the
    write lock, it is rolled back at its first write and runs again on a thread, waiting there
    (``services.core.quick_reads``).
    """
    if reads_on_the_loop():
        if is_quick_read(fn):
            return await _on_the_loop(fn, functools.partial(run_in_session, fn, **kwargs))
        if is_quick_write(fn):
            try:
                return run_without_waiting(fn, **kwargs)
            except WriteLockBusy:
                pass  # someone else is writing: wait for them on a thread
    return await asyncio.to_thread(functools.partial(run_in_session, fn, **kwargs))


async def call_reads(fn: Callable[..., T], /, *args: Any) -> T:
    """``fn(*args)``, a blocking helper whose service calls are all quick reads, run as ``call_service`` runs one."""
    if reads_on_the_loop():
        return await _on_the_loop(fn, functools.partial(fn, *args))
    return await asyncio.to_thread(fn, *args)


async def _on_the_loop(fn: Callable[..., Any], call: Callable[[], T]) -> T:
    """``call()`` as the quick read ``fn``, then what it left to write, on a thread each.

    What it left is written even when the read then failed (a session's last use happened
    all the same), and a write that fails is logged, never the listener's error: it is
    bookkeeping the read's answer does not depend on. Under ``SPOTICLONE_ENV=test`` it is
    raised after the log, so the suite finds a broken write that a listener would not.
    """
    writes: list[Callable[[Any], Any]] = []
    try:
        with reading_quickly(fn) as writes:
            return call()
    finally:
        for write in writes:  # outside ``reading_quickly``: the thread must not count as the read
            try:
                await asyncio.to_thread(run_in_session, write)
            except Exception:
                log.exception("a write left by the quick read %s failed", getattr(fn, "__qualname__", fn))
                if get_settings().env == "test":
                    raise


_UNSET = object()


def assign_changed(state: Any, **values: Any) -> None:
    """Set each of ``state``'s vars whose value differs from what it holds; leave equal ones.

    Reflex sends a var's whole value to the browser whenever it is assigned, equal or not
    (type-checking it on the way), and the page re-renders what uses it. A listener coming
    back to Home had its ~27 KB of shelves sent again unchanged on every visit. Comparing
    the plain values first costs far less than that.
    """
    held = state.__dict__  # the plain values (reading the attribute wraps lists in a proxy)
    for name, value in values.items():
        if held.get(name, _UNSET) != value:
            setattr(state, name, value)


def dump(dto: BaseModel) -> dict[str, Any]:
    """A DTO as a JSON-ready dict (dates become ISO strings) for a state var."""
    return dto.model_dump(mode="json")


def dump_all(dtos: list[BaseModel]) -> list[dict[str, Any]]:
    return [dump(d) for d in dtos]


def page_number(query: Any) -> int:
    """The ``?page=N`` number, defaulting to 1 for missing or nonsense values."""
    raw = (query or {}).get("page", "1")
    try:
        return max(1, int(str(raw)))
    except ValueError:
        return 1


def _flatten_refs(data: dict[str, Any]) -> dict[str, Any]:
    """Lift nested artist/genre refs to ``artist_name``/``artist_url``/``genre_*`` keys.

    State vars typed ``dict[str, Any]`` cannot be indexed twice in a component (the
    inner value is untyped), so the UI gets flat dicts; featured artists stay a list.
    """
    artist = data.pop("artist", None) or {}
    genre = data.pop("genre", None) or {}
    data.update(
        artist_name=artist.get("name", ""),
        artist_url=artist.get("url", ""),
        genre_name=genre.get("name", ""),
        genre_url=genre.get("url", ""),
    )
    data["featured"] = [{"name": a["name"], "url": a["url"]} for a in data.get("featured", [])]
    return data


def album_view(dto: BaseModel) -> dict[str, Any]:
    data = _flatten_refs(dump(dto))
    data["kind_label"] = kind_label(data.get("kind"))
    return data


def track_view(dto: BaseModel) -> dict[str, Any]:
    return _flatten_refs(dump(dto))


def album_views(dtos: list[BaseModel]) -> list[dict[str, Any]]:
    return [album_view(d) for d in dtos]


def track_views(dtos: list[BaseModel]) -> list[dict[str, Any]]:
    return [track_view(d) for d in dtos]
