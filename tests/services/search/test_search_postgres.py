"""The same search service on PostgreSQL: tsvector/unaccent matching, pg_trgm typos.

Runs in a throwaway schema (``tests/pg.py``); ``create_schema`` installs the search
extensions, function and indexes through ``search_index.install`` like the migration.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from spoticlone.models import TrackStatus
from spoticlone.services.search import engine
from tests import factories

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_catalog(pg_engine):
    with Session(pg_engine, expire_on_commit=False) as session:
        artist = factories.make_artist(session, stage_name="Hollow Pines")
        album = factories.make_album(session, title="Midnight Arcade", artist_id=artist.id)
        factories.make_track(session, title="Midnight Arcade", artist_id=artist.id,
                             album_id=album.id, play_count=5)
        factories.make_track(session, title="Café Noir", artist_id=artist.id,
                             lyrics="we met at midnight\nin the neon rain", play_count=900)
        factories.make_track(session, title="Midnight Secret", artist_id=artist.id,
                             status=TrackStatus.DRAFT)


def _titles(result):
    return [t.title for t in result.tracks]


def test_prefix_accents_and_drafts_on_postgres(pg_session, pg_catalog):
    assert _titles(engine.search(pg_session, query="midn")) == ["Midnight Arcade"]
    assert _titles(engine.search(pg_session, query="CAFE")) == ["Café Noir"]
    assert engine.search(pg_session, query="secret").total == 0
    result = engine.search(pg_session, query="hollow pines arcade")
    assert _titles(result) == ["Midnight Arcade"]


def test_lyrics_and_ranking_on_postgres(pg_session, pg_catalog):
    result = engine.search(pg_session, query="midnight")
    assert _titles(result) == ["Midnight Arcade"]
    assert [m.track.title for m in result.lyrics] == ["Café Noir"]
    assert "midnight" in result.lyrics[0].snippet
    assert result.top.title == "Midnight Arcade"


@pytest.mark.parametrize("query", ["midnigt", "holow pines"])
def test_typos_on_postgres(pg_session, pg_catalog, query):
    assert engine.search(pg_session, query=query).total > 0


@pytest.mark.parametrize("query", ['"foo', "AND OR (", "a & b | !c", "'x':*", "", "  "])
def test_syntax_never_raises_on_postgres(pg_session, pg_catalog, query):
    engine.search(pg_session, query=query)


def test_a_word_found_only_in_lyrics_is_still_found_as_typed(pg_session, pg_catalog):
    """Lyrics words are not in the word table that lets a typo skip the exact queries."""
    result = engine.search(pg_session, query="neon rain")
    assert [m.track.title for m in result.lyrics] == ["Café Noir"] and result.corrected is None


def test_names_added_later_are_known_words(pg_session, pg_catalog):
    """A genre, album or artist created after the index was built is found by its exact name,
    and a typo of it is corrected: the word table's triggers add their words.
    """
    genre = factories.make_genre(pg_session, name="Zydeco")
    factories.make_track(pg_session, title="Bayou Night", genre_id=genre.id)
    assert [g.name for g in engine.search(pg_session, query="zydeco").genres] == ["Zydeco"]
    typo = engine.search(pg_session, query="zydeko")
    assert typo.corrected == "zydeco" and [g.name for g in typo.genres] == ["Zydeco"]
