"""Sums from whole months and edge days equal the sums of the daily rows, for any period."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest

from spoticlone.services.insight import month_sums, rollups
from tests.factories import make_track

FIRST_DAY = date(2025, 11, 20)


def test_a_year_reads_whole_months_and_at_most_half_a_month_at_each_end():
    cut = month_sums.spans(date(2025, 12, 6), date(2026, 12, 5), today=date(2026, 12, 5))
    # January to November whole; December 2025 as the month minus its first five days;
    # December 2026 as the month minus the days still to come (no rows can be there yet).
    assert cut.months == [date(2025, 12, 1), *(date(2026, m, 1) for m in range(1, 13))]
    assert cut.subtract == [(date(2025, 12, 1), date(2025, 12, 5)), (date(2026, 12, 6), date(2026, 12, 31))]
    assert cut.add == []


def test_a_few_days_inside_one_month_are_read_as_days():
    cut = month_sums.spans(date(2026, 3, 10), date(2026, 3, 12), today=date(2026, 12, 5))
    assert (cut.months, cut.add, cut.subtract) == ([], [(date(2026, 3, 10), date(2026, 3, 12))], [])


@pytest.mark.parametrize("seed", [1, 2])
def test_track_and_playlist_sums_equal_the_daily_rows_for_random_periods(session, seed):
    rng = random.Random(seed)
    tracks = [int(make_track(session).id or 0) for _ in range(5)]
    starts: list[rollups.Started] = []
    counted: list[rollups.Counted] = []
    for _ in range(400):
        day = FIRST_DAY + timedelta(days=rng.randrange(0, 120))
        track = rng.choice(tracks)
        starts.append(rollups.Started(day, rng.randrange(24), track, None))
        if rng.random() < 0.7:
            counted.append(rollups.Counted(day, 0, track, rng.randrange(30_000, 200_000), rng.choice([None, 7, 8])))
    rollups.roll_starts(session, starts)
    rollups.roll_plays(session, counted)
    session.commit()
    for _ in range(40):
        first = FIRST_DAY + timedelta(days=rng.randrange(-10, 130))
        last = first + timedelta(days=rng.randrange(0, 100))
        today = last + timedelta(days=rng.randrange(0, 40))
        want: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        lists: defaultdict[int, int] = defaultdict(int)
        for s in starts:
            if first <= s.day <= last:
                want[s.track_id][0] += 1
        for c in counted:
            if first <= c.day <= last:
                want[c.track_id][1] += 1
                want[c.track_id][2] += c.ms_played
                if c.playlist_id is not None:
                    lists[c.playlist_id] += 1
        tracks_got = session.execute(month_sums.totals(session, month_sums.TRACKS, first, last, today=today)).all()
        assert {int(t): [int(a), int(b), int(c)] for t, a, b, c in tracks_got} == dict(want), (first, last, today)
        lists_got = session.execute(month_sums.totals(session, month_sums.PLAYLISTS, first, last, today=today)).all()
        assert {int(p): int(n) for p, n in lists_got} == dict(lists), (first, last, today)
