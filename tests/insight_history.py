"""A hand-made listening history for the listener-insight tests (stats, year in review, card, API, state).

Two listeners, three artists, a withdrawn song and one play that falls in another month (and
year) depending on the time zone. ``NOW`` is the tests' "now"; every expected figure in the
tests is worked out by hand from the rows below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from spoticlone.models import ArtistProfile, Genre, PlayEvent, Track, TrackStatus, User
from tests import factories

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@dataclass
class History:
    listener: User
    other: User
    nova: ArtistProfile
    mira: ArtistProfile
    ghost: ArtistProfile
    synth: Genre
    jazz: Genre
    night_run: Track
    neon: Track
    blue: Track
    hidden: Track


def play(session: Session, user: User, track: Track, at: datetime, ms: int, *, counted: bool = True) -> None:
    session.add(PlayEvent(user_id=user.id, track_id=track.id, started_at=at, ms_played=ms, counted=counted,
                          completed=counted))
    session.commit()


def make_history(session: Session, **listener_fields) -> History:
    listener = factories.make_user(session, first_name="Ada", last_name="Lovelace", **listener_fields)
    other = factories.make_user(session)
    synth = factories.make_genre(session, name="Synthwave")
    jazz = factories.make_genre(session, name="Jazz")
    nova = factories.make_artist(session, stage_name="Nova Drive")
    mira = factories.make_artist(session, stage_name="Mira Blue")
    ghost = factories.make_artist(session, stage_name="Ghost Act")
    night_run = factories.make_track(session, title="Night Run", artist_id=nova.id, genre_id=synth.id)
    neon = factories.make_track(session, title="Neon", artist_id=nova.id, genre_id=synth.id)
    blue = factories.make_track(session, title="Blue", artist_id=mira.id, genre_id=jazz.id)
    hidden = factories.make_track(session, title="Taken Down", artist_id=ghost.id, genre_id=jazz.id,
                                  status=TrackStatus.WITHDRAWN)
    # 23:30 UTC on Nov 30, 2025 is 00:30 on Dec 1 in Paris.
    play(session, listener, night_run, datetime(2025, 11, 30, 23, 30, tzinfo=UTC), 180_000)
    play(session, listener, night_run, datetime(2026, 11, 10, 8, 15, tzinfo=UTC), 180_000)
    play(session, listener, neon, datetime(2026, 11, 10, 9, 0, tzinfo=UTC), 120_000)
    play(session, listener, blue, datetime(2026, 11, 20, 21, 40, tzinfo=UTC), 200_000)
    play(session, listener, night_run, datetime(2026, 12, 1, 8, 5, tzinfo=UTC), 180_000)
    play(session, listener, blue, datetime(2026, 12, 2, 8, 30, tzinfo=UTC), 10_000, counted=False)
    play(session, listener, neon, datetime(2026, 12, 3, 22, 10, tzinfo=UTC), 60_000)
    play(session, listener, hidden, datetime(2026, 12, 4, 10, 0, tzinfo=UTC), 180_000)
    # Another listener's plays never reach the first one's figures.
    for hour in range(5):
        play(session, other, blue, datetime(2026, 12, 1, hour, 0, tzinfo=UTC), 999_000)
    return History(listener, other, nova, mira, ghost, synth, jazz, night_run, neon, blue, hidden)
