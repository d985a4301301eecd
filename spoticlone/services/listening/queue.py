"""The play queue as a pure value: what plays now, what comes next, shuffle and repeat.

``PlayQueue`` touches neither the database nor the UI, so every rule (what "next" means
under repeat, how shuffle avoids repeats) is tested without a browser, and the queue
can live in the browser's localStorage as ``to_dict()`` and come back through
``from_dict()``, which turns anything malformed into an empty queue instead of raising:
localStorage is client-controlled input.

The model: ``track_ids`` is the list as shown or added (it may hold a track twice);
the *play order* is a permutation of its indices: the identity, or ``shuffle_order``
when shuffling; ``position`` indexes the play order. ``position == len(track_ids)``
means playback ran off the end (stopped): ``current_id`` is then ``None``.

Shuffle is a random permutation of the tracks not yet played, so no track repeats
before every track has played once; when repeat "all" wraps around, the whole queue is
reshuffled (and the track that just played does not open the new round). Every
random choice takes a ``seed`` so tests are deterministic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

REPEAT_MODES = ("off", "all", "one")
MAX_TRACKS = 1000
MAX_LABEL = 64
FORMAT_VERSION = 1


def _rng(seed: int | str | None) -> random.Random:
    return random.Random(seed)


def _clean_ids(track_ids: Any) -> list[int]:
    return [i for i in list(track_ids) if type(i) is int and i > 0]


@dataclass(frozen=True)
class PlayQueue:
    """An immutable queue; every operation returns a new one (``PlayQueue()`` is empty)."""

    track_ids: tuple[int, ...] = ()
    position: int = 0
    shuffle: bool = False
    shuffle_order: tuple[int, ...] = ()
    repeat: str = "off"
    source: str | None = None
    source_id: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "track_ids", tuple(self.track_ids))
        object.__setattr__(self, "shuffle_order", tuple(self.shuffle_order))
        n = len(self.track_ids)
        if n > MAX_TRACKS or any(type(i) is not int or i <= 0 for i in self.track_ids):
            raise ValueError("track_ids must be positive integers")
        if type(self.position) is not int or not 0 <= self.position <= n:
            raise ValueError("position out of range")
        if type(self.shuffle) is not bool or self.repeat not in REPEAT_MODES:
            raise ValueError("bad shuffle or repeat")
        expected = tuple(range(n)) if self.shuffle else ()
        if tuple(sorted(self.shuffle_order)) != expected:
            raise ValueError("shuffle_order must be a permutation of the queue when shuffling")
        for label in (self.source, self.source_id):
            if label is not None and (not isinstance(label, str) or len(label) > MAX_LABEL):
                raise ValueError("source and source_id must be short strings")

    # Reading.

    @property
    def order(self) -> tuple[int, ...]:
        """Indices into ``track_ids`` in play order."""
        return self.shuffle_order if self.shuffle else tuple(range(len(self.track_ids)))

    @property
    def ended(self) -> bool:
        """True when nothing is current: the queue is empty or playback ran off its end."""
        return self.position >= len(self.track_ids)

    @property
    def current_id(self) -> int | None:
        """The track playing now, or ``None`` once the queue has ended."""
        return None if self.ended else self.track_ids[self.order[self.position]]

    def upcoming(self, limit: int | None = None) -> list[int]:
        """Track ids that play after the current one in this pass, in play order.

        Index ``i`` of this list is the index ``remove`` and ``move`` take.
        """
        rest = self.order[self.position + 1:]
        return [self.track_ids[i] for i in (rest if limit is None else rest[: max(0, limit)])]

    # Starting.

    @classmethod
    def start(
        cls,
        track_ids: list[int],
        start_index: int | None = None,
        *,
        source: str | None = None,
        source_id: str | None = None,
        shuffle: bool = False,
        repeat: str = "off",
        seed: int | str | None = None,
    ) -> PlayQueue:
        """A new queue playing ``track_ids`` from ``start_index``.

        With ``shuffle`` the track at ``start_index`` plays first and the others follow
        in random order; ``start_index=None`` means the first track, or a random one when
        shuffling (pressing play on an album with shuffle on). Ids that are not positive
        integers are dropped and at most ``MAX_TRACKS`` are kept.
        """
        ids = _clean_ids(track_ids)[:MAX_TRACKS]
        base = cls(repeat=repeat if repeat in REPEAT_MODES else "off", shuffle=bool(shuffle),
                   source=source, source_id=source_id)
        if not ids:
            return base
        rng = _rng(seed)
        if start_index is None:
            start = rng.randrange(len(ids)) if shuffle else 0
        else:
            start = min(max(0, int(start_index)), len(ids) - 1)
        if not shuffle:
            return replace(base, track_ids=tuple(ids), position=start)
        others = [i for i in range(len(ids)) if i != start]
        rng.shuffle(others)
        return replace(base, track_ids=tuple(ids), shuffle_order=(start, *others))

    # Editing.

    def _insert(self, new_ids: list[int], after_current: bool) -> PlayQueue:
        new = _clean_ids(new_ids)[: MAX_TRACKS - len(self.track_ids)]
        if not new:
            return self
        n, k = len(self.track_ids), len(new)
        if after_current and not self.ended:
            listed_at, order_at = self.order[self.position] + 1, self.position + 1
        else:
            listed_at, order_at = n, n
        ids = self.track_ids[:listed_at] + tuple(new) + self.track_ids[listed_at:]
        if not self.shuffle:
            return replace(self, track_ids=ids)
        order = [i if i < listed_at else i + k for i in self.shuffle_order]
        order[order_at:order_at] = range(listed_at, listed_at + k)
        return replace(self, track_ids=ids, shuffle_order=tuple(order))

    def play_next(self, track_ids: list[int]) -> PlayQueue:
        """Put ``track_ids`` right after the current track (at the end if stopped)."""
        return self._insert(track_ids, after_current=True)

    def add(self, track_ids: list[int]) -> PlayQueue:
        """Append ``track_ids`` to the end of the play order.

        On a stopped or empty queue the first added track becomes current.
        """
        return self._insert(track_ids, after_current=False)

    def _drop(self, play_pos: int) -> PlayQueue:
        listed = self.order[play_pos]
        ids = self.track_ids[:listed] + self.track_ids[listed + 1:]
        position = self.position - (1 if play_pos < self.position else 0)
        order: tuple[int, ...] = ()
        if self.shuffle:
            order = tuple(i - (i > listed) for i in self.shuffle_order if i != listed)
        return replace(self, track_ids=ids, position=position, shuffle_order=order)

    def remove(self, index: int) -> PlayQueue:
        """Remove the ``index``-th upcoming track; an index out of range changes nothing."""
        if type(index) is not int or index < 0 or self.position + 1 + index >= len(self.track_ids):
            return self
        return self._drop(self.position + 1 + index)

    def remove_current(self) -> PlayQueue:
        """Remove the current track; the next one becomes current (wrapping on repeat "all")."""
        if self.ended:
            return self
        dropped = self._drop(self.position)
        if dropped.ended and dropped.repeat == "all" and dropped.track_ids:
            return replace(dropped, position=0)
        return dropped

    def move(self, from_index: int, to_index: int) -> PlayQueue:
        """Move an upcoming track to another upcoming slot (indices as in ``upcoming()``)."""
        count = len(self.track_ids) - self.position - 1
        if type(from_index) is not int or type(to_index) is not int or not 0 <= from_index < count:
            return self
        to_index = min(max(0, to_index), count - 1)
        source, target = self.position + 1 + from_index, self.position + 1 + to_index
        if self.shuffle:
            order = list(self.shuffle_order)
            order.insert(target, order.pop(source))
            return replace(self, shuffle_order=tuple(order))
        # Unshuffled, the play order is the listed order: reorder the list itself.
        ids = list(self.track_ids)
        ids.insert(target, ids.pop(source))
        return replace(self, track_ids=tuple(ids))

    def clear(self) -> PlayQueue:
        """Drop everything except the current track (and keep shuffle, repeat and source)."""
        current = self.current_id
        if current is None:
            return replace(self, track_ids=(), position=0, shuffle_order=())
        return replace(self, track_ids=(current,), position=0,
                       shuffle_order=(0,) if self.shuffle else ())

    # Moving.

    def _wrap(self, seed: int | str | None) -> PlayQueue:
        if not self.shuffle:
            return replace(self, position=0)
        n = len(self.track_ids)
        order = list(range(n))
        _rng(seed).shuffle(order)
        last = self.shuffle_order[-1] if self.shuffle_order else None
        if n > 1 and order[0] == last:  # don't play the same track twice in a row
            order[0], order[-1] = order[-1], order[0]
        return replace(self, position=0, shuffle_order=tuple(order))

    def next(self, seed: int | str | None = None, *, manual: bool = False) -> PlayQueue:
        """The queue after the current track ends (or the listener skips, ``manual=True``).

        Repeat "one" replays the current track, unless ``manual`` (a skip button that
        did nothing would feel broken), which moves on as under repeat "all". Repeat
        "all" wraps to the start (reshuffled when shuffling); "off" stops at the end:
        the result's ``current_id`` is ``None``.
        """
        n = len(self.track_ids)
        if n == 0:
            return self
        wraps = self.repeat == "all" or (self.repeat == "one" and manual)
        if self.ended:
            return self._wrap(seed) if wraps else self
        if self.repeat == "one" and not manual:
            return self
        if self.position + 1 < n:
            return replace(self, position=self.position + 1)
        return self._wrap(seed) if wraps else replace(self, position=n)

    def previous(self) -> PlayQueue:
        """The queue after "previous": the track before, wrapping back on repeat "all".

        From a stopped queue it returns to the last track; at the first track (without
        repeat "all") and on repeat "one" the current track stays, to be restarted.
        """
        n = len(self.track_ids)
        if n == 0:
            return self
        if self.ended:
            return replace(self, position=n - 1)
        if self.repeat == "one":
            return self
        if self.position > 0:
            return replace(self, position=self.position - 1)
        return replace(self, position=n - 1) if self.repeat == "all" else self

    # Modes.

    def toggle_shuffle(self, seed: int | str | None = None) -> PlayQueue:
        """Shuffle what has not played yet, or go back to the listed order.

        The current track stays current either way. Tracks already played keep their
        place behind the current one, so "previous" still walks back through them.
        """
        if self.shuffle:
            position = len(self.track_ids) if self.ended else self.order[self.position]
            return replace(self, shuffle=False, shuffle_order=(), position=position)
        order = list(range(len(self.track_ids)))
        rest = order[self.position + 1:]
        _rng(seed).shuffle(rest)
        return replace(self, shuffle=True, shuffle_order=tuple(order[: self.position + 1] + rest))

    def set_repeat(self, mode: str) -> PlayQueue:
        """The queue with repeat ``mode`` (one of ``REPEAT_MODES``)."""
        if mode not in REPEAT_MODES:
            raise ValueError(f"repeat must be one of {REPEAT_MODES}")
        return replace(self, repeat=mode)

    def cycle_repeat(self) -> PlayQueue:
        """Off -> all -> one -> off, like the player's repeat button."""
        return self.set_repeat(REPEAT_MODES[(REPEAT_MODES.index(self.repeat) + 1) % 3])

    # Persistence.

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict for localStorage; ``from_dict`` reads it back."""
        return {
            "v": FORMAT_VERSION,
            "track_ids": list(self.track_ids),
            "position": self.position,
            "shuffle": self.shuffle,
            "shuffle_order": list(self.shuffle_order),
            "repeat": self.repeat,
            "source": self.source,
            "source_id": self.source_id,
        }

    @classmethod
    def from_dict(cls, data: Any) -> PlayQueue:
        """The queue saved by ``to_dict``; anything malformed gives an empty queue."""
        try:
            if not isinstance(data, dict) or data.get("v", FORMAT_VERSION) != FORMAT_VERSION:
                return cls()
            ids, order = data.get("track_ids", []), data.get("shuffle_order", [])
            if not isinstance(ids, list) or not isinstance(order, list):
                return cls()
            if len(ids) > MAX_TRACKS or len(order) > MAX_TRACKS:
                return cls()
            if any(type(i) is not int for i in order):
                return cls()
            return cls(
                track_ids=tuple(ids),
                position=data.get("position", 0),
                shuffle=data.get("shuffle", False),
                shuffle_order=tuple(order),
                repeat=data.get("repeat", "off"),
                source=data.get("source"),
                source_id=data.get("source_id"),
            )
        except Exception:  # noqa: BLE001 - client-controlled input: never fail the page load
            return cls()
