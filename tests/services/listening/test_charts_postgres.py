"""Charts, their aggregate upsert, browsing and the library on PostgreSQL (dialect-specific SQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spoticlone.models import PlayEvent
from spoticlone.services.library import collection, ratings
from spoticlone.services.library.playlists import browse, manage
from spoticlone.services.listening import charts, plays
from tests import factories

pytestmark = pytest.mark.postgres


def test_charts_and_library_on_postgres(pg_session, store):
    session = pg_session
    user = factories.make_user(session)
    genre = factories.make_genre(session)
    song = factories.make_track(session, genre_id=genre.id, duration_ms=8_000)
    other = factories.make_track(session)
    play_id = plays.start_play(session, track_id=song.id, source="playlist", source_id="999999", user_id=user.id)
    plays.report_progress(session, play_id=play_id, ms_played=4_000, user_id=user.id)  # the upsert hook
    session.add(PlayEvent(track_id=other.id, anonymous_session="p" * 20, counted=True,
                          started_at=datetime.now(UTC)))
    session.commit()
    collection.like_track(session, actor=user, track_id=other.id)
    assert collection.liked_ids(session, actor=user, track_ids=[song.id, other.id, other.id]) == {other.id}
    rated = ratings.rate(session, actor=user, target="track", target_id=song.id, stars=5)
    assert (rated.average, rated.count, rated.mine) == (5.0, 1, 5)
    seen = ratings.rating_summary(session, actor=None, target="track", target_id=song.id)  # a NULL asker
    assert (seen.average, seen.count, seen.mine) == (5.0, 1, None)
    week = charts.chart(session, kind="tracks", period="week")
    # The hand-made event is not aggregated yet: other has only its like (3).
    assert [(e.track.id, e.score) for e in week.entries] == [(song.id, 5.0), (other.id, 3.0)]
    assert charts.rebuild_daily(session) == 2
    week = charts.chart(session, kind="tracks", period="week")
    assert [(e.track.id, e.score) for e in week.entries] == [(song.id, 5.0), (other.id, 4.0)]
    assert charts.chart(session, kind="artists", period="all", genre=genre.slug).entries[0].artist.id == song.artist_id
    assert charts.chart(session, kind="albums", period="all").entries == []
    assert charts.artist_rank(session, artist_id=other.artist_id, period="all").rank == 2
    pl = manage.create_playlist(session, actor=user, name="PG", visibility="public")
    from spoticlone.services.library.playlists import tracks

    tracks.add_tracks(session, actor=user, playlist_id=pl.id, track_ids=[song.id], store=store)
    browsed = browse.browse_playlists(session, actor=None, genre=genre.slug)
    assert [p.id for p in browsed.items] == [pl.id]
    assert collection.library_overview(session, actor=user).liked_count == 1
