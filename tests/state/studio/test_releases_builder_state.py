"""The album builder's extra panels without a browser: drag-and-drop order, cover, featured artists."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.models import Album, Role, TrackFeaturedArtist, TrackStatus
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES, TOO_BIG
from spoticlone.services.studio import releases
from spoticlone.state.studio.builder_tracks import BuilderTracksState as B
from spoticlone.state.studio.covers import CoverState as C
from spoticlone.state.studio.featured import FeaturedState as F
from spoticlone.state.studio.releases import StudioState as S
from spoticlone.testing.driver import call
from tests import factories, images
from tests.state.conftest import make_state
from tests.state.uploads import Chunks


@pytest.fixture
def world(session, store):
    owner = factories.make_user(session, username="owner", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    tag_key = store.put_bytes("covers", "jpg", images.png(40, 40))
    tracks = [factories.make_track(session, title=f"Demo {i}", artist_id=artist.id, status=TrackStatus.DRAFT,
                                   cover_key=tag_key if i == 3 else None) for i in (1, 2, 3)]
    album = releases.create_release(session, actor=owner, title="Night Swim", track_ids=[t.id for t in tracks])
    covers_none = session.get(Album, album.id)
    covers_none.cover_key = None  # start without a cover, so picking one is visible
    session.add(covers_none)
    session.commit()
    other = factories.make_user(session, username="other", role=Role.ARTIST)
    factories.make_artist(session, stage_name="Someone Else", user_id=other.id)
    guest = factories.make_artist(session, stage_name="Kite Runner")
    return dict(owner=owner, other=other, album_id=album.id, ids=[t.id for t in tracks], guest=guest.id,
                tag_key=tag_key)


def builder(session, user, album_id):
    """The page's state loaded on ``?release=album_id``, and its siblings in the same tree."""
    token = create_session(session, user_id=user.id)
    state = make_state(S, routes.STUDIO, f"{routes.STUDIO}?release={album_id}", {"release": str(album_id)},
                       session_token=token)
    call(S.load, state)
    root = state.parent_state
    return state, *(root.get_substate(cls.get_full_name().split(".")) for cls in (B, C, F))


def test_a_drag_saves_the_new_order_and_junk_orders_change_nothing(session, world):
    state, rows, _, _ = builder(session, world["owner"], world["album_id"])
    d1, d2, d3 = world["ids"]
    call(B.reorder, rows, [d3, d1, d2])
    assert [t["id"] for t in state.tracks] == [d3, d1, d2] and state.notice == "New order saved."
    assert [t["number"] for t in state.tracks] == [1, 2, 3]
    for junk in ([d1, d2], [d1, d1, d2], [d1, d2, 999], "d1,d2,d3", [True, d2, d3], list(range(500))):
        call(B.reorder, rows, junk)
        assert [t["id"] for t in state.tracks] == [d3, d1, d2]
    again, *_ = builder(session, world["owner"], world["album_id"])
    assert [t["id"] for t in again.tracks] == [d3, d1, d2]


def test_a_forged_reorder_of_someone_elses_release_is_refused(session, world):
    state, rows, _, _ = builder(session, world["other"], world["album_id"])
    state.release_id, state.tracks = world["album_id"], [{"id": i, "title": "x"} for i in world["ids"]]
    call(B.reorder, rows, list(reversed(world["ids"])))
    assert state.error == "That release does not exist."
    session.expire_all()
    assert [t.id for t in releases.album_tracks(session, world["album_id"])] == world["ids"]


def test_upload_a_cover_then_pick_the_songs_one_then_remove_it(session, world, store):
    state, _, cover, _ = builder(session, world["owner"], world["album_id"])
    assert state.release["cover_url"] == "" and [c["track_id"] for c in state.tag_covers] == [world["ids"][2]]
    call(C.upload, cover, Chunks(images.png(200, 120)))
    assert cover.error == "" and state.release["cover_url"] and state.notice == "New cover saved."
    call(C.use_track, cover, world["ids"][2])
    assert state.release["cover_url"].endswith(world["tag_key"]) and state.tag_covers == []
    call(C.remove, cover)
    session.expire_all()
    assert state.release["cover_url"] == "" and session.get(Album, world["album_id"]).cover_key is None


def test_cover_refusals_show_in_the_panel(session, world, store):
    _page, _, cover, _ = builder(session, world["owner"], world["album_id"])
    call(C.upload, cover, Chunks(b"MZ\x90\x00 an executable"))
    assert cover.error.startswith("This picture could not be read")
    chunks = Chunks(b"\0" * (MAX_PICTURE_BYTES + 2 * 1024 * 1024), size=1024 * 1024)
    call(C.upload, cover, chunks)
    assert cover.error == TOO_BIG and chunks.read < len(chunks.parts)
    call(C.use_track, cover, world["ids"][0])
    assert cover.error.startswith("That song has no cover picture")
    session.expire_all()
    assert session.get(Album, world["album_id"]).cover_key is None
    stranger, _, their_cover, _ = builder(session, world["other"], world["album_id"])
    stranger.release_id = world["album_id"]  # a forged event
    call(C.upload, their_cover, Chunks(images.png()))
    assert their_cover.error == "That release does not exist."


def test_find_and_feature_an_artist_then_remove_them(session, world):
    state, _, _, feat = builder(session, world["owner"], world["album_id"])
    track_id = world["ids"][0]
    call(F.open_for, feat, track_id)
    assert feat.track_id == track_id
    call(F.search, feat, {"q": "kite"})
    assert [r["name"] for r in feat.results] == ["Kite Runner"]
    call(F.add, feat, world["guest"])
    assert feat.error == "" and state.tracks[0]["featured"] == [{"id": world["guest"], "name": "Kite Runner"}]
    call(F.open_for, feat, track_id)
    call(F.add, feat, world["guest"])
    assert feat.error == "Kite Runner is already featured on this song."
    call(F.search, feat, {"q": "nobody like this"})
    assert feat.results == [] and feat.searched
    call(F.remove, feat, track_id, world["guest"])
    assert state.tracks[0]["featured"] == [] and session.get(TrackFeaturedArtist, (track_id, world["guest"])) is None


def test_featured_ignores_songs_not_in_the_builder_and_refuses_strangers(session, world):
    _, _, _, feat = builder(session, world["owner"], world["album_id"])
    call(F.open_for, feat, 999_999)
    assert feat.track_id == 0
    stranger, _, _, their_feat = builder(session, world["other"], world["album_id"])
    stranger.tracks = [{"id": world["ids"][0], "title": "x"}]  # a forged page
    stranger.release_id = world["album_id"]
    call(F.open_for, their_feat, world["ids"][0])
    call(F.add, their_feat, world["guest"])
    assert their_feat.error == "That song does not exist."
    session.expire_all()
    assert session.get(TrackFeaturedArtist, (world["ids"][0], world["guest"])) is None


def test_reload_shows_a_songs_new_length_and_keeps_typed_fields(session, world):
    """What the upload script's ``#sc-st-reload`` does once a song's new audio is in place."""
    from spoticlone.models import Track

    state, rows, _, _ = builder(session, world["owner"], world["album_id"])
    version = state.form_version
    song = session.get(Track, world["ids"][0])
    song.duration_ms = 8_000  # what replacing the audio leaves in the database
    session.add(song)
    session.commit()
    assert state.tracks[0]["duration"] != "0:08"
    call(B.reload, rows)
    assert state.tracks[0]["duration"] == "0:08" and state.error == ""
    assert state.form_version == version  # inputs are not redrawn: nothing typed is lost


def test_reload_of_someone_elses_release_shows_nothing_of_it(session, world):
    state, rows, _, _ = builder(session, world["other"], world["album_id"])
    state.release_id, state.tracks = world["album_id"], []
    call(B.reload, rows)
    assert state.error == "That release does not exist." and state.tracks == []
