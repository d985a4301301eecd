"""PlayQueue: every operation, shuffle without repeats, repeat modes, persistence."""

from __future__ import annotations

import itertools
import json

import pytest

from spoticlone.services.listening.queue import MAX_TRACKS, PlayQueue

IDS = [11, 12, 13, 14, 15]


def _walk(queue: PlayQueue, steps: int, **kwargs) -> list[int | None]:
    """The current id, then after each of ``steps`` calls to ``next``."""
    seen = [queue.current_id]
    for _ in range(steps):
        queue = queue.next(**kwargs)
        seen.append(queue.current_id)
    return seen


# Starting and reading.


def test_empty_queue():
    queue = PlayQueue()
    assert queue.current_id is None and queue.ended and queue.upcoming(10) == []
    assert queue.next() == queue and queue.previous() == queue
    assert PlayQueue.start([]).current_id is None


def test_start_plays_in_listed_order_from_the_start_index():
    queue = PlayQueue.start(IDS, 2, source="album", source_id="7")
    assert queue.current_id == 13
    assert queue.upcoming(10) == [14, 15]
    assert queue.upcoming(1) == [14]
    assert (queue.source, queue.source_id) == ("album", "7")


def test_start_cleans_ids_clamps_the_index_and_caps_the_length():
    assert PlayQueue.start([1, "2", None, -3, True, 4], 99).track_ids == (1, 4)
    assert PlayQueue.start([1, 4], 99).current_id == 4
    assert PlayQueue.start([1, 4], -5).current_id == 1
    assert len(PlayQueue.start(list(range(1, MAX_TRACKS + 50))).track_ids) == MAX_TRACKS


def test_start_shuffled_plays_the_chosen_track_first():
    for seed in range(20):
        queue = PlayQueue.start(IDS, 3, shuffle=True, seed=seed)
        assert queue.current_id == 14
        assert sorted(queue.upcoming()) == [11, 12, 13, 15]


def test_start_shuffled_without_an_index_picks_any_track_first():
    firsts = {PlayQueue.start(IDS, shuffle=True, seed=seed).current_id for seed in range(50)}
    assert firsts == set(IDS)
    assert PlayQueue.start(IDS).current_id == 11


def test_the_same_seed_gives_the_same_shuffle():
    assert PlayQueue.start(IDS, shuffle=True, seed=42) == PlayQueue.start(IDS, shuffle=True, seed=42)


def test_queues_are_immutable():
    queue = PlayQueue.start(IDS)
    queue.next()
    queue.add([99])
    assert queue.current_id == 11 and queue.track_ids == tuple(IDS)
    with pytest.raises(AttributeError):
        queue.position = 3  # type: ignore[misc]


# Editing.


@pytest.mark.parametrize("shuffle", [False, True])
def test_play_next_goes_right_after_the_current_track(shuffle):
    queue = PlayQueue.start(IDS, 1, shuffle=shuffle, seed=1)
    before = queue.upcoming()
    after = queue.play_next([98, 99])
    assert after.current_id == queue.current_id
    assert after.upcoming() == [98, 99, *before]
    assert after.next().current_id == 98


@pytest.mark.parametrize("shuffle", [False, True])
def test_add_appends_to_the_end(shuffle):
    queue = PlayQueue.start(IDS, 0, shuffle=shuffle, seed=2)
    after = queue.add([99])
    assert after.upcoming() == [*queue.upcoming(), 99]
    assert after.current_id == queue.current_id


def test_adding_to_an_empty_or_stopped_queue_makes_the_first_new_track_current():
    assert PlayQueue().add([5, 6]).current_id == 5
    stopped = PlayQueue.start([1, 2], 1).next()
    assert stopped.current_id is None
    assert stopped.play_next([7]).current_id == 7


def test_adding_nothing_or_past_the_cap_changes_nothing():
    queue = PlayQueue.start(IDS)
    assert queue.add([]) == queue and queue.add(["x", 0]) == queue
    full = PlayQueue.start(list(range(1, MAX_TRACKS + 1)))
    assert full.add([5]) == full


@pytest.mark.parametrize("shuffle", [False, True])
def test_remove_an_upcoming_track(shuffle):
    queue = PlayQueue.start(IDS, 1, shuffle=shuffle, seed=3)
    upcoming = queue.upcoming()
    after = queue.remove(1)
    assert after.current_id == queue.current_id
    assert after.upcoming() == upcoming[:1] + upcoming[2:]
    assert len(after.track_ids) == 4


def test_remove_out_of_range_changes_nothing():
    queue = PlayQueue.start(IDS, 3)
    for index in (-1, 1, 2, 100, "0"):
        assert queue.remove(index) == queue


def test_remove_a_track_that_appears_twice_removes_only_that_entry():
    queue = PlayQueue.start([1, 2, 1, 3])
    assert queue.remove(1).upcoming() == [2, 3]


@pytest.mark.parametrize("shuffle", [False, True])
def test_removing_the_current_track_moves_on(shuffle):
    queue = PlayQueue.start(IDS, 1, shuffle=shuffle, seed=4)
    upcoming = queue.upcoming()
    after = queue.remove_current()
    assert after.current_id == upcoming[0]
    assert after.upcoming() == upcoming[1:]
    last = PlayQueue.start([1, 2], 1)
    assert last.remove_current().current_id is None
    assert last.set_repeat("all").remove_current().current_id == 1


@pytest.mark.parametrize("shuffle", [False, True])
def test_move(shuffle):
    queue = PlayQueue.start(IDS, 0, shuffle=shuffle, seed=5)
    a, b, c, d = queue.upcoming()
    assert queue.move(0, 2).upcoming() == [b, c, a, d]
    assert queue.move(3, 0).upcoming() == [d, a, b, c]
    assert queue.move(1, 99).upcoming() == [a, c, d, b]  # clamped to the end
    assert queue.move(9, 0) == queue
    assert queue.move(0, 2).current_id == queue.current_id


def test_move_in_listed_order_reorders_the_list_itself():
    moved = PlayQueue.start(IDS).move(0, 1)
    assert moved.track_ids == (11, 13, 12, 14, 15)
    assert moved.toggle_shuffle(seed=0).toggle_shuffle().upcoming() == [13, 12, 14, 15]


@pytest.mark.parametrize("shuffle", [False, True])
def test_clear_keeps_only_the_current_track(shuffle):
    queue = PlayQueue.start(IDS, 2, shuffle=shuffle, seed=6, repeat="all", source="album")
    cleared = queue.clear()
    assert cleared.current_id == queue.current_id and cleared.upcoming() == []
    assert cleared.track_ids == (queue.current_id,)
    assert (cleared.shuffle, cleared.repeat, cleared.source) == (shuffle, "all", "album")
    assert PlayQueue.start([1]).next().clear().track_ids == ()


# Next, previous and repeat.


def test_repeat_off_stops_at_the_end():
    assert _walk(PlayQueue.start([1, 2, 3]), 4) == [1, 2, 3, None, None]


def test_repeat_all_wraps():
    assert _walk(PlayQueue.start([1, 2, 3], repeat="all"), 4) == [1, 2, 3, 1, 2]


def test_repeat_one_replays_but_a_skip_moves_on():
    queue = PlayQueue.start([1, 2, 3], 1, repeat="one")
    assert _walk(queue, 2) == [2, 2, 2]
    assert queue.next(manual=True).current_id == 3
    assert queue.next(manual=True).next(manual=True).current_id == 1
    assert queue.previous().current_id == 2


def test_previous():
    queue = PlayQueue.start([1, 2, 3], 2)
    assert queue.previous().current_id == 2
    assert queue.previous().previous().previous().current_id == 1  # stays at the start
    assert PlayQueue.start([1, 2, 3], repeat="all").previous().current_id == 3
    assert queue.next().previous().current_id == 3  # back from the stopped state


def test_cycle_repeat_and_set_repeat():
    queue = PlayQueue()
    assert [queue.cycle_repeat().repeat, queue.cycle_repeat().cycle_repeat().repeat] == ["all", "one"]
    assert queue.cycle_repeat().cycle_repeat().cycle_repeat().repeat == "off"
    with pytest.raises(ValueError):
        queue.set_repeat("sometimes")


# Shuffle.


@pytest.mark.parametrize("n", [1, 2, 3, 7, 30])
def test_shuffle_plays_every_track_once_per_round_over_many_seeds(n):
    ids = list(range(100, 100 + n))
    for seed in range(200):
        queue = PlayQueue.start(ids, shuffle=True, repeat="all", seed=seed)
        rounds = []
        for round_number in range(3):
            played = [queue.current_id]
            for step in range(n - 1):
                queue = queue.next(seed=f"{seed}-{round_number}-{step}")
                played.append(queue.current_id)
            rounds.append(played)
            queue = queue.next(seed=f"{seed}-{round_number}-wrap")  # wraps and reshuffles
        for played in rounds:
            assert sorted(played) == ids, (seed, played)
        for before, after in itertools.pairwise(rounds):
            if n > 1:
                assert before[-1] != after[0]  # never the same track twice in a row


def test_reshuffle_on_wrap_gives_a_new_order():
    ids = list(range(1, 21))
    queue = PlayQueue.start(ids, 0, shuffle=True, repeat="all", seed=1)
    first = [queue.current_id, *queue.upcoming()]
    wrapped = PlayQueue.start(ids, 0, shuffle=True, repeat="all", seed=1)
    for _ in range(len(ids)):
        wrapped = wrapped.next(seed=2)
    assert [wrapped.current_id, *wrapped.upcoming()] != first


def test_toggle_shuffle_keeps_the_current_track_and_shuffles_only_the_rest():
    ids = list(range(1, 11))
    for seed in range(100):
        queue = PlayQueue.start(ids, 0).next().next().next()  # 1, 2, 3 played; 4 current
        shuffled = queue.toggle_shuffle(seed=seed)
        assert shuffled.shuffle and shuffled.current_id == 4
        assert sorted(shuffled.upcoming()) == list(range(5, 11))
        assert shuffled.previous().current_id == 3  # history is kept
        rest = _walk(shuffled, 6)
        assert sorted(rest) == list(range(4, 11)) and len(set(rest)) == 7


def test_toggle_shuffle_off_returns_to_the_listed_order_at_the_current_track():
    queue = PlayQueue.start(IDS, 0, shuffle=True, seed=9).next().next()
    current = queue.current_id
    plain = queue.toggle_shuffle()
    assert not plain.shuffle and plain.current_id == current
    assert plain.upcoming() == IDS[IDS.index(current) + 1:]
    stopped = PlayQueue.start([1, 2], shuffle=True, seed=0).next().next()
    assert stopped.toggle_shuffle().current_id is None
    assert PlayQueue().toggle_shuffle().shuffle is True


def test_tracks_added_while_shuffling_still_play_once():
    queue = PlayQueue.start([1, 2, 3], shuffle=True, seed=3).add([4, 5]).play_next([6])
    assert sorted(_walk(queue, 5)) == [1, 2, 3, 4, 5, 6]


# Persistence.


def test_round_trip_through_json():
    queue = (
        PlayQueue.start(IDS, 2, source="genre", source_id="ambient", shuffle=True, seed=7)
        .add([99]).next().cycle_repeat()
    )
    restored = PlayQueue.from_dict(json.loads(json.dumps(queue.to_dict())))
    assert restored == queue
    assert restored.current_id == queue.current_id and restored.upcoming() == queue.upcoming()
    assert PlayQueue.from_dict(PlayQueue().to_dict()) == PlayQueue()


GOOD = PlayQueue.start([1, 2, 3], shuffle=True, seed=1).to_dict()


@pytest.mark.parametrize(
    "garbage",
    [
        None, "", "queue", 42, [], [1, 2], {"track_ids": "123"},
        {"v": 99, "track_ids": [1]},
        {**GOOD, "track_ids": [1, "2", 3]},
        {**GOOD, "track_ids": [1, -2, 3]},
        {**GOOD, "track_ids": [1, True, 3]},
        {**GOOD, "position": 7},
        {**GOOD, "position": -1},
        {**GOOD, "position": "1"},
        {**GOOD, "shuffle_order": [0, 0, 1]},
        {**GOOD, "shuffle_order": [0, 1]},
        {**GOOD, "shuffle_order": "012"},
        {**GOOD, "shuffle_order": [0, 1, 2.0]},
        {**GOOD, "shuffle": "yes"},
        {**GOOD, "repeat": "forever"},
        {**GOOD, "source": {"x": 1}},
        {**GOOD, "source_id": "x" * 500},
        {**GOOD, "track_ids": list(range(1, MAX_TRACKS + 2))},
        {**GOOD, "shuffle_order": list(range(MAX_TRACKS * 10))},
    ],
)
def test_garbage_gives_an_empty_queue(garbage):
    assert PlayQueue.from_dict(garbage) == PlayQueue()


def test_missing_fields_take_defaults():
    assert PlayQueue.from_dict({"track_ids": [5, 6]}).current_id == 5
