"""Liked songs, saved albums and the library overview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from spoticlone.models import TrackLike, TrackStatus, utcnow
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.library import collection, follows
from spoticlone.services.library.playlists import manage
from tests import factories


@pytest.fixture
def me(session):
    return factories.make_user(session, username="me")


def test_like_is_idempotent_and_listed_newest_first(session, me):
    songs = [factories.make_track(session, title=f"S{n}") for n in range(3)]
    for song in songs:
        collection.like_track(session, actor=me, track_id=song.id)
    collection.like_track(session, actor=me, track_id=songs[0].id)
    assert len(session.exec(select(TrackLike)).all()) == 3
    # Make the order unambiguous: the first like is the newest.
    first = session.exec(select(TrackLike).where(TrackLike.track_id == songs[0].id)).one()
    first.created_at = utcnow() + timedelta(minutes=1)
    session.commit()
    page = collection.liked_songs(session, actor=me, page_size=2)
    assert [t.id for t in page.items] == [songs[0].id, songs[2].id] and page.total == 3 and page.has_next
    collection.unlike_track(session, actor=me, track_id=songs[0].id)
    collection.unlike_track(session, actor=me, track_id=songs[0].id)
    assert collection.liked_songs(session, actor=me).total == 2


def test_like_refuses_drafts_unknown_and_anonymous(session, me):
    draft = factories.make_track(session, status=TrackStatus.DRAFT)
    for bad in (draft.id, 999_999, "1"):
        with pytest.raises(NotFound):
            collection.like_track(session, actor=me, track_id=bad)
    with pytest.raises(PermissionDenied):
        collection.like_track(session, actor=None, track_id=draft.id)
    assert session.exec(select(TrackLike)).all() == []


def test_liked_ids_uses_one_query(session, engine, me):
    songs = [factories.make_track(session) for _ in range(30)]
    for song in songs[::3]:
        collection.like_track(session, actor=me, track_id=song.id)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        liked = collection.liked_ids(session, actor=me, track_ids=[s.id for s in songs])
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert liked == {s.id for s in songs[::3]}
    assert len(statements) == 1
    assert collection.liked_ids(session, actor=None, track_ids=[songs[0].id]) == set()
    with pytest.raises(Invalid):
        collection.liked_ids(session, actor=me, track_ids=list(range(201)))


def test_saved_albums(session, me):
    album = factories.make_album(session, title="Kept")
    factories.make_track(session, album_id=album.id)
    empty = factories.make_album(session)
    collection.save_album(session, actor=me, album_id=album.id)
    collection.save_album(session, actor=me, album_id=album.id)
    with pytest.raises(NotFound):
        collection.save_album(session, actor=me, album_id=empty.id)
    assert [a.title for a in collection.saved_albums(session, actor=me).items] == ["Kept"]
    collection.unsave_album(session, actor=me, album_id=album.id)
    assert collection.saved_albums(session, actor=me).total == 0


def test_overview_sorts_and_filters(session, me):
    friend = factories.make_user(session, username="zed")
    mika = factories.make_artist(session, stage_name="Mika")
    album = factories.make_album(session, title="Blue Album", artist_id=mika.id)
    factories.make_track(session, album_id=album.id, artist_id=album.artist_id)
    artist = factories.make_artist(session, stage_name="Aurora")
    liked = factories.make_track(session)
    collection.save_album(session, actor=me, album_id=album.id)
    follows.follow_artist(session, actor=me, artist_id=artist.id)
    collection.like_track(session, actor=me, track_id=liked.id)
    manage.create_playlist(session, actor=me, name="Cardio")
    shared = factories.make_playlist(session, owner=friend, name="Team mix", collaborative=True)
    manage.add_collaborator(session, actor=friend, playlist_id=shared.id, username="me")
    followed = factories.make_playlist(session, owner=friend, name="Zed picks", visibility="public")
    manage.follow_playlist(session, actor=me, playlist_id=followed.id)
    factories.make_playlist(session, owner=friend, name="Zed secret")  # not mine in any way

    overview = collection.library_overview(session, actor=me, sort="name")
    assert overview.liked_count == 1
    assert [(i.kind, i.relation, i.title) for i in overview.items] == [
        ("artist", "followed", "Aurora"), ("album", "saved", "Blue Album"), ("playlist", "own", "Cardio"),
        ("playlist", "collaborative", "Team mix"), ("playlist", "followed", "Zed picks"),
    ]
    by_creator = collection.library_overview(session, actor=me, sort="creator").items
    assert [i.creator for i in by_creator] == ["Aurora", "me", "Mika", "zed", "zed"]
    followed = collection.library_overview(session, actor=me, kind="playlist", relation="followed")
    assert [i.title for i in followed.items] == ["Zed picks"]
    # Text matches the title or the creator, ignoring case.
    overview = collection.library_overview(session, actor=me, text="ZED")
    assert {i.title for i in overview.items} == {"Team mix", "Zed picks"}
    recent = collection.library_overview(session, actor=me, sort="recent", page_size=2)
    assert recent.total == 5 and len(recent.items) == 2
    for bad in ({"sort": "size"}, {"kind": "song"}, {"relation": "liked"}, {"text": "x" * 101}):
        with pytest.raises(Invalid):
            collection.library_overview(session, actor=me, **bad)
    with pytest.raises(PermissionDenied):
        collection.library_overview(session, actor=None)


def test_a_like_and_its_event_commit_together_and_a_repeat_emits_nothing(session, me):
    """``TRACK_LIKED`` runs in the like's transaction: a failing subscriber undoes the like."""
    from spoticlone.models import ArtistFollow
    from spoticlone.services.core import events

    song = factories.make_track(session, title="Once")
    heard: list[dict] = []

    def broken(_session, **_payload):
        raise RuntimeError("plugin down")

    events.subscribe(events.TRACK_LIKED, "test.broken", broken)
    try:
        with pytest.raises(RuntimeError):
            collection.like_track(session, actor=me, track_id=song.id)
    finally:
        events.unsubscribe(events.TRACK_LIKED, "test.broken")
    session.rollback()
    assert session.exec(select(TrackLike)).all() == []

    events.subscribe(events.TRACK_LIKED, "test.heard", lambda _session, **payload: heard.append(payload))
    events.subscribe(events.USER_FOLLOWED, "test.heard", lambda _session, **payload: heard.append(payload))
    try:
        collection.like_track(session, actor=me, track_id=song.id)
        collection.like_track(session, actor=me, track_id=song.id)
        follows.follow_artist(session, actor=me, artist_id=song.artist_id)
        follows.follow_artist(session, actor=me, artist_id=song.artist_id)
    finally:
        events.unsubscribe(events.TRACK_LIKED, "test.heard")
        events.unsubscribe(events.USER_FOLLOWED, "test.heard")
    assert [h.get("track_id", h.get("artist_id")) for h in heard] == [song.id, song.artist_id]
    assert len(session.exec(select(TrackLike)).all()) == 1 and len(session.exec(select(ArtistFollow)).all()) == 1


def test_a_row_already_there_is_a_quiet_no(session, me):
    """Two tabs liking at once: the unique constraint decides, the second changes and emits nothing."""
    from spoticlone.services.core import events
    from spoticlone.services.library.once import insert_once

    song = factories.make_track(session, title="Twice")
    heard: list[dict] = []
    events.subscribe(events.TRACK_LIKED, "test.heard", lambda _session, **payload: heard.append(payload))
    try:
        assert insert_once(session, TrackLike(user_id=me.id, track_id=song.id), events.TRACK_LIKED, track_id=song.id)
        assert not insert_once(session, TrackLike(user_id=me.id, track_id=song.id), events.TRACK_LIKED,
                               track_id=song.id)
    finally:
        events.unsubscribe(events.TRACK_LIKED, "test.heard")
    assert heard == [{"track_id": song.id}] and len(session.exec(select(TrackLike)).all()) == 1
