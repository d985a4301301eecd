"""A listener's made-for-you answers (Home's mix cards, picks, "cold"), kept per process.

Building the mixes clusters the listener's taste, reads their recommendations and the popular
tracks of every cluster: the largest CPU item of a Home visit under load, repeated on every
visit although nothing it reads has changed. An answer is kept per database and listener
under a *version* of everything it was built from, and any change of one of them misses:

* the catalog's generation (``catalog.read_cache``): a publish, edit, takedown or hide;
* the listener's own inputs, read in ONE query (``listener_version``): count, highest id
  and a checksum of their likes, taste picks, follows, "not interested" marks, ratings and
  stored recommendations (a refresh or this week's Discover Weekly rewrites those), and how
  many plays they have up to their first few (``play_step``). Counting is what catches a
  deletion (an unlike, an unfollow), the checksum a delete plus insert that reuses the
  highest id; a listener's own action is therefore seen by their next visit in every worker
  process (their plays past the first few: within ``TTL``, as others' plays are);
* the trained engine's ``trained_at`` (the blend's picks come from it) and the day the
  caller asks about (daily mixes; Discover Weekly's ISO week follows from it).

What no version sees: the listener's plays past their first few, other listeners' plays
moving ``track.play_count`` (the popular tracks that fill a mix) and catalog changes made by
another worker process. Those show within ``TTL`` seconds, when the entry expires. The key
always holds the listener's id, so an entry is only ever served to the listener it was built
for; at most ``MAX_ENTRIES`` are kept, the least recently used leaving first. Sessions that
must not use the catalog cache (in-memory databases, uncommitted writes) read around this one
too.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import (
    Integer,
    bindparam,
    func,
    literal_column,
    null,
    select as sa_select,
    union_all,
)
from sqlmodel import Session, col

from spoticlone.models import (
    ArtistFollow,
    NotInterested,
    PlayEvent,
    Rating,
    Recommendation,
    TastePick,
    TrackLike,
)
from spoticlone.services.catalog.read_cache import cache_key_of
from spoticlone.services.discovery import store

T = TypeVar("T")

#: How long plays (the listener's past their first few, others' moving the popular tracks) or
#: another worker's catalog change may go unseen (s). Also the most a burst of Home visits
#: costs: one build per listener and key in this long (a listener's own actions aside).
TTL = 120.0
#: Entries kept per process (a listener has one for Home, up to three more for the API).
MAX_ENTRIES = 3000
#: Up to this many plays, each play of a listener changes their version (``play_step``).
EXACT_PLAYS = 5

_lock = threading.Lock()
_entries: OrderedDict[tuple[str, int, Hashable], tuple[float, Hashable, Any]] = OrderedDict()


def _id_sum(column: Any) -> Any:
    return func.coalesce(func.sum(func.coalesce(column, 0)), 0)


def _version_query() -> Any:
    """The statement of ``listener_version``, built once: building and compiling it cost more than running it."""
    listener = bindparam("listener", type_=Integer)

    def part(tag: int, model: Any, a: Any, b: Any, stamp: Any) -> Any:
        return sa_select(literal_column(str(tag)), func.count(), func.max(model.id), _id_sum(a), _id_sum(b),
                         func.max(stamp) if stamp is not None else null()).where(col(model.user_id) == listener)

    # Plays are only counted (``play_step``): a count is read from the index on the listener,
    # where sums would read every play row of a long history.
    plays: Any = sa_select(literal_column("1"), func.count(), null(), null(), null(), null()).where(
        col(PlayEvent.user_id) == listener)
    return union_all(
        plays,
        part(2, TrackLike, TrackLike.track_id, None, TrackLike.created_at),
        part(3, TastePick, TastePick.genre_id, TastePick.artist_id, None),
        part(4, ArtistFollow, ArtistFollow.artist_id, None, ArtistFollow.created_at),
        part(5, NotInterested, NotInterested.track_id, NotInterested.artist_id, None),
        part(6, Rating, Rating.track_id, Rating.album_id, Rating.updated_at),
        part(7, Recommendation, Recommendation.track_id, None, Recommendation.generated_at),
    )


_VERSION = _version_query()


def listener_version(session: Session, listener: int) -> tuple:
    """What a listener's mixes read of their own rows, summed up in one query (one row per table).

    Plays count only up to the first few (``play_step``); every other row counts exactly.
    """
    rows = session.connection().execute(_VERSION, {"listener": listener}).all()
    return tuple(sorted(("1", str(play_step(int(row[1])))) if str(row[0]) == "1" else tuple(str(v) for v in row)
                        for row in rows))


def play_step(plays: int) -> int:
    """``plays`` as the mix version sees it: exact up to ``EXACT_PLAYS``, then no longer moving.

    A new listener's first plays turn a cold Home (the taste picker) into mixes on their next
    visit. Past those, a play rebuilt the mixes and refreshed the stored recommendations on
    the next Home visit (~50 ms of CPU, the largest cost of Home under load, for listeners who
    skip through songs and flip back to Home); one more play among several barely moves a
    taste, and a mix that reshuffles after every song is not one to come back to. Later plays
    are seen when the entry expires (``TTL``), like other listeners' plays: for anyone who
    listens to a song before going back to Home, that is their next visit anyway.
    """
    return min(plays, EXACT_PLAYS)


def _engine_version() -> float:
    engine = store.load_engine()
    return engine.trained_at if engine is not None else 0.0


def cached_for_listener(session: Session, listener: int, key: Hashable, load: Callable[[], T],
                        prepare: Callable[[], bool] | None = None) -> T:
    """``load()``'s answer for this listener and ``key``, kept until anything it read changes.

    ``prepare()`` runs before every ``load`` (on a miss, or where nothing is kept): it
    brings rows of the listener that ``load`` reads up to date (the stored recommendations)
    and says whether it wrote any. The version is then read again, so the entry is kept
    under what it was built from; rewritten inside ``load`` instead, those rows would miss
    the next visit once more, a second build.
    """
    version = _version(session, listener)
    if version is None:
        if prepare is not None:
            prepare()
        return load()
    slot = (version[0], listener, key)
    now = time.monotonic()
    with _lock:
        hit = _entries.get(slot)
        if hit is not None and now < hit[0] and hit[1] == version:
            _entries.move_to_end(slot)
            return hit[2]
    if prepare is not None and prepare() and (version := _version(session, listener)) is None:
        return load()
    value = load()  # built from rows at least as new as ``version``: never kept under a newer one
    with _lock:
        _entries[slot] = (now + TTL, version, value)
        _entries.move_to_end(slot)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def _version(session: Session, listener: int) -> tuple | None:
    """The database and everything a listener's entry depends on; None where nothing may be kept."""
    where = cache_key_of(session)
    if where is None:
        return None
    db, generation = where
    return (db, generation, _engine_version(), listener_version(session, listener))


def clear_mix_cache() -> None:
    """Forget every entry (tests, or memory pressure)."""
    with _lock:
        _entries.clear()


def mix_cache_size() -> int:
    """How many entries are kept (tests)."""
    return len(_entries)
