"""Playlist page, edit dialogs, "Add to playlist" and browse: handlers act only as the cookie's account."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone import routes
from spoticlone.models import Playlist, PlaylistCollaborator, PlaylistFollow, PlaylistTrack, Role
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.library.add_to_playlist import AddToPlaylistState
from spoticlone.state.library.playlist import PlaylistState
from spoticlone.state.library.playlist_edit import TOO_BIG, PlaylistEditState
from spoticlone.state.library.playlists_browse import PlaylistsBrowseState
from spoticlone.testing.driver import call, is_sign_in_redirect, spec_args, spec_name
from tests import factories, images
from tests.state.conftest import make_state
from tests.state.playlist_helpers import load, on_page
from tests.state.uploads import Chunks


def order(session, playlist_id: int) -> list[int]:
    session.expire_all()
    return list(session.exec(select(PlaylistTrack.track_id).where(PlaylistTrack.playlist_id == playlist_id)
                             .order_by(PlaylistTrack.position)).all())


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="owner")
    other = factories.make_user(session, username="other")
    tracks = [factories.make_track(session, title=f"Song {i}") for i in range(3)]
    private = factories.make_playlist(session, owner=owner, tracks=tracks, name="Night mix")
    public = factories.make_playlist(session, owner=owner, tracks=tracks[:2], name="Day mix", visibility="public")
    return {"owner": owner, "other": other, "tracks": tracks, "private": private.id, "public": public.id}


def test_owner_loads_a_private_playlist_in_order(session, world):
    state = load(on_page(session, PlaylistState, world["private"], world["owner"]))
    assert state.ready and not state.not_found
    assert state.playlist["name"] == "Night mix" and state.playlist["can_edit_details"] is True
    assert state.playlist["songs_text"] == "3 songs" and state.playlist["owner_url"] == "/user/owner"
    assert [i["id"] for i in state.items] == [t.id for t in world["tracks"]]


@pytest.mark.parametrize("who", [None, "other"])
def test_private_playlist_is_not_found_for_others(session, world, who):
    user = world[who] if who else None
    state = load(on_page(session, PlaylistState, world["private"], user))
    assert state.not_found and state.playlist == {} and state.items == []


@pytest.mark.parametrize("ref", ["999999", "abc", "-1"])
def test_unknown_or_malformed_ref_is_not_found(session, world, ref):
    state = load(on_page(session, PlaylistState, ref))
    assert state.not_found


def test_anonymous_reads_a_public_playlist_without_edit_rights(session, world):
    state = load(on_page(session, PlaylistState, world["public"]))
    assert state.ready and state.playlist["can_edit_tracks"] is False and state.playlist["can_delete"] is False
    assert len(state.items) == 2


def test_play_queues_the_server_side_order_with_playlist_source(session, world):
    state = on_page(session, PlaylistState, world["public"])
    spec = call(PlaylistState.play, state, 1)
    assert spec_name(spec).endswith("QueueState.play_list")
    args = spec_args(spec)
    assert args["track_ids"] == [t.id for t in world["tracks"][:2]]
    assert args["index"] == 1 and args["source"] == "playlist" and args["source_id"] == str(world["public"])


def test_play_of_a_private_playlist_by_a_stranger_queues_nothing(session, world):
    state = on_page(session, PlaylistState, world["private"], world["other"])
    assert call(PlaylistState.play, state, 0) is None
    assert state.error == "That playlist does not exist."


def test_owner_reorders_with_buttons_and_drag_and_drop(session, world):
    a, b, c = (t.id for t in world["tracks"])
    state = load(on_page(session, PlaylistState, world["private"], world["owner"]))
    first = state.items[0]["item_id"]
    call(PlaylistState.move_item, state, first, 2)
    assert order(session, world["private"]) == [b, c, a]
    assert [i["id"] for i in state.items] == [b, c, a]
    # Drag the last row (a) onto the first slot.
    call(PlaylistState.drag_start, state, state.items[2]["item_id"])
    call(PlaylistState.drop_at, state, 0)
    assert order(session, world["private"]) == [a, b, c]
    # A drop without a drag moves nothing.
    call(PlaylistState.drop_at, state, 2)
    assert order(session, world["private"]) == [a, b, c]


def test_stranger_cannot_reorder_or_remove(session, world):
    before = order(session, world["public"])
    owner_view = load(on_page(session, PlaylistState, world["public"], world["owner"]))
    item = owner_view.items[0]["item_id"]
    state = load(on_page(session, PlaylistState, world["public"], world["other"]))
    call(PlaylistState.move_item, state, item, 1)
    assert "Only the owner" in state.error
    call(PlaylistState.remove_item, state, item)
    assert "Only the owner" in state.error
    assert order(session, world["public"]) == before


def test_remove_item(session, world):
    state = load(on_page(session, PlaylistState, world["private"], world["owner"]))
    call(PlaylistState.remove_item, state, state.items[1]["item_id"])
    assert order(session, world["private"]) == [world["tracks"][0].id, world["tracks"][2].id]
    assert len(state.items) == 2 and state.error == ""


def test_follow_and_unfollow(session, world):
    state = load(on_page(session, PlaylistState, world["public"], world["other"]))
    call(PlaylistState.follow, state)
    assert state.playlist["is_following"] is True and state.playlist["follower_count"] == 1
    call(PlaylistState.unfollow, state)
    assert state.playlist["is_following"] is False
    assert session.exec(select(PlaylistFollow)).all() == []


def test_signed_out_follow_goes_to_sign_in(session, world):
    state = load(on_page(session, PlaylistState, world["public"]))
    assert is_sign_in_redirect(call(PlaylistState.follow, state))
    assert state.error == ""


def test_duplicate_opens_the_private_copy(session, world):
    state = on_page(session, PlaylistState, world["public"], world["other"])
    events = call(PlaylistState.duplicate, state)
    copy = session.exec(select(Playlist).where(Playlist.owner_id == world["other"].id)).one()
    assert copy.name == "Day mix (copy)" and copy.visibility == "private"
    assert any(spec_args(e).get("path") == routes.playlist_url(copy.id, copy.slug) for e in events)


# "Add to playlist".


def test_menu_lists_own_and_collaborative_playlists_only(session, world):
    theirs = factories.make_playlist(session, owner=world["other"], name="Shared", collaborative=True)
    followed = factories.make_playlist(session, owner=world["other"], name="Followed", visibility="public")
    session.add(PlaylistCollaborator(playlist_id=theirs.id, user_id=world["owner"].id))
    session.add(PlaylistFollow(playlist_id=followed.id, user_id=world["owner"].id))
    session.commit()
    state = on_page(session, AddToPlaylistState, world["public"], world["owner"])
    call(AddToPlaylistState.menu_opened, state, True)
    assert [c["name"] for c in state.choices] == ["Day mix", "Night mix", "Shared"]
    anonymous = on_page(session, AddToPlaylistState, world["public"])
    call(AddToPlaylistState.menu_opened, anonymous, True)
    assert anonymous.choices == [] and anonymous.signed_in is False


def test_add_to_own_playlist_and_refusal_for_someone_elses(session, world):
    song = world["tracks"][2].id
    state = on_page(session, AddToPlaylistState, world["public"], world["owner"])
    events = call(AddToPlaylistState.add, state, world["public"], song)
    assert order(session, world["public"])[-1] == song
    assert "Added to Day mix" in str(events)
    stranger = on_page(session, AddToPlaylistState, world["public"], world["other"])
    refused = call(AddToPlaylistState.add, stranger, world["public"], song)
    assert "Only the owner" in str(refused)
    hidden = call(AddToPlaylistState.add, stranger, world["private"], song)
    assert "does not exist" in str(hidden)
    assert order(session, world["private"]) == [t.id for t in world["tracks"]]


def test_add_to_new_playlist_is_named_after_the_song(session, world):
    song = world["tracks"][1]
    state = on_page(session, AddToPlaylistState, world["public"], world["other"])
    call(AddToPlaylistState.add_to_new, state, song.id, song.title)
    created = session.exec(select(Playlist).where(Playlist.owner_id == world["other"].id)).one()
    assert created.name == song.title and order(session, created.id) == [song.id]
    assert state.choices[0]["id"] == created.id


def test_signed_out_add_goes_to_sign_in(session, world):
    state = on_page(session, AddToPlaylistState, world["public"])
    assert is_sign_in_redirect(call(AddToPlaylistState.add_to_new, state, world["tracks"][0].id, "x"))
    assert is_sign_in_redirect(call(AddToPlaylistState.add, state, world["public"], world["tracks"][0].id))
    assert session.exec(select(Playlist).where(Playlist.name == "x")).all() == []


# Owner dialogs.


def test_owner_saves_details(session, world):
    state = on_page(session, PlaylistEditState, world["private"], world["owner"])
    call(PlaylistEditState.save_details, state,
         {"name": " Road trip ", "description": "Windows down", "visibility": "public", "collaborative": "on"})
    session.expire_all()
    row = session.get(Playlist, world["private"])
    saved = (row.name, row.description, row.visibility, row.collaborative)
    assert saved == ("Road trip", "Windows down", "public", True)
    assert state.error == "" and state.edit_open is False


def test_collaborator_cannot_rename_or_delete(session, world):
    session.add(PlaylistCollaborator(playlist_id=world["private"], user_id=world["other"].id))
    row = session.get(Playlist, world["private"])
    row.collaborative = True
    session.add(row)
    session.commit()
    state = on_page(session, PlaylistEditState, world["private"], world["other"])
    call(PlaylistEditState.save_details, state, {"name": "Mine now", "visibility": "public"})
    assert "Only the playlist's owner" in state.error
    call(PlaylistEditState.delete, state)
    assert "Only the playlist's owner" in state.error
    session.expire_all()
    assert session.get(Playlist, world["private"]).name == "Night mix"


def test_bad_name_shows_why(session, world):
    state = on_page(session, PlaylistEditState, world["private"], world["owner"])
    call(PlaylistEditState.save_details, state, {"name": "   "})
    assert state.error == "Give the playlist a name."


def test_collaborators_invite_and_remove(session, world):
    state = on_page(session, PlaylistEditState, world["private"], world["owner"])
    call(PlaylistEditState.add_collaborator, state, {"username": "other"})
    page = load(on_page(session, PlaylistState, world["private"], world["owner"]))
    assert [c["username"] for c in page.collaborators] == ["other"]
    call(PlaylistEditState.remove_collaborator, state, "other")
    assert session.exec(select(PlaylistCollaborator)).all() == []
    call(PlaylistEditState.add_collaborator, state, {"username": "nobody-here"})
    assert state.error == "There is no listener with that username."


def test_owner_deletes_then_lands_in_library(session, world):
    state = on_page(session, PlaylistEditState, world["private"], world["owner"])
    events = call(PlaylistEditState.delete, state)
    assert session.get(Playlist, world["private"]) is None
    assert any(spec_args(e).get("path") == routes.LIBRARY for e in events)


def test_admin_may_delete_but_not_edit(session, world):
    admin = factories.make_user(session, username="boss", role=Role.ADMIN)
    state = on_page(session, PlaylistEditState, world["public"], admin)
    call(PlaylistEditState.save_details, state, {"name": "Hijacked"})
    assert "Only the playlist's owner" in state.error
    call(PlaylistEditState.delete, state)
    assert session.get(Playlist, world["public"]) is None


def test_cover_upload_and_back_to_automatic(session, world, store):
    state = on_page(session, PlaylistEditState, world["private"], world["owner"])
    call(PlaylistEditState.upload_cover, state, Chunks(images.png()))
    session.expire_all()
    row = session.get(Playlist, world["private"])
    assert state.error == "" and row.cover_kind == "custom" and row.cover_key
    call(PlaylistEditState.use_automatic_cover, state)
    session.expire_all()
    assert session.get(Playlist, world["private"]).cover_kind != "custom"


def test_cover_upload_refuses_strangers_and_huge_files(session, world, store):
    from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES

    stranger = on_page(session, PlaylistEditState, world["public"], world["other"])
    call(PlaylistEditState.upload_cover, stranger, Chunks(images.png()))
    assert "Only the playlist's owner" in stranger.error
    owner = on_page(session, PlaylistEditState, world["public"], world["owner"])
    chunks = Chunks(b"\0" * (MAX_PICTURE_BYTES + 2 * 1024 * 1024), size=1024 * 1024)
    call(PlaylistEditState.upload_cover, owner, chunks)
    assert owner.error == TOO_BIG and chunks.read < len(chunks.parts)
    session.expire_all()
    assert session.get(Playlist, world["public"]).cover_kind != "custom"


# Browse.


def test_browse_lists_public_playlists_only(session, world):
    state = make_state(PlaylistsBrowseState, routes.PLAYLISTS, routes.PLAYLISTS)
    call(PlaylistsBrowseState.load, state)
    assert [p["name"] for p in state.playlists] == ["Day mix"] and state.total == 1
    assert state.tab == "popular"


def test_browse_by_artist_and_unknown_genre(session, world):
    from spoticlone.models import ArtistProfile

    slug = session.get(ArtistProfile, world["tracks"][0].artist_id).slug
    state = make_state(PlaylistsBrowseState, routes.PLAYLISTS, f"/playlists?artist={slug}", {"artist": slug})
    call(PlaylistsBrowseState.load, state)
    assert [p["name"] for p in state.playlists] == ["Day mix"] and state.tab == "artist"
    lonely = make_state(PlaylistsBrowseState, routes.PLAYLISTS, "/playlists?artist=x", {"artist": slug + "-none"})
    call(PlaylistsBrowseState.load, lonely)
    assert lonely.playlists == [] and lonely.error == "That artist does not exist."


def test_long_playlists_page_through_their_songs(session, world):
    from spoticlone.state.library.playlist import SHOWN_ITEMS

    owner = world["owner"]
    tracks = [factories.make_track(session, title=f"Long {i}") for i in range(SHOWN_ITEMS + 3)]
    long_id = factories.make_playlist(session, owner=owner, tracks=tracks, name="Everything").id
    ref = f"{long_id}-everything"
    state = make_state(PlaylistState, routes.PLAYLIST_ROUTE, f"/playlist/{ref}?page=2",
                       {"playlist_ref": ref, "page": "2"},
                       session_token=create_session(session, user_id=owner.id))
    load(state)
    assert state.page == 2 and state.pages == 2 and state.offset == SHOWN_ITEMS
    assert [i["id"] for i in state.items] == [t.id for t in tracks[SHOWN_ITEMS:]]

    # Rows speak in page positions; the playlist is addressed as a whole.
    assert spec_args(call(PlaylistState.play, state, 1))["index"] == SHOWN_ITEMS + 1
    first_here = state.items[0]
    call(PlaylistState.move_item, state, first_here["item_id"], -1)  # up, onto the previous page
    assert order(session, long_id).index(first_here["id"]) == SHOWN_ITEMS - 1
    assert state.page == 2 and state.items[0]["id"] == tracks[SHOWN_ITEMS - 1].id

    # Emptying the last page falls back to the page before.
    for item in list(state.items):
        call(PlaylistState.remove_item, state, item["item_id"])
    assert state.page == 1 and state.pages == 1 and len(state.items) == SHOWN_ITEMS


def test_a_nonsense_page_number_shows_the_first_page(session, world):
    ref = f"{world['public']}-day-mix"
    state = load(make_state(PlaylistState, routes.PLAYLIST_ROUTE, f"/playlist/{ref}?page=abc",
                            {"playlist_ref": ref, "page": "abc"}))
    assert state.page == 1 and len(state.items) == 2
