"""Hidden playlists and profiles: closed to everyone but admins, back as they were on restore."""

from __future__ import annotations

import pytest

from spoticlone.models import Playlist, PlaylistVisibility, Role
from spoticlone.services.accounts import profiles
from spoticlone.services.core.errors import NotFound
from spoticlone.services.library.playlists import browse as playlist_browse, tracks as playlist_tracks
from spoticlone.services.moderation import counter_notice, queue
from tests import factories


@pytest.fixture
def people(session):
    return dict(
        admin=factories.make_user(session, username="root", email="root@example.test", role=Role.ADMIN),
        owner=factories.make_user(session, username="maker", email="maker@example.test"),
        friend=factories.make_user(session, username="friend", email="friend@example.test"),
    )


def _public_ids(session, actor) -> list[int]:
    return [p.id for p in playlist_browse.browse_playlists(session, actor=actor).items]


def test_a_hidden_playlist_is_closed_to_all_but_admins_and_comes_back_public(session, people):
    song = factories.make_track(session, title="Cover Me")
    playlist = factories.make_playlist(session, owner=people["owner"], tracks=[song], name="Loud",
                                       visibility=PlaylistVisibility.PUBLIC)
    assert playlist.id in _public_ids(session, people["friend"])
    queue.hide(session, actor=people["admin"], target_type="playlist", target_id=playlist.id)

    for actor in (None, people["friend"], people["owner"]):
        with pytest.raises(NotFound):
            playlist_tracks.playlist_detail(session, actor=actor, playlist_id=playlist.id)
    assert playlist.id not in _public_ids(session, people["friend"])
    assert playlist_tracks.playlist_detail(session, actor=people["admin"], playlist_id=playlist.id).total == 1
    notice = counter_notice.notice_for(session, actor=people["owner"], target_type="playlist",
                                       target_id=playlist.id)
    assert notice.is_owner and notice.message == "This playlist is unavailable following a report."

    queue.restore(session, actor=people["admin"], target_type="playlist", target_id=playlist.id)
    assert session.get(Playlist, playlist.id).visibility == PlaylistVisibility.PUBLIC
    assert playlist_tracks.playlist_detail(session, actor=people["friend"], playlist_id=playlist.id).total == 1
    assert playlist.id in _public_ids(session, people["friend"])


def test_a_private_playlist_stays_private_after_restore(session, people):
    playlist = factories.make_playlist(session, owner=people["owner"], name="Diary")
    queue.hide(session, actor=people["admin"], target_type="playlist", target_id=playlist.id)
    queue.restore(session, actor=people["admin"], target_type="playlist", target_id=playlist.id)
    assert session.get(Playlist, playlist.id).visibility == PlaylistVisibility.PRIVATE
    assert playlist_tracks.playlist_detail(session, actor=people["owner"], playlist_id=playlist.id).total == 0


def test_a_hidden_profile_shows_a_notice_and_its_owner_may_answer(session, people):
    assert profiles.public_profile(session, "maker").username == "maker"
    queue.hide(session, actor=people["admin"], target_type="profile", target_id=people["owner"].id)
    with pytest.raises(NotFound):
        profiles.public_profile(session, "maker")
    assert counter_notice.profile_notice(session, actor=people["friend"], username="maker").is_owner is False
    mine = counter_notice.profile_notice(session, actor=people["owner"], username="Maker")
    assert mine.is_owner and mine.target_id == people["owner"].id
    assert counter_notice.profile_notice(session, actor=None, username="nobody") is None
    queue.restore(session, actor=people["admin"], target_type="profile", target_id=people["owner"].id)
    assert profiles.public_profile(session, "maker").username == "maker"
