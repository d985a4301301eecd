"""A play started from a page opened by a share link counts under "Share link" in artist analytics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import PlayEvent, PlaySource, Role
from spoticlone.services.core.errors import Invalid
from spoticlone.services.listening import plays
from spoticlone.services.studio import analytics
from tests import factories


def test_share_plays_have_their_own_source_label(session):
    user = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, user_id=user.id)
    song = factories.make_track(session, artist_id=artist.id, duration_ms=200_000)
    listener = factories.make_user(session)
    for source in ("share", "album"):
        play_id = plays.start_play(session, track_id=song.id, source=source, source_id="7", user_id=listener.id)
        event = session.get(PlayEvent, play_id)
        event.started_at = datetime.now(UTC) - timedelta(minutes=10)
        session.commit()
        plays.report_progress(session, play_id=play_id, ms_played=60_000, user_id=listener.id)
    assert {e.source for e in session.exec(select(PlayEvent))} == {PlaySource.SHARE, PlaySource.ALBUM}

    report = analytics.artist_analytics(session, actor=user, period="7d")
    by_label = {s.label: s.plays for s in report.sources}
    assert by_label["Share link"] == 1 and by_label["Album"] == 1


def test_an_unknown_source_is_still_refused(session):
    song = factories.make_track(session)
    with pytest.raises(Invalid):
        plays.start_play(session, track_id=song.id, source="shared", user_id=factories.make_user(session).id)
