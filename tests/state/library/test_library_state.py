"""Hearts, album saves, the library page and the sidebar's "+", driven without a browser.

Every handler resolves the listener from the session cookie in the handshake; a
state built without one is a signed-out visitor.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import select

from spoticlone import routes
from spoticlone.models import PlayEvent, Playlist, PlaySource, SavedAlbum, TrackLike, TrackStatus
from spoticlone.models.common import utcnow
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.library import collection, follows
from spoticlone.state.library.likes import LikeState
from spoticlone.state.library.page import LibraryPageState
from spoticlone.state.library.sidebar import SidebarLibraryState
from spoticlone.testing.driver import call, run
from tests.factories import make_account, make_album, make_artist, make_playlist, make_track
from tests.state.conftest import make_state


@pytest.fixture
def music(session):
    artist = make_artist(session, stage_name="Velvet Echo")
    album = make_album(session, title="Night Swim", artist_id=artist.id)
    other = make_album(session, title="Aurora", artist_id=make_artist(session, stage_name="Zed").id)
    tracks = [make_track(session, title=f"Song {n}", artist_id=artist.id, album_id=album.id, track_number=n)
              for n in (1, 2, 3)]
    make_track(session, title="Aurora 1", artist_id=other.artist_id, album_id=other.id)
    return {"artist": artist, "album": album, "other": other, "tracks": tracks}


@pytest.fixture
def ada(session):
    return make_account(session, username="ada")


def _token(session, user):
    return create_session(session, user_id=user.id)


def _likes(session, user) -> set[int]:
    session.expire_all()
    return set(session.exec(select(TrackLike.track_id).where(TrackLike.user_id == user.id)).all())


def test_heart_toggles_like_and_unlike(session, music, ada):
    state = make_state(LikeState, routes.HOME, "/", session_token=_token(session, ada))
    song = music["tracks"][1].id
    run(LikeState.toggle_like, state, song)
    assert state.liked_ids == [song] and _likes(session, ada) == {song}
    run(LikeState.toggle_like, state, song)
    assert state.liked_ids == [] and _likes(session, ada) == set()


def test_a_stale_heart_never_makes_the_sidebar_count_wrong(session, music, ada):
    """The heart showed empty for a liked song (another tab liked it): pressing it keeps
    the song liked and the sidebar shows the real count, not one more."""
    for song in music["tracks"]:
        collection.like_track(session, actor=ada, track_id=song.id)
    likes = make_state(LikeState, routes.SEARCH, "/search", session_token=_token(session, ada))
    sidebar = likes.parent_state.get_substate(SidebarLibraryState.get_full_name().split("."))
    run(SidebarLibraryState.load, sidebar)
    assert sidebar.liked_count == 3 and likes.liked_ids == []
    run(LikeState.toggle_like, likes, music["tracks"][0].id)
    assert sidebar.liked_count == 3 and likes.liked_ids == [music["tracks"][0].id]
    run(LikeState.toggle_like, likes, music["tracks"][0].id)
    assert sidebar.liked_count == 2 and _likes(session, ada) == {t.id for t in music["tracks"][1:]}


def test_signed_out_heart_sends_to_sign_in_and_changes_nothing(session, music, ada):
    state = make_state(LikeState, routes.ALBUM_ROUTE, "/album/1-night-swim", {"album_ref": "1-night-swim"})
    result = call(LikeState.toggle_like, state, music["tracks"][0].id)
    assert "/signin?next=/album/1-night-swim" in str(result)
    assert session.exec(select(TrackLike)).all() == []
    result = call(LikeState.toggle_album_save, state)
    assert "/signin?next=" in str(result) and session.exec(select(SavedAlbum)).all() == []


def test_liking_acts_only_for_the_cookie_owner(session, music, ada):
    bob = make_account(session, username="bob")
    state = make_state(LikeState, routes.HOME, "/", session_token=_token(session, bob))
    run(LikeState.toggle_like, state, music["tracks"][0].id)
    assert _likes(session, bob) == {music["tracks"][0].id} and _likes(session, ada) == set()


def test_unpublished_song_shows_the_service_message(session, music, ada):
    draft = make_track(session, title="Draft", artist_id=music["artist"].id, status=TrackStatus.DRAFT)
    state = make_state(LikeState, routes.HOME, "/", session_token=_token(session, ada))
    result = call(LikeState.toggle_like, state, draft.id)
    assert "does not exist" in str(result) and state.liked_ids == [] and _likes(session, ada) == set()


def test_liked_ids_for_a_whole_list_in_one_query(session, music, ada):
    first, second, third = (t.id for t in music["tracks"])
    for song in (first, third):
        collection.like_track(session, actor=ada, track_id=song)
    state = make_state(LikeState, routes.HOME, "/", session_token=_token(session, ada))
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement.lower())

    # Handlers use the app's own engine (``db.session_scope``): listen on every engine.
    event.listen(Engine, "before_cursor_execute", record)
    try:
        run(LikeState.load_liked, state, [first, second, third, "junk", -4])
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert sorted(state.liked_ids) == [first, third]
    assert sum("from tracklike" in s for s in statements) == 1
    # Another list keeps what the first list learned; re-asking corrects stale ids.
    collection.unlike_track(session, actor=ada, track_id=third)
    run(LikeState.load_liked, state, [third])
    assert state.liked_ids == [first]


def test_liked_ids_are_forgotten_when_signed_out(session, music, ada):
    state = make_state(LikeState, routes.HOME, "/", session_token=_token(session, ada))
    collection.like_track(session, actor=ada, track_id=music["tracks"][0].id)
    run(LikeState.load_liked, state, [music["tracks"][0].id])
    assert state.liked_ids == [music["tracks"][0].id]
    signed_out = make_state(LikeState, routes.HOME, "/")
    state.parent_state.router = signed_out.parent_state.router  # the same tab, now without the cookie
    run(LikeState.load_liked, state, [music["tracks"][1].id])
    assert state.liked_ids == []


def test_save_album_button_toggles(session, music, ada):
    album = music["album"]
    ref = f"{album.id}-{album.slug}"
    state = make_state(LikeState, routes.ALBUM_ROUTE, f"/album/{ref}", {"album_ref": ref},
                       session_token=_token(session, ada))
    run(LikeState.load_album_saved, state)
    assert state.album_saved is False
    run(LikeState.toggle_album_save, state)
    assert state.album_saved is True
    assert [a.id for a in collection.saved_albums(session, actor=ada).items] == [album.id]
    fresh = make_state(LikeState, routes.ALBUM_ROUTE, f"/album/{ref}", {"album_ref": ref},
                       session_token=_token(session, ada))
    assert run(LikeState.load_album_saved, fresh).album_saved is True
    run(LikeState.toggle_album_save, state)
    assert state.album_saved is False and collection.saved_albums(session, actor=ada).total == 0


def _library(session, user, params=None):
    query = "&".join(f"{k}={v}" for k, v in (params or {}).items())
    return make_state(LibraryPageState, routes.LIBRARY, routes.LIBRARY + (f"?{query}" if query else ""),
                      params, session_token=_token(session, user) if user else None)


@pytest.fixture
def filled(session, music, ada):
    collection.save_album(session, actor=ada, album_id=music["other"].id)
    follows.follow_artist(session, actor=ada, artist_id=music["artist"].id)
    make_playlist(session, owner=ada, name="Bike rides")
    collection.like_track(session, actor=ada, track_id=music["tracks"][0].id)
    return music


def test_library_filters_by_kind_and_text_and_sorts(session, filled, ada):
    state = run(LibraryPageState.load, _library(session, ada))
    assert state.loaded and state.liked_count == 1 and state.total == 3
    assert {i["kind"] for i in state.items} == {"album", "artist", "playlist"}
    run(LibraryPageState.choose_kind, state, "album")
    assert [i["title"] for i in state.items] == ["Aurora"] and state.items[0]["subtitle"] == "Album • Zed"
    assert state.show_liked_tile is False
    run(LibraryPageState.choose_kind, state, "playlist")
    assert [i["title"] for i in state.items] == ["Bike rides"] and state.show_liked_tile is True
    run(LibraryPageState.choose_kind, state, "all")
    run(LibraryPageState.choose_sort, state, "name")
    assert [i["title"] for i in state.items] == ["Aurora", "Bike rides", "Velvet Echo"]
    run(LibraryPageState.choose_sort, state, "creator")
    assert [i["creator"] for i in state.items] == ["ada", "Velvet Echo", "Zed"]
    run(LibraryPageState.filter_text, state, "velvet")
    assert [i["title"] for i in state.items] == ["Velvet Echo"] and state.items[0]["round"] is True
    assert state.show_liked_tile is False
    run(LibraryPageState.filter_text, state, "liked")
    assert state.items == [] and state.show_liked_tile is True
    run(LibraryPageState.choose_kind, state, "nonsense")
    assert state.kind == "all"


def test_recents_puts_what_was_played_last_first(session, filled, ada):
    song = filled["tracks"][2]
    session.add(PlayEvent(user_id=ada.id, track_id=song.id, source=PlaySource.ALBUM,
                          started_at=utcnow() + timedelta(minutes=5)))
    session.commit()
    state = run(LibraryPageState.load, _library(session, ada))
    run(LibraryPageState.choose_sort, state, "played")
    # Night Swim is not saved, but its artist is followed: the artist comes first.
    assert state.items[0]["title"] == "Velvet Echo"
    run(LibraryPageState.choose_sort, state, "recent")
    assert state.items[0]["title"] == "Bike rides"


def test_liked_view_lists_liked_songs(session, filled, ada):
    state = run(LibraryPageState.load, _library(session, ada, {"view": "liked"}))
    assert state.view == "liked" and state.liked_count == 1
    assert [t["title"] for t in state.liked_tracks] == ["Song 1"] and state.liked_tracks[0]["artist_name"]


def test_unliking_in_the_liked_view_removes_the_row_at_once(session, filled, ada):
    page = run(LibraryPageState.load, _library(session, ada, {"view": "liked"}))
    like = page.parent_state.get_substate(LikeState.get_full_name().split("."))
    song = filled["tracks"][0].id
    run(LikeState.load_liked, like, [song])
    assert like.liked_ids == [song]
    run(LikeState.toggle_like, like, song)
    assert page.liked_tracks == [] and page.liked_count == 0 and _likes(session, ada) == set()


def test_empty_library_is_reported_as_empty(session, music, ada):
    state = run(LibraryPageState.load, _library(session, ada))
    assert state.nothing_saved is True and state.items == []


def test_library_page_shows_nothing_when_signed_out(session, filled):
    state = run(LibraryPageState.load, _library(session, None))
    assert not state.loaded and state.items == [] and state.liked_count == 0


def test_sidebar_lists_playlists_and_creates_numbered_ones(session, music, ada):
    bob = make_account(session, username="bob")
    theirs = make_playlist(session, owner=bob, name="Bob's mix", visibility="public")
    from spoticlone.services.library.playlists import manage

    manage.follow_playlist(session, actor=ada, playlist_id=theirs.id)
    state = make_state(SidebarLibraryState, routes.HOME, "/", session_token=_token(session, ada))
    run(SidebarLibraryState.load, state)
    assert state.signed_in and [(r["title"], r["label"]) for r in state.rows] == [("Bob's mix", "Following")]
    result = call(SidebarLibraryState.create_playlist, state)
    made = session.exec(select(Playlist).where(Playlist.owner_id == ada.id)).all()
    assert [p.name for p in made] == ["My Playlist #1"]
    assert routes.playlist_url(made[0].id, made[0].slug) in str(result)
    call(SidebarLibraryState.create_playlist, state)
    session.expire_all()
    names = sorted(p.name for p in session.exec(select(Playlist).where(Playlist.owner_id == ada.id)))
    assert names == ["My Playlist #1", "My Playlist #2"]


def test_sidebar_signed_out_invites_and_plus_sends_to_sign_in(session, music):
    state = make_state(SidebarLibraryState, routes.HOME, "/")
    run(SidebarLibraryState.load, state)
    assert state.loaded and not state.signed_in and state.rows == []
    result = call(SidebarLibraryState.create_playlist, state)
    assert "/signin" in str(result) and session.exec(select(Playlist)).all() == []
