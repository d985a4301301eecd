"""The analytics page around its charts: "1 play" (not "1 plays"), the donut's total, a week's days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from spoticlone import routes
from spoticlone.models import Role, TrackPlaysDaily
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.studio.analytics import StudioAnalyticsState as S
from spoticlone.testing.driver import call
from tests import factories
from tests.state.conftest import make_state

TODAY = datetime.now(UTC).date()


def plays(session, track, day: date, source: str, n: int, ms: int) -> None:
    session.add(TrackPlaysDaily(day=day, track_id=track.id, source=source, plays=n, ms_played=ms))
    session.commit()


def loaded(session, user, query: dict[str, str]):
    token = create_session(session, user_id=user.id)
    path = routes.STUDIO_ANALYTICS + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    state = make_state(S, routes.STUDIO_ANALYTICS, path, query, session_token=token)
    assert call(S.load, state) is None
    return state


def _artist(session):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Solo Act", user_id=owner.id)
    return owner, factories.make_track(session, artist_id=artist.id, title="Only Song")


def test_one_play_is_one_play_and_the_donut_says_the_total(session):
    owner, track = _artist(session)
    plays(session, track, TODAY, "album", 1, 40_000)
    state = loaded(session, owner, {"range": "7d"})
    assert state.plays_caption == "1 play"
    donut = state.sources_chart
    assert donut["data"][0]["textinfo"] == "none" and donut["data"][0]["values"] == [1]
    assert donut["layout"]["annotations"][0]["text"] == "<b>1</b><br>play"


def test_many_plays_are_counted_with_separators(session):
    owner, track = _artist(session)
    plays(session, track, TODAY, "search", 1200, 1200 * 30_000)
    plays(session, track, TODAY - timedelta(days=1), "album", 34, 34 * 30_000)
    state = loaded(session, owner, {"range": "7d"})
    assert state.plays_caption == "1,234 plays"
    assert state.sources_chart["layout"]["annotations"][0]["text"] == "<b>1,234</b><br>plays"


def test_no_plays_says_zero_plays(session):
    owner, _track = _artist(session)
    state = loaded(session, owner, {"range": "7d"})
    assert state.plays_caption == "0 plays" and not state.has_plays


def test_a_week_names_every_day_under_the_bars(session):
    owner, track = _artist(session)
    plays(session, track, TODAY, "album", 2, 80_000)
    state = loaded(session, owner, {"range": "7d"})
    assert len(state.plays_chart["data"][0]["x"]) == 7
    assert state.plays_chart["layout"]["xaxis"]["dtick"] == 86_400_000
    assert state.plays_chart["layout"]["xaxis"]["tickformat"] == "%b %-d"
