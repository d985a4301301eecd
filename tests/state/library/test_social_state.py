"""Follow, rating and feed handlers act only for the cookie's account, on the page's own entity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from spoticlone import routes
from spoticlone.models import ArtistFollow, ChartDaily, Follow, Rating
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.accounts.people import UserSocialState
from spoticlone.state.library.feed import FeedState
from spoticlone.state.library.social import ArtistSocialState, RatingState
from spoticlone.testing.driver import call, redirect_target
from tests.factories import make_account, make_album, make_artist, make_playlist, make_track
from tests.state.conftest import make_state


@pytest.fixture
def world(session):
    ada = make_account(session, username="ada", first_name="Ada")
    bob = make_account(session, username="bob", first_name="Bob")
    artist = make_artist(session, stage_name="Hollow Pines")
    album = make_album(session, title="Low Tide", artist_id=artist.id)
    track = make_track(session, title="Harbour", artist_id=artist.id, album_id=album.id)
    return {"ada": ada, "bob": bob, "artist": artist, "album": album, "track": track}


def _token(session, user):
    return create_session(session, user_id=user.id) if user else None


def artist_state(session, world, user=None):
    slug = world["artist"].slug
    return make_state(ArtistSocialState, routes.ARTIST_ROUTE, routes.artist_url(slug), {"artist_slug": slug},
                      session_token=_token(session, user))


def test_artist_follow_toggles_for_the_signed_in_listener(session, world):
    state = artist_state(session, world, world["ada"])
    call(ArtistSocialState.load, state)
    assert (state.following, state.follower_count, state.followers_text) == (False, 0, "0 followers")
    call(ArtistSocialState.toggle_follow, state)
    assert (state.following, state.follower_count, state.followers_text) == (True, 1, "1 follower")
    rows = session.exec(select(ArtistFollow)).all()
    assert [(r.user_id, r.artist_id) for r in rows] == [(world["ada"].id, world["artist"].id)]
    # A fresh page load (another tab) sees the same.
    again = artist_state(session, world, world["ada"])
    call(ArtistSocialState.load, again)
    assert again.following and again.follower_count == 1
    call(ArtistSocialState.toggle_follow, again)
    assert (again.following, again.follower_count) == (False, 0)
    session.expire_all()
    assert session.exec(select(ArtistFollow)).all() == []


def test_an_artist_has_no_follow_on_their_own_page(session, world):
    world["artist"].user_id = world["bob"].id
    session.add(world["artist"])
    session.commit()
    mine = artist_state(session, world, world["bob"])
    call(ArtistSocialState.load, mine)
    assert mine.is_self and not mine.following
    call(ArtistSocialState.toggle_follow, mine)  # a forged click is refused by the service
    assert session.exec(select(ArtistFollow)).all() == [] and not mine.following
    assert mine.error == "You cannot follow your own artist page."
    fan = artist_state(session, world, world["ada"])
    call(ArtistSocialState.load, fan)
    assert not fan.is_self


def test_signed_out_follow_goes_to_sign_in_and_changes_nothing(session, world):
    state = artist_state(session, world)
    call(ArtistSocialState.load, state)
    event = call(ArtistSocialState.toggle_follow, state)
    assert redirect_target(event) == routes.sign_in_url(routes.artist_url(world["artist"].slug))
    assert session.exec(select(ArtistFollow)).all() == [] and not state.following


def test_artist_panel_shows_rank_and_aggregated_rating(session, world):
    session.add(ChartDaily(day=datetime.now(UTC).date(), track_id=world["track"].id, plays=5))
    session.add(Rating(user_id=world["bob"].id, track_id=world["track"].id, stars=5))
    session.add(Rating(user_id=world["ada"].id, album_id=world["album"].id, stars=4))
    session.commit()
    state = artist_state(session, world)
    call(ArtistSocialState.load, state)
    assert (state.rank, state.rank_text) == (1, "#1 this week")
    assert (state.rating_average, state.rating_count, state.rating_text) == (4.5, 2, "4.5")


def test_unknown_artist_loads_empty_and_follow_does_nothing(session, world):
    state = make_state(ArtistSocialState, routes.ARTIST_ROUTE, "/artist/nobody", {"artist_slug": "nobody"},
                       session_token=_token(session, world["ada"]))
    call(ArtistSocialState.load, state)
    assert state.rank == 0 and state.follower_count == 0
    call(ArtistSocialState.toggle_follow, state)
    assert session.exec(select(ArtistFollow)).all() == []


def rating_state(session, world, user=None, target="track"):
    if target == "track":
        t = world["track"]
        ref, route, path = f"{t.id}-{t.slug}", routes.TRACK_ROUTE, routes.track_url(t.id, t.slug)
        params = {"track_ref": ref}
    else:
        a = world["album"]
        ref, route, path = f"{a.id}-{a.slug}", routes.ALBUM_ROUTE, routes.album_url(a.id, a.slug)
        params = {"album_ref": ref}
    state = make_state(RatingState, route, path, params, session_token=_token(session, user))
    call(RatingState.load_track if target == "track" else RatingState.load_album, state)
    return state


@pytest.mark.parametrize("target", ["track", "album"])
def test_rate_change_and_remove(session, world, target):
    bob = rating_state(session, world, world["bob"], target)
    assert (bob.count, bob.mine, bob.summary_text) == (0, 0, "No ratings yet")
    call(RatingState.rate, bob, 2)
    ada = rating_state(session, world, world["ada"], target)
    call(RatingState.rate, ada, 5)
    assert (ada.average, ada.count, ada.mine, ada.summary_text) == (3.5, 2, 5, "3.5 · 2 ratings")
    call(RatingState.rate, ada, 4)  # replaces, does not add
    assert (ada.average, ada.count, ada.mine) == (3.0, 2, 4)
    call(RatingState.remove, ada)
    assert (ada.average, ada.count, ada.mine, ada.summary_text) == (2.0, 1, 0, "2.0 · 1 rating")
    session.expire_all()
    assert [(r.user_id, r.stars) for r in session.exec(select(Rating))] == [(world["bob"].id, 2)]


def test_rating_refuses_bad_stars_and_signed_out_visitors(session, world):
    ada = rating_state(session, world, world["ada"])
    for bad in (0, 6, "many"):
        call(RatingState.rate, ada, bad)
        assert "1 to 5" in ada.error and ada.mine == 0
    visitor = rating_state(session, world)
    track = world["track"]
    event = call(RatingState.rate, visitor, 5)
    assert redirect_target(event) == routes.sign_in_url(routes.track_url(track.id, track.slug))
    assert session.exec(select(Rating)).all() == []


def profile_state(session, username, user=None, tab=None):
    params = {"username": username} | ({"tab": tab} if tab else {})
    path = routes.user_url(username) + (f"?tab={tab}" if tab else "")
    return make_state(UserSocialState, routes.USER_ROUTE, path, params, session_token=_token(session, user))


def test_follow_a_listener_and_see_the_lists(session, world):
    state = profile_state(session, "bob", world["ada"])
    call(UserSocialState.load, state)
    assert (state.following, state.follower_count, state.is_self) == (False, 0, False)
    call(UserSocialState.toggle_follow, state)
    assert (state.following, state.follower_count, state.followers_text) == (True, 1, "1 follower")
    followers = profile_state(session, "bob", None, tab="followers")
    call(UserSocialState.load, followers)
    assert followers.tab == "followers" and [p["username"] for p in followers.people] == ["ada"]
    following = profile_state(session, "ada", None, tab="following")
    call(UserSocialState.load, following)
    assert following.following_count == 1 and [p["username"] for p in following.people] == ["bob"]
    junk = profile_state(session, "ada", None, tab="secrets")
    call(UserSocialState.load, junk)
    assert junk.tab == "" and junk.people == []


def test_cannot_follow_yourself(session, world):
    state = profile_state(session, "ada", world["ada"])
    call(UserSocialState.load, state)
    assert state.is_self
    call(UserSocialState.toggle_follow, state)
    assert "yourself" in state.error and not state.following
    assert session.exec(select(Follow)).all() == []


def test_signed_out_listener_follow_goes_to_sign_in(session, world):
    state = profile_state(session, "bob")
    call(UserSocialState.load, state)
    event = call(UserSocialState.toggle_follow, state)
    assert redirect_target(event) == routes.sign_in_url(routes.user_url("bob"))
    assert session.exec(select(Follow)).all() == []


def test_profile_shows_only_public_playlists(session, world):
    make_playlist(session, owner=world["bob"], name="Open Road", visibility="public")
    make_playlist(session, owner=world["bob"], name="Diary", visibility="private")
    for viewer in (None, world["bob"]):  # not even the owner's own private ones, on the public page
        state = profile_state(session, "bob", viewer)
        call(UserSocialState.load, state)
        assert [p["title"] for p in state.playlists] == ["Open Road"]


def test_home_feed_for_followers_only(session, world):
    visitor = make_state(FeedState, routes.HOME, routes.HOME)
    call(FeedState.load, visitor)
    assert visitor.items == []
    ada = make_state(FeedState, routes.HOME, routes.HOME, session_token=_token(session, world["ada"]))
    call(FeedState.load, ada)
    assert ada.items == []  # follows nobody yet
    session.add(ArtistFollow(user_id=world["ada"].id, artist_id=world["artist"].id))
    session.add(Follow(follower_id=world["ada"].id, followee_id=world["bob"].id))
    session.commit()
    make_playlist(session, owner=world["bob"], name="Open Road", visibility="public")
    make_playlist(session, owner=world["bob"], name="Diary", visibility="private")
    call(FeedState.load, ada)
    assert sorted((i["kind"], i["title"]) for i in ada.items) == [("album", "Low Tide"), ("playlist", "Open Road")]
    by_kind = {i["kind"]: i for i in ada.items}
    assert (by_kind["album"]["artist_name"], by_kind["album"]["year"]) == ("Hollow Pines", 2024)
    assert by_kind["playlist"]["artist_name"] == "Playlist · Bob"
    assert by_kind["playlist"]["url"].startswith("/playlist/")
