"""Following artists and listeners, the Home feed, and ratings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import Rating
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.library import follows, ratings
from tests import factories


def test_follow_artist_counts_and_is_idempotent(session):
    fans = [factories.make_user(session) for _ in range(2)]
    artist = factories.make_artist(session)
    state = follows.follow_artist(session, actor=fans[0], artist_id=artist.id)
    follows.follow_artist(session, actor=fans[0], artist_id=artist.id)
    assert (state.following, state.follower_count) == (True, 1)
    follows.follow_artist(session, actor=fans[1], artist_id=artist.id)
    assert follows.artist_follow_state(session, actor=None, artist_id=artist.id).follower_count == 2
    assert follows.unfollow_artist(session, actor=fans[0], artist_id=artist.id).follower_count == 1
    with pytest.raises(NotFound):
        follows.follow_artist(session, actor=fans[0], artist_id=999_999)
    with pytest.raises(PermissionDenied):
        follows.follow_artist(session, actor=None, artist_id=artist.id)


def test_an_artist_cannot_follow_their_own_artist_page(session):
    me, fan = factories.make_user(session, username="singer"), factories.make_user(session, username="fan")
    artist = factories.make_artist(session, user_id=me.id)
    with pytest.raises(Invalid):
        follows.follow_artist(session, actor=me, artist_id=artist.id)
    own = follows.artist_follow_state(session, actor=me, artist_id=artist.id)
    assert (own.following, own.follower_count, own.is_self) == (False, 0, True)
    assert follows.follow_artist(session, actor=fan, artist_id=artist.id).is_self is False
    assert follows.artist_follow_state(session, actor=None, artist_id=artist.id).is_self is False


def test_follow_users_lists_and_not_self(session):
    ann, bob, cy = (factories.make_user(session, username=n) for n in ("ann", "bob", "cy"))
    follows.follow_user(session, actor=bob, username="ann")
    follows.follow_user(session, actor=cy, username="ann")
    follows.follow_user(session, actor=cy, username="ann")
    with pytest.raises(Invalid):
        follows.follow_user(session, actor=ann, username="ann")
    with pytest.raises(NotFound):
        follows.follow_user(session, actor=ann, username="nobody")
    assert {u.username for u in follows.followers(session, username="ann").items} == {"bob", "cy"}
    assert [u.username for u in follows.following(session, username="cy").items] == ["ann"]
    cy.suspended = True
    session.commit()
    assert [u.username for u in follows.followers(session, username="ann").items] == ["bob"]
    assert follows.user_follow_state(session, actor=bob, username="ann").following
    assert follows.unfollow_user(session, actor=bob, username="ann").follower_count == 0


def test_home_feed_merges_releases_and_playlists_newest_first(session):
    me, dj = factories.make_user(session), factories.make_user(session, username="dj")
    artist, stranger = factories.make_artist(session), factories.make_artist(session)
    old = factories.make_album(session, artist_id=artist.id, release_date=date(2020, 1, 1))
    new = factories.make_album(session, artist_id=artist.id, release_date=date.today() - timedelta(days=3))
    ignored = factories.make_album(session, artist_id=stranger.id, release_date=date.today())
    for album in (old, new, ignored):
        factories.make_track(session, album_id=album.id, artist_id=album.artist_id)
    factories.make_album(session, artist_id=artist.id, release_date=date.today())  # no published tracks
    public = factories.make_playlist(session, owner=dj, visibility="public", name="Fresh")
    factories.make_playlist(session, owner=dj, name="Hidden")
    follows.follow_artist(session, actor=me, artist_id=artist.id)
    follows.follow_user(session, actor=me, username="dj")
    feed = follows.home_feed(session, actor=me)
    assert [(i.kind, (i.album or i.playlist).id) for i in feed.items] == [
        ("playlist", public.id), ("album", new.id), ("album", old.id)]
    with pytest.raises(PermissionDenied):
        follows.home_feed(session, actor=None)


def test_ratings_upsert_average_and_artist_aggregate(session):
    users = [factories.make_user(session) for _ in range(3)]
    artist = factories.make_artist(session)
    album = factories.make_album(session, artist_id=artist.id)
    song = factories.make_track(session, album_id=album.id, artist_id=artist.id)
    ratings.rate(session, actor=users[0], target="track", target_id=song.id, stars=5)
    ratings.rate(session, actor=users[0], target="track", target_id=song.id, stars=4)  # replaces
    summary = ratings.rate(session, actor=users[1], target="track", target_id=song.id, stars=1)
    assert (summary.average, summary.count, summary.mine) == (2.5, 2, 1)
    ratings.rate(session, actor=users[2], target="album", target_id=album.id, stars=3)
    summary = ratings.artist_rating(session, artist_id=artist.id).model_dump()
    assert summary == {"average": 2.67, "count": 3, "mine": None}
    for stars in (0, 6, "5", True, 2.5):
        with pytest.raises(Invalid):
            ratings.rate(session, actor=users[0], target="track", target_id=song.id, stars=stars)
    with pytest.raises(Invalid):
        ratings.rate(session, actor=users[0], target="artist", target_id=artist.id, stars=3)
    with pytest.raises(PermissionDenied):
        ratings.rate(session, actor=None, target="track", target_id=song.id, stars=3)
    with pytest.raises(NotFound):
        ratings.rate(session, actor=users[0], target="album", target_id=999_999, stars=3)
    after = ratings.remove_rating(session, actor=users[1], target="track", target_id=song.id)
    assert (after.average, after.count, after.mine) == (4.0, 1, None)
    assert len(session.exec(select(Rating)).all()) == 2
    assert ratings.rating_summary(session, actor=None, target="album", target_id=album.id).average == 3.0
