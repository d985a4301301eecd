"""The Charts page state reads its chart from the URL and ranks with ``services.listening.charts``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from spoticlone import routes
from spoticlone.models import ChartDaily, Rating, TrackLike
from spoticlone.state.listening.charts import ALL_GENRES, ChartsState, chart_url
from spoticlone.testing.driver import call, redirect_target
from tests.factories import make_album, make_artist, make_genre, make_track, make_user
from tests.state.conftest import make_state


@pytest.fixture
def scene(session):
    rock, jazz = make_genre(session, name="Rock"), make_genre(session, name="Jazz")
    loud = make_artist(session, stage_name="Loud Band")
    soft = make_artist(session, stage_name="Soft Trio")
    album = make_album(session, title="Amplified", artist_id=loud.id, genre_id=rock.id)
    riff = make_track(session, title="Riff", artist_id=loud.id, album_id=album.id, genre_id=rock.id)
    solo = make_track(session, title="Solo", artist_id=loud.id, album_id=album.id, genre_id=rock.id)
    blue = make_track(session, title="Blue", artist_id=soft.id, genre_id=jazz.id)
    today = datetime.now(UTC).date()
    session.add_all([
        ChartDaily(day=today, track_id=riff.id, plays=2),
        ChartDaily(day=today, track_id=blue.id, plays=3),
        ChartDaily(day=today - timedelta(days=30), track_id=solo.id, plays=9),  # all time only
    ])
    session.add(TrackLike(user_id=make_user(session).id, track_id=riff.id))  # +3: Riff 5 beats Blue 3
    session.commit()
    return {"riff": riff, "solo": solo, "blue": blue, "loud": loud, "soft": soft}


def charts_at(query: str = "") -> ChartsState:
    path = routes.CHARTS + (f"?{query}" if query else "")
    params = {k: v[0] for k, v in parse_qs(query).items()}
    state = make_state(ChartsState, routes.CHARTS, path, params)
    call(ChartsState.load, state)
    return state


def test_default_is_songs_this_week(scene):
    state = charts_at()
    assert (state.kind, state.period, state.genre) == ("tracks", "week", "")
    assert [(r["rank"], r["title"], r["plays"]) for r in state.rows] == [(1, "Riff", 2), (2, "Blue", 3)]
    assert state.rows[0]["subtitle"] == "Loud Band" and state.rows[0]["url"].startswith("/track/")
    assert state.track_ids == [scene["riff"].id, scene["blue"].id]
    assert state.heading == "Top songs · this week"
    assert [g["slug"] for g in state.genres] == ["jazz", "rock"]


def test_rows_carry_the_score_and_the_numbers_behind_it(session, scene):
    """A row ranked by likes and ratings must not read as a bare "0 plays"."""
    fan = make_user(session)
    liked = make_track(session, title="Loved", artist_id=scene["soft"].id)
    session.add_all([TrackLike(user_id=fan.id, track_id=liked.id),
                     Rating(user_id=fan.id, track_id=liked.id, stars=5)])
    session.commit()
    rows = {r["title"]: r for r in charts_at().rows}
    loved, riff = rows["Loved"], rows["Riff"]
    assert (loved["plays"], loved["likes"], loved["rating_points"], loved["score"]) == (0, 1, 4, 7)
    assert loved["score_text"] == "7" and loved["figures"] == "0 plays · 1 like · ratings +4"
    assert loved["explained"] == "Score 7 = 0 completed plays + 3 × 1 like + 4 from ratings"
    assert riff["score_text"] == "5" and riff["figures"] == "2 plays · 1 like"
    assert rows["Blue"]["figures"] == "3 plays · 0 likes"
    assert [r["title"] for r in charts_at().rows] == ["Loved", "Riff", "Blue"]


def test_all_time_and_kinds_come_from_the_url(scene):
    assert [r["title"] for r in charts_at("kind=tracks&period=all").rows] == ["Solo", "Riff", "Blue"]
    artists = charts_at("kind=artists&period=all")
    assert [(r["title"], r["plays"]) for r in artists.rows] == [("Loud Band", 11), ("Soft Trio", 3)]
    assert artists.track_ids == [] and artists.rows[0]["url"] == routes.artist_url(scene["loud"].slug)
    albums = charts_at("kind=albums&period=week")
    assert [r["title"] for r in albums.rows] == ["Amplified"] and albums.heading == "Top albums · this week"


def test_genre_filter_and_links_keep_the_other_choices(scene):
    state = charts_at("kind=tracks&period=all&genre=rock")
    assert [r["title"] for r in state.rows] == ["Solo", "Riff"]
    assert state.genre_value == "rock" and state.heading == "Top songs in Rock · all time"
    assert state.links["artists"] == chart_url("artists", "all", "rock")
    assert state.links["week"] == chart_url("tracks", "week", "rock")
    assert state.share_path == chart_url("tracks", "all", "rock")


def test_nonsense_params_fall_back_and_unknown_genre_says_so(scene):
    state = charts_at("kind=<script>&period=forever")
    assert (state.kind, state.period) == ("tracks", "week") and len(state.rows) == 2
    unknown = charts_at("genre=polka")
    assert unknown.genre == "" and "does not exist" in unknown.error and len(unknown.rows) == 2


def test_empty_chart_is_empty(session):
    state = charts_at("kind=albums")
    assert state.loaded and state.rows == [] and state.track_ids == []


def test_choose_genre_opens_a_shareable_url(scene):
    state = charts_at("kind=artists&period=all")
    target = redirect_target(call(ChartsState.choose_genre, state, "jazz"))
    assert parse_qs(urlsplit(target).query) == {"kind": ["artists"], "period": ["all"], "genre": ["jazz"]}
    assert redirect_target(call(ChartsState.choose_genre, state, ALL_GENRES)) == chart_url("artists", "all")
    # A made-up slug is not echoed into the URL.
    assert redirect_target(call(ChartsState.choose_genre, state, "evil\"slug")) == chart_url("artists", "all")
