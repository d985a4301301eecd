"""Playlist rules in the service layer: details, tracks, covers, collaborators, follows, browse."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import select

from spoticlone.models import Playlist, PlaylistTrack, Role, TrackFeaturedArtist, TrackStatus
from spoticlone.services.core.errors import AlreadyInPlaylist, Conflict, Invalid, NotFound, PermissionDenied
from spoticlone.services.library.dto import playlist_url
from spoticlone.services.library.playlists import browse, manage, tracks as playlists_tracks
from tests import factories


def _png(color) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def owner(session):
    return factories.make_user(session, username="owner")


@pytest.fixture
def other(session):
    return factories.make_user(session, username="other")


@pytest.fixture
def tracks(session):
    return [factories.make_track(session, title=f"Song {n}") for n in range(5)]


def positions(session, playlist_id):
    session.expire_all()
    rows = session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == playlist_id)
                        .order_by(PlaylistTrack.position)).all()
    return [(r.position, r.track_id) for r in rows]


def test_create_trims_and_validates(session, owner):
    out = manage.create_playlist(session, actor=owner, name="  Road   trip  ", description=" for the car ")
    shown = (out.name, out.description, out.visibility, out.collaborative)
    assert shown == ("Road trip", "for the car", "private", False)
    assert out.url == playlist_url(out.id, "road-trip") == f"/playlist/{out.id}-road-trip"
    assert out.can_edit_details and out.can_delete
    for bad in ("", "   ", "x" * 101):
        with pytest.raises(Invalid):
            manage.create_playlist(session, actor=owner, name=bad)
    with pytest.raises(Invalid, match="300"):
        manage.create_playlist(session, actor=owner, name="ok", description="d" * 301)
    with pytest.raises(Invalid):
        manage.create_playlist(session, actor=owner, name="ok", visibility="friends")
    with pytest.raises(PermissionDenied):
        manage.create_playlist(session, actor=None, name="anon")
    assert len(session.exec(select(Playlist)).all()) == 1


def test_update_changes_only_valid_input(session, owner):
    pl = manage.create_playlist(session, actor=owner, name="Old")
    out = manage.update_playlist(session, actor=owner, playlist_id=pl.id, name="New name",
                                    description="Fresh", visibility="public", collaborative=True)
    assert (out.name, out.slug, out.description, out.visibility, out.collaborative) == (
        "New name", "new-name", "Fresh", "public", True)
    with pytest.raises(Invalid):
        manage.update_playlist(session, actor=owner, playlist_id=pl.id, name="Good", visibility="nope")
    assert manage.get_playlist(session, actor=owner, playlist_id=pl.id).name == "New name"


def test_private_playlists_are_invisible_to_others(session, owner, other):
    pl = factories.make_playlist(session, owner=owner)
    for actor in (other, None):
        with pytest.raises(NotFound):
            manage.get_playlist(session, actor=actor, playlist_id=pl.id)
        with pytest.raises(NotFound):
            manage.update_playlist(session, actor=actor, playlist_id=pl.id, name="Hacked")
    admin = factories.make_user(session, role=Role.ADMIN)
    assert manage.get_playlist(session, actor=admin, playlist_id=pl.id).can_delete
    with pytest.raises(PermissionDenied):
        manage.update_playlist(session, actor=admin, playlist_id=pl.id, name="Moderated")
    manage.delete_playlist(session, actor=admin, playlist_id=pl.id)
    assert session.get(Playlist, pl.id) is None


def test_add_remove_reorder_keep_positions_dense(session, owner, tracks, store):
    pl = factories.make_playlist(session, owner=owner)
    a, b, c, _, _ = tracks
    playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id, track_ids=[a.id, b.id, a.id], store=store)
    detail = playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id, track_ids=[c.id], store=store)
    assert [i.track.id for i in detail.items] == [a.id, b.id, a.id, c.id]  # duplicates allowed
    assert detail.items[0].added_by == "owner"
    second_a = detail.items[2].item_id
    playlists_tracks.remove_item(session, actor=owner, playlist_id=pl.id, item_id=second_a, store=store)
    assert positions(session, pl.id) == [(0, a.id), (1, b.id), (2, c.id)]
    first = positions(session, pl.id)
    items = playlists_tracks.playlist_detail(session, actor=owner, playlist_id=pl.id).items
    playlists_tracks.move_item(
        session, actor=owner, playlist_id=pl.id, item_id=items[2].item_id, to_position=0, store=store
    )
    assert positions(session, pl.id) == [(0, c.id), (1, a.id), (2, b.id)]
    playlists_tracks.move_item(
        session, actor=owner, playlist_id=pl.id, item_id=items[2].item_id, to_position=99, store=store
    )
    assert positions(session, pl.id) == [(0, a.id), (1, b.id), (2, c.id)] == first
    playlists_tracks.move_item(
        session, actor=owner, playlist_id=pl.id, item_id=items[0].item_id, to_position=1, store=store
    )
    assert positions(session, pl.id) == [(0, b.id), (1, a.id), (2, c.id)]
    assert playlists_tracks.queue_track_ids(session, actor=owner, playlist_id=pl.id) == [b.id, a.id, c.id]
    with pytest.raises(Invalid):
        playlists_tracks.move_item(session, actor=owner, playlist_id=pl.id, item_id=items[0].item_id, to_position=-1)


def test_add_is_all_or_nothing_and_published_only(session, owner, tracks, store):
    pl = factories.make_playlist(session, owner=owner)
    draft = factories.make_track(session, status=TrackStatus.DRAFT)
    for bad in ([tracks[0].id, draft.id], [tracks[0].id, 999_999]):
        with pytest.raises(NotFound):
            playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id, track_ids=bad, store=store)
    for bad in ([], ["1"], [True], list(range(1, 102))):
        with pytest.raises(Invalid):
            playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id, track_ids=bad, store=store)
    assert positions(session, pl.id) == []


def test_a_song_already_in_the_playlist_needs_allow_duplicate(session, owner, tracks, store):
    pl = factories.make_playlist(session, owner=owner, tracks=[tracks[0]])
    with pytest.raises(AlreadyInPlaylist) as refused:
        playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id, track_ids=[tracks[0].id], store=store)
    assert isinstance(refused.value, Conflict) and refused.value.track_ids == [tracks[0].id]
    assert refused.value.message == "This song is already in this playlist."
    with pytest.raises(AlreadyInPlaylist) as several:  # all or nothing: the new song is not added either
        playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id,
                                   track_ids=[tracks[1].id, tracks[0].id], store=store)
    assert several.value.track_ids == [tracks[0].id]
    assert positions(session, pl.id) == [(0, tracks[0].id)]
    detail = playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id, track_ids=[tracks[0].id],
                                        allow_duplicate=True, store=store)
    assert [i.track.id for i in detail.items] == [tracks[0].id, tracks[0].id]


def test_item_of_another_playlist_is_not_found(session, owner, tracks, store):
    mine = factories.make_playlist(session, owner=owner, tracks=tracks[:2])
    theirs = factories.make_playlist(session, owner=owner, tracks=tracks[:2])
    foreign = session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == theirs.id)).first()
    with pytest.raises(NotFound):
        playlists_tracks.remove_item(session, actor=owner, playlist_id=mine.id, item_id=foreign.id, store=store)
    assert len(positions(session, theirs.id)) == 2


def test_collaborators_edit_tracks_but_not_details(session, owner, other, tracks, store):
    pl = factories.make_playlist(session, owner=owner, collaborative=True, tracks=tracks[:1])
    # Not invited yet: the private playlist does not exist for them.
    with pytest.raises(NotFound):
        playlists_tracks.add_tracks(session, actor=other, playlist_id=pl.id, track_ids=[tracks[1].id], store=store)
    refs = manage.add_collaborator(session, actor=owner, playlist_id=pl.id, username="other")
    assert [r.username for r in refs] == ["other"]
    manage.add_collaborator(session, actor=owner, playlist_id=pl.id, username="other")  # idempotent
    detail = playlists_tracks.add_tracks(session, actor=other, playlist_id=pl.id, track_ids=[tracks[1].id], store=store)
    assert detail.items[-1].added_by == "other" and detail.playlist.can_edit_tracks
    assert not detail.playlist.can_edit_details
    for call in (
        lambda: manage.update_playlist(session, actor=other, playlist_id=pl.id, name="Mine now"),
        lambda: manage.update_playlist(session, actor=other, playlist_id=pl.id, description="x"),
        lambda: manage.update_playlist(session, actor=other, playlist_id=pl.id, visibility="public"),
        lambda: manage.delete_playlist(session, actor=other, playlist_id=pl.id),
        lambda: manage.set_cover(session, actor=other, playlist_id=pl.id, image_bytes=_png("red"), store=store),
        lambda: manage.add_collaborator(session, actor=other, playlist_id=pl.id, username="owner"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    # Turning collaboration off suspends the invitation (and hides the private playlist).
    manage.update_playlist(session, actor=owner, playlist_id=pl.id, collaborative=False)
    with pytest.raises(NotFound):
        manage.get_playlist(session, actor=other, playlist_id=pl.id)
    with pytest.raises(Invalid):
        manage.add_collaborator(session, actor=owner, playlist_id=pl.id, username="owner")
    with pytest.raises(NotFound):
        manage.add_collaborator(session, actor=owner, playlist_id=pl.id, username="nobody")
    assert manage.remove_collaborator(session, actor=owner, playlist_id=pl.id, username="other") == []


def test_duplicate_needs_a_readable_source_and_is_private(session, owner, other, tracks, store):
    private = factories.make_playlist(session, owner=owner, tracks=tracks[:3])
    with pytest.raises(NotFound):
        manage.duplicate_playlist(session, actor=other, playlist_id=private.id, store=store)
    draft = factories.make_track(session, status=TrackStatus.DRAFT)
    public = factories.make_playlist(session, owner=owner, tracks=[tracks[0], draft, tracks[1], tracks[2]],
                                     visibility="public", name="Hits")
    copy = manage.duplicate_playlist(session, actor=other, playlist_id=public.id, store=store)
    assert (copy.owner.username, copy.visibility, copy.name, copy.track_count) == ("other", "private", "Hits (copy)", 3)
    # The hidden draft is not copied, and positions are dense again.
    assert positions(session, copy.id) == [(n, t.id) for n, t in enumerate(tracks[:3])]


def test_follow_rules_and_follower_count(session, owner, other):
    public = factories.make_playlist(session, owner=owner, visibility="public")
    private = factories.make_playlist(session, owner=owner)
    out = manage.follow_playlist(session, actor=other, playlist_id=public.id)
    manage.follow_playlist(session, actor=other, playlist_id=public.id)
    assert (out.is_following, out.follower_count) == (True, 1)
    with pytest.raises(Invalid):
        manage.follow_playlist(session, actor=owner, playlist_id=public.id)
    with pytest.raises(NotFound):
        manage.follow_playlist(session, actor=other, playlist_id=private.id)
    with pytest.raises(PermissionDenied):
        manage.follow_playlist(session, actor=None, playlist_id=public.id)
    manage.unfollow_playlist(session, actor=other, playlist_id=public.id)
    manage.unfollow_playlist(session, actor=other, playlist_id=public.id)
    manage.unfollow_playlist(session, actor=other, playlist_id=999_999)  # same answer: ids cannot be probed
    assert manage.get_playlist(session, actor=other, playlist_id=public.id).follower_count == 0


def test_cover_upload_and_automatic_mosaic(session, owner, store):
    colors = ["red", "green", "blue", "yellow", "white"]
    albums = [factories.make_album(session, cover_key=store.put_bytes("covers", "png", _png(c))) for c in colors]
    songs = [factories.make_track(session, album_id=a.id) for a in albums]
    pl = factories.make_playlist(session, owner=owner)
    one = playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id, track_ids=[songs[0].id], store=store)
    assert one.playlist.cover_url.endswith(albums[0].cover_key)  # one cover: borrowed
    four = playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id,
                                      track_ids=[songs[0].id, songs[1].id, songs[2].id, songs[3].id],
                                      allow_duplicate=True, store=store)
    mosaic_key = session.get(Playlist, pl.id).cover_key
    assert session.get(Playlist, pl.id).cover_kind == "mosaic" and store.exists(mosaic_key)
    with Image.open(store.path(mosaic_key)) as img:
        assert img.size == (600, 600)
        assert img.getpixel((150, 150))[0] > 200 and img.getpixel((450, 150))[1] > 100  # red, green tiles
    # Adding a fifth cover at the end changes nothing: the first four are the same.
    playlists_tracks.add_tracks(session, actor=owner, playlist_id=pl.id, track_ids=[songs[4].id], store=store)
    assert session.get(Playlist, pl.id).cover_key == mosaic_key
    # Moving the fifth to the front rebuilds it and deletes the old file.
    last = four.items[-1].item_id
    items = playlists_tracks.playlist_detail(session, actor=owner, playlist_id=pl.id).items
    playlists_tracks.move_item(
        session, actor=owner, playlist_id=pl.id, item_id=items[-1].item_id, to_position=0, store=store
    )
    new_key = session.get(Playlist, pl.id).cover_key
    assert new_key != mosaic_key and not store.exists(mosaic_key) and last
    # An uploaded cover wins and stays when tracks change.
    out = manage.set_cover(session, actor=owner, playlist_id=pl.id, image_bytes=_png("black"), store=store)
    custom = session.get(Playlist, pl.id).cover_key
    assert out.cover_url.endswith(custom) and not store.exists(new_key)
    playlists_tracks.remove_item(session, actor=owner, playlist_id=pl.id, item_id=items[0].item_id, store=store)
    assert session.get(Playlist, pl.id).cover_key == custom
    with pytest.raises(Invalid):
        manage.set_cover(session, actor=owner, playlist_id=pl.id, image_bytes=b"not an image", store=store)
    assert session.get(Playlist, pl.id).cover_key == custom
    manage.clear_cover(session, actor=owner, playlist_id=pl.id, store=store)
    rebuilt = session.get(Playlist, pl.id).cover_key
    assert session.get(Playlist, pl.id).cover_kind == "mosaic" and not store.exists(custom)
    # Deleting the playlist deletes its generated file, never an album's cover.
    manage.delete_playlist(session, actor=owner, playlist_id=pl.id, store=store)
    assert not store.exists(rebuilt) and all(store.exists(a.cover_key) for a in albums)


def test_browse_by_genre_artist_and_popularity(session, owner, other):
    rock, jazz = factories.make_genre(session, name="Rock"), factories.make_genre(session, name="Jazz")
    star = factories.make_artist(session, stage_name="Star")
    rock_songs = [factories.make_track(session, genre_id=rock.id) for _ in range(4)]
    jazz_song = factories.make_track(session, genre_id=jazz.id, artist_id=star.id)
    guest_song = factories.make_track(session, genre_id=rock.id)
    session.add(TrackFeaturedArtist(track_id=guest_song.id, artist_id=star.id))
    session.commit()
    mostly_rock = factories.make_playlist(session, owner=owner, visibility="public", tracks=[*rock_songs, jazz_song])
    jazzy = factories.make_playlist(session, owner=owner, visibility="public", tracks=[jazz_song, rock_songs[0]])
    featuring = factories.make_playlist(session, owner=owner, visibility="public", tracks=[guest_song])
    factories.make_playlist(session, owner=owner, tracks=[jazz_song])  # private: never listed
    factories.make_playlist(session, owner=owner, visibility="public")  # empty: nothing to offer, never listed
    draft = factories.make_track(session, status=TrackStatus.DRAFT)
    factories.make_playlist(session, owner=other, visibility="public", tracks=[draft])  # nothing playable

    def ids(**kw):
        return [p.id for p in browse.browse_playlists(session, actor=None, **kw).items]

    assert set(ids(genre="rock")) == {mostly_rock.id, jazzy.id, featuring.id}
    assert ids(genre="jazz") == [jazzy.id]  # 1 of 5 (20 %) is below the 25 % share
    assert set(ids(artist="star")) == {mostly_rock.id, jazzy.id, featuring.id}
    manage.follow_playlist(session, actor=other, playlist_id=featuring.id)
    session.get(Playlist, jazzy.id).play_count = 5
    session.commit()
    assert ids(order="popular") == [featuring.id, jazzy.id, mostly_rock.id]
    assert ids(order="newest")[0] == featuring.id
    assert set(ids(order="newest")) == {mostly_rock.id, jazzy.id, featuring.id}
    with pytest.raises(NotFound):
        ids(genre="polka")
    with pytest.raises(Invalid):
        ids(order="random")


def test_a_listeners_playlists_show_what_the_viewer_may_see(session, owner, other):
    factories.make_playlist(session, owner=owner, visibility="public", name="Open")
    factories.make_playlist(session, owner=owner, name="Closed")
    shared = factories.make_playlist(session, owner=owner, name="Shared", collaborative=True)
    manage.add_collaborator(session, actor=owner, playlist_id=shared.id, username="other")
    suspended_invite = factories.make_playlist(session, owner=owner, name="Was shared")
    manage.add_collaborator(session, actor=owner, playlist_id=suspended_invite.id, username="other")

    def names(actor):
        return {p.name for p in manage.user_playlists(session, actor=actor, username="owner")}

    assert names(None) == {"Open"}
    assert names(other) == {"Open", "Shared"}  # "Was shared" is not collaborative
    assert names(owner) == {"Open", "Closed", "Shared", "Was shared"}
    assert names(factories.make_user(session, role=Role.ADMIN)) == names(owner)
    with pytest.raises(NotFound):
        manage.get_playlist(session, actor=owner, playlist_id=True)
