"""How simulated listeners behave: who they are, when they listen, what they pick.

Pure and seeded (``random.Random``): the same seed and period give the same people and the
same choices, which is what lets tests and demos rely on the output. The numbers are
plausible rather than measured: sign-ups grow over the period; some people never confirm
their address and some confirmed ones never press play (the funnel the dashboard shows);
listeners have an engagement level and may drift away; sessions start mostly in the
evening, a little at the morning commute and lunch, later and longer at weekends; tracks
are picked with a Zipf law over a seeded popularity order, so a few songs get most plays.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from spoticlone.models import PlaySource

#: Real browsers' user-agent strings, with how common each is among listeners.
USER_AGENTS = (
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36", 28),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Mobile/15E148 Safari/604.1", 22),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36", 20),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Safari/605.1.15", 12),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", 9),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", 9),
)
#: Relative chance that a session starts in each UTC hour, on weekdays and at weekends.
WEEKDAY_HOURS = (2, 1, 1, 1, 1, 2, 4, 8, 10, 6, 5, 5, 8, 7, 5, 5, 6, 9, 13, 16, 17, 14, 9, 5)
WEEKEND_HOURS = (4, 3, 2, 1, 1, 1, 2, 3, 5, 7, 9, 10, 11, 10, 9, 9, 10, 11, 13, 15, 16, 15, 12, 8)
#: Where a listening session starts, and how often.
SOURCES = ((PlaySource.ALBUM, 26), (PlaySource.PLAYLIST, 22), (PlaySource.SEARCH, 18),
           (PlaySource.RADIO, 20), (PlaySource.ARTIST, 14))
#: What people look for that a small self-hosted catalog rarely has (searches with no results).
MISSING_QUERIES = ("taylor swift", "lofi beats to study", "white noise", "bad bunny", "christmas songs",
                   "meditation", "kpop", "podcast", "rain sounds", "workout mix", "beyonce", "jazz piano")
PLAYLIST_NAMES = ("Evening chill", "Running", "Focus", "Road trip", "Favourites", "Sunday morning",
                  "Dinner party", "Late night", "Discoveries", "Summer")
#: Zipf exponent of track popularity (1 is the classic law; listening data is a little steeper).
ZIPF_EXPONENT = 1.1


class SimClock:
    """The simulation's clock: services read it like the real one; the simulator moves it."""

    def __init__(self, start: datetime):
        self.moment = start

    def now(self) -> datetime:
        """The simulated moment."""
        return self.moment

    def advance(self, **delta: float) -> None:
        """Move the simulated moment forward by ``timedelta(**delta)``."""
        self.moment += timedelta(**delta)


@dataclass
class Persona:
    """One simulated person: when they sign up, how far they get, how much they listen."""

    number: int
    signup: datetime
    verifies: bool
    plays: bool
    #: Chance of listening on a given day while still around.
    engagement: float
    #: The day they stop coming back (may be after the period ends).
    leaves: datetime
    devices: list[str] = field(default_factory=list)
    makes_playlists: bool = False
    searches_often: bool = False


@dataclass(frozen=True)
class Listen:
    """How one started track ends: time heard, and whether it was skipped or finished."""

    ms_played: int
    skipped: bool
    completed: bool


class Behaviour:
    """The seeded choices of a simulation run: one ``random.Random`` drives them all."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def personas(self, count: int, start: datetime, end: datetime) -> list[Persona]:
        """``count`` people signing up between ``start`` and ``end``, in sign-up order."""
        span = (end - start).total_seconds()
        people = []
        agents = [ua for ua, _ in USER_AGENTS]
        agent_weights = [w for _, w in USER_AGENTS]
        for number in range(count):
            # sqrt of a uniform draw: sign-ups grow linearly over the period.
            signup = start + timedelta(seconds=span * self.rng.random() ** 0.5 * 0.995)
            signup = signup.replace(hour=self.pick_hour(signup), minute=self.rng.randrange(60))
            verifies = self.rng.random() < 0.82
            plays = verifies and self.rng.random() < 0.88
            engagement = min(0.95, self.rng.lognormvariate(-1.5, 0.7))
            leaves = signup + timedelta(days=self.rng.expovariate(1 / 60))
            devices = [self.rng.choices(agents, agent_weights)[0] for _ in range(1 + (self.rng.random() < 0.35))]
            people.append(Persona(number, signup, verifies, plays, engagement, leaves, list(dict.fromkeys(devices)),
                                  self.rng.random() < 0.25, self.rng.random() < 0.3))
        people.sort(key=lambda p: (p.signup, p.number))
        return people

    def pick_hour(self, day: datetime) -> int:
        """A session's starting hour on ``day`` (evening peak, weekends later)."""
        weights = WEEKEND_HOURS if day.weekday() >= 5 else WEEKDAY_HOURS
        return self.rng.choices(range(24), weights)[0]

    def sessions_on(self, persona: Persona, day: datetime, first: bool) -> int:
        """How many listening sessions ``persona`` has on ``day`` (0 on most days)."""
        chance = persona.engagement * (1.3 if day.weekday() >= 5 else 1.0)
        if not first and self.rng.random() >= chance:
            return 0
        return 1 + (self.rng.random() < 0.3) + (self.rng.random() < 0.1)

    def session_length(self, weekend: bool) -> int:
        """Tracks started in one session."""
        return max(1, min(30, int(self.rng.lognormvariate(2.0 if weekend else 1.8, 0.6))))

    def listen(self, duration_ms: int) -> Listen:
        """About a quarter of tracks are skipped early, some stopped midway, most heard out."""
        draw = self.rng.random()
        if draw < 0.24:
            return Listen(self.rng.randint(2_000, 25_000), True, False)
        if draw < 0.34 and duration_ms > 60_000:
            return Listen(int(duration_ms * self.rng.uniform(0.4, 0.9)), False, False)
        return Listen(max(duration_ms, 1_000), False, True)

    def stars(self) -> int:
        """A rating: mostly good (people rate what they like), sometimes a poor one."""
        return self.rng.choices((1, 2, 3, 4, 5), (4, 5, 14, 35, 42))[0]


class Popularity:
    """Zipf-distributed picks over a seeded popularity order of the tracks."""

    def __init__(self, rng: random.Random, track_ids: list[int]):
        self.order = list(track_ids)
        rng.shuffle(self.order)
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** ZIPF_EXPONENT
                                                    for rank in range(len(self.order))))

    def pick(self, rng: random.Random) -> int:
        """One track id; the first of the order about 10× as often as the tenth."""
        point = rng.random() * self.cumulative[-1]
        return self.order[min(bisect.bisect_left(self.cumulative, point), len(self.order) - 1)]
