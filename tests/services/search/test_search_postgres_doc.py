"""PostgreSQL's stored track documents follow every write: new tracks, renamed artists and
albums; typos are corrected from the word table the triggers keep.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from spoticlone.services.search import engine, pg_index
from tests import factories

pytestmark = pytest.mark.postgres


def _titles(session, query):
    return [t.title for t in engine.search(session, query=query).tracks]


def test_documents_follow_renames_and_typos_are_corrected(pg_engine):
    with Session(pg_engine, expire_on_commit=False) as session:
        artist = factories.make_artist(session, stage_name="Velvet Quarry")
        album = factories.make_album(session, title="Saltmarsh", artist_id=artist.id)
        factories.make_track(session, title="Lantern Song", artist_id=artist.id, album_id=album.id)
        assert _titles(session, "velvet lantern") == ["Lantern Song"]
        assert _titles(session, "saltmarsh") == ["Lantern Song"]

        artist.stage_name = "Copper Orchard"
        album.title = "Driftwood"
        session.add_all([artist, album])
        session.commit()
        assert _titles(session, "copper orchard lantern") == ["Lantern Song"]
        assert _titles(session, "velvet lantern") == []
        assert _titles(session, "driftwod") == ["Lantern Song"]  # the renamed album's new word
        assert engine.search(session, query="driftwod").corrected == "driftwood"
        session.rollback()


def test_hot_index_answers_like_the_full_one(pg_engine):
    with Session(pg_engine, expire_on_commit=False) as session:
        artist = factories.make_artist(session, stage_name="Plain Name")
        for plays in (1, 50, 3):
            factories.make_track(session, title=f"Ember {plays}", artist_id=artist.id, play_count=plays)
        with session.begin_nested():
            threshold = pg_index.refresh_hot(session.connection())
        assert threshold == 0  # a small catalog: every published track is hot
        assert _titles(session, "ember")[:1] == ["Ember 50"]
        session.rollback()
