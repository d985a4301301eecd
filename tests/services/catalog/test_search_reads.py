"""The search box's shared answers: a catalog change is found at once, misses are all counted."""

from __future__ import annotations

from sqlmodel import func, select

from spoticlone.models import InsightSearchMiss, Track, TrackStatus
from spoticlone.services.catalog import search_reads
from tests.factories import make_artist, make_track


def test_the_same_query_is_answered_once_until_the_catalog_changes(session):
    artist = make_artist(session, stage_name="Hollow Pines")
    make_track(session, title="Midnight Arcade", artist_id=artist.id)
    first = search_reads.search(session, query="midn")
    assert search_reads.search(session, query="midn") is first
    assert [t.title for t in first.tracks] == ["Midnight Arcade"]

    make_track(session, title="Midnight Drive", artist_id=artist.id)  # published now
    assert sorted(t.title for t in search_reads.search(session, query="midn").tracks) == [
        "Midnight Arcade", "Midnight Drive"]

    hidden = session.exec(select(Track).where(Track.title == "Midnight Arcade")).one()
    hidden.status = TrackStatus.HIDDEN
    session.add(hidden)
    session.commit()
    assert [t.title for t in search_reads.search(session, query="midn").tracks] == ["Midnight Drive"]


def test_the_query_is_answered_as_typed(session):
    make_track(session, title="Midnight Arcade")
    assert search_reads.search(session, query="midn").query == "midn"
    assert search_reads.search(session, query="MIDN").query == "MIDN"


def test_every_search_that_finds_nothing_is_counted(session):
    make_track(session, title="Midnight Arcade")
    for _ in range(3):
        assert search_reads.search(session, query="zzyzx").total == 0
    session.commit()
    assert session.exec(select(func.sum(InsightSearchMiss.searches))).one() == 3
