"""Search: matching (prefix, case, accents, typos), ranking, visibility, safety, index sync."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from spoticlone.models import TrackStatus
from spoticlone.services.search import engine, index
from tests import factories


def titles(result):
    return [t.title for t in result.tracks]


@pytest.fixture
def catalog(session):
    artist = factories.make_artist(session, stage_name="Hollow Pines")
    album = factories.make_album(session, title="Midnight Arcade", artist_id=artist.id)
    genre = factories.make_genre(session, name="Synthwave")
    arcade = factories.make_track(session, title="Midnight Arcade", artist_id=artist.id,
                                  album_id=album.id, genre_id=genre.id, play_count=5)
    cafe = factories.make_track(session, title="Café Noir", artist_id=artist.id,
                                lyrics="we met at midnight\nin the neon rain", play_count=900)
    draft = factories.make_track(session, title="Midnight Secret", artist_id=artist.id,
                                 status=TrackStatus.DRAFT, play_count=10_000)
    return {"artist": artist, "album": album, "genre": genre, "arcade": arcade, "cafe": cafe,
            "draft": draft}


def test_prefix_finds_title_album_and_artist_tracks(session, catalog):
    result = engine.search(session, query="midn")
    assert titles(result) == ["Midnight Arcade"]
    assert [a.title for a in result.albums] == ["Midnight Arcade"]
    assert result.top.kind == "track" and result.top.title == "Midnight Arcade"


@pytest.mark.parametrize("query", ["cafe", "CAFÉ", "Cafe noi", "  café   "])
def test_case_and_accents_are_ignored(session, catalog, query):
    assert titles(engine.search(session, query=query)) == ["Café Noir"]


@pytest.mark.parametrize("query,expected", [("midnigt", "midnight"), ("holow pines", "hollow pines"),
                                            ("midngiht arcade", "midnight arcade")])
def test_one_typo_is_corrected(session, catalog, query, expected):
    result = engine.search(session, query=query)
    assert result.corrected == expected
    assert result.total > 0


def test_exact_title_beats_a_more_popular_lyrics_match(session, catalog):
    result = engine.search(session, query="midnight")
    assert titles(result) == ["Midnight Arcade"]  # Café Noir only sings about it
    assert [m.track.title for m in result.lyrics] == ["Café Noir"]
    assert "midnight" in result.lyrics[0].snippet
    assert result.top.title == "Midnight Arcade"


def test_relevance_tiers_then_popularity(session):
    artist = factories.make_artist(session, stage_name="Tide")
    factories.make_track(session, title="Blue Hour", artist_id=artist.id, play_count=1)
    factories.make_track(session, title="Blue Hour Reprise", artist_id=artist.id, play_count=50)
    factories.make_track(session, title="Deep Blue Hour", artist_id=artist.id, play_count=80)
    factories.make_track(session, title="Blue Hour", artist_id=artist.id, play_count=7)
    assert titles(engine.search(session, query="blue hour")) == [
        "Blue Hour", "Blue Hour", "Blue Hour Reprise", "Deep Blue Hour"]
    plays = [t.play_count for t in engine.search(session, query="blue hour").tracks]
    assert plays[:2] == [7, 1]  # same tier: more plays first


def test_drafts_and_their_empty_albums_are_invisible(session, catalog):
    hidden = factories.make_album(session, title="Secret Sessions", artist_id=catalog["artist"].id)
    factories.make_track(session, title="Demo", album_id=hidden.id, artist_id=catalog["artist"].id,
                         status=TrackStatus.DRAFT)
    assert "Midnight Secret" not in titles(engine.search(session, query="midnight secret"))
    assert engine.search(session, query="secret").total == 0
    lonely = factories.make_artist(session, stage_name="Nobody Published")
    assert lonely and engine.search(session, query="nobody").artists == []


@pytest.mark.parametrize("query", ['"foo', "AND OR (", "NEAR(a b", "title:*", "^*", "-", '"', "'; DROP",
                                   "a" * 5000, "\x00", "🎵🎶", "{title} : x", "*"])
def test_query_syntax_in_user_input_never_raises(session, catalog, query):
    result = engine.search(session, query=query)
    assert len(result.query) <= engine.MAX_QUERY_CHARS


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "!!!"])
def test_blank_queries_give_empty_results(session, catalog, query):
    result = engine.search(session, query=query)
    assert result.total == 0 and result.top is None and result.tracks == []


def test_groups_and_limit(session, catalog):
    only_artists = engine.search(session, query="hollow", groups=["artists"])
    assert [a.name for a in only_artists.artists] == ["Hollow Pines"] and only_artists.tracks == []
    assert len(engine.search(session, query="hollow", limit_per_group=1).tracks) == 1
    assert engine.search(session, query="synthwave").genres[0].slug == "synthwave"


def test_index_follows_inserts_updates_and_deletes(session, catalog):
    track = catalog["arcade"]
    track.title = "Starlight Parade"
    session.add(track)
    session.commit()
    assert titles(engine.search(session, query="starlight")) == ["Starlight Parade"]
    assert "Midnight Arcade" not in titles(engine.search(session, query="midnight"))  # old title gone

    artist = catalog["artist"]
    artist.stage_name = "Copper Ferry"
    session.add(artist)
    session.commit()
    assert titles(engine.search(session, query="copper ferry starlight")) == ["Starlight Parade"]
    assert engine.search(session, query="hollow").artists == []

    catalog["draft"].status = TrackStatus.PUBLISHED
    session.add(catalog["draft"])
    session.commit()
    assert "Midnight Secret" in titles(engine.search(session, query="secret"))

    session.delete(track)
    session.commit()
    assert engine.search(session, query="starlight").tracks == []

    session.delete(artist)  # cascades to every track in the database
    session.commit()
    session.expunge_all()
    assert engine.search(session, query="cafe").total == 0
    rows = session.connection().execute(text(f"SELECT title FROM {index.TABLE}")).all()
    assert rows == [("Synthwave",)]  # tracks and album went with the artist; the genre stays


def test_play_counts_do_not_touch_the_index(session, catalog):
    before = session.connection().execute(text(f"SELECT count(*) FROM {index.TABLE}_data")).scalar()
    catalog["arcade"].play_count += 1
    session.add(catalog["arcade"])
    session.commit()
    after = session.connection().execute(text(f"SELECT count(*) FROM {index.TABLE}_data")).scalar()
    assert before == after


def test_reindex_all_rebuilds_a_damaged_index(session, catalog):
    for table in (index.TABLE, index.LYRICS, index.HOT):
        session.connection().execute(text(f"DELETE FROM {table}"))
    session.commit()
    assert engine.search(session, query="midnight").total == 0
    index.reindex_all(session)
    result = engine.search(session, query="midnight")
    assert titles(result) == ["Midnight Arcade"] and result.lyrics[0].track.title == "Café Noir"


def test_lyrics_follow_edits_and_drafts(session, catalog):
    cafe = catalog["cafe"]
    cafe.lyrics = "rain on the window"
    session.add(cafe)
    session.commit()
    assert engine.search(session, query="neon").total == 0
    assert [m.track.title for m in engine.search(session, query="window").lyrics] == ["Café Noir"]
    cafe.status = TrackStatus.DRAFT
    session.add(cafe)
    session.commit()
    assert engine.search(session, query="window").total == 0


@pytest.mark.parametrize("a,b,expected", [("midnigt", "midnight", True), ("holow", "hollow", True),
                                          ("mdinight", "midnight", True), ("midnite", "midnight", False),
                                          ("pines", "pines", True), ("ab", "abcd", False)])
def test_within_one_edit(a, b, expected):
    assert index.within_one_edit(a, b) is expected


def _snapshot(result):
    return (titles(result), [a.name for a in result.artists], [a.title for a in result.albums],
            [m.track.title for m in result.lyrics], result.corrected,
            result.top and (result.top.kind, result.top.title))


@pytest.mark.parametrize("query", ["midn", "midnight", "hollow pi", "midnigt", "holow pines",
                                   "caf", "cafe noir", "neon", "arca", "zzzz", "midnightl"])
def test_words_written_since_the_fill_give_the_same_results_as_a_reindex(session, catalog, query):
    index.reindex_all(session)
    factories.make_track(session, title="Midnightly Arcadia", artist_id=catalog["artist"].id,
                         play_count=50)
    before = _snapshot(engine.search(session, query=query))
    index.reindex_all(session)
    assert _snapshot(engine.search(session, query=query)) == before


def test_new_words_are_expanded_and_corrected_before_any_reindex(session, catalog):
    index.reindex_all(session)
    factories.make_track(session, title="Zephyrine", artist_id=catalog["artist"].id)
    factories.make_artist(session, stage_name="Zephyrus Quartet")
    assert engine._expansions(session, [["zeph"]]) == {"zeph": ["zephyrine", "zephyrus"]}
    assert titles(engine.search(session, query="zephyrin")) == ["Zephyrine"]
    result = engine.search(session, query="zephyrime")
    assert result.corrected == "zephyrine" and titles(result) == ["Zephyrine"]


def test_draft_words_are_never_offered_as_corrections(session, catalog):
    factories.make_track(session, title="Xylophonic", artist_id=catalog["artist"].id,
                         status=TrackStatus.DRAFT)
    index.reindex_all(session)
    factories.make_track(session, title="Quasarine", artist_id=catalog["artist"].id,
                         status=TrackStatus.DRAFT)
    for typo in ("xylophonix", "quasarime"):
        result = engine.search(session, query=typo)
        assert result.corrected is None and result.total == 0


def test_a_prefix_is_expanded_to_the_words_it_begins(session, catalog):
    index.reindex_all(session)
    expanded = engine._expansions(session, [["midn"]])
    assert expanded == {"midn": ["midnight"]}
    assert engine._expansions(session, [["mid"]]) == {}  # short prefixes have an FTS5 index
    assert engine.fts_query([["midn"]], expanded) == '("midnight")'
    assert engine._starts_with(["hollow", "pi"], {"pi": ["pines"]}) == '(^"hollow" + "pines")'


def _echo_catalog(session):
    artist = factories.make_artist(session, stage_name="Walker")
    return [factories.make_track(session, title=f"Echo {n} {'Lake' if n % 3 else 'Hill'}",
                                 artist_id=artist.id, play_count=(n * 7) % 11 + n)
            for n in range(30)]


HOT_QUERIES = ["echo", "echo la", "hill", "ec", "lake echo", "echo 2", "walker", "ech hil"]


def test_the_hot_table_gives_the_same_candidates_as_the_whole_index(session, monkeypatch):
    _echo_catalog(session)
    everything = [_snapshot(engine.search(session, query=q, limit_per_group=3)) for q in HOT_QUERIES]
    assert index.hot_threshold(engine._dbapi(session)) == 0  # a small catalog: all hot
    monkeypatch.setattr(index, "HOT_MIN", 6)
    monkeypatch.setattr(engine, "TRACK_CANDIDATES", 4)
    monkeypatch.setattr(engine, "OTHER_CANDIDATES", 2)
    expected = [_snapshot(engine.search(session, query=q, limit_per_group=3)) for q in HOT_QUERIES]
    index.reindex_all(session)
    assert index.hot_threshold(engine._dbapi(session)) > 0
    hot_rows = session.connection().execute(text(f"SELECT count(*) FROM {index.HOT}")).scalar()
    assert 6 <= hot_rows < 30
    answered, real = [], engine._hot_hits
    monkeypatch.setattr(engine, "_hot_hits", lambda *a: answered.append(real(*a)) or answered[-1])
    assert [_snapshot(engine.search(session, query=q, limit_per_group=3)) for q in HOT_QUERIES] == expected
    assert any(a is not None for a in answered) and any(a is None for a in answered)  # both paths ran
    monkeypatch.setattr(index, "HOT_MIN", 2000)
    index.reindex_all(session)
    assert [_snapshot(engine.search(session, query=q, limit_per_group=3)) for q in HOT_QUERIES] == everything


def test_a_track_that_becomes_popular_joins_the_hot_table(session, monkeypatch):
    tracks = _echo_catalog(session)
    monkeypatch.setattr(index, "HOT_MIN", 5)
    monkeypatch.setattr(engine, "TRACK_CANDIDATES", 1)  # one hot "lake" answers alone
    index.reindex_all(session)
    conn = engine._dbapi(session)
    threshold = index.hot_threshold(conn)
    quiet = min((t for t in tracks if t.title.endswith("Lake")), key=lambda t: t.play_count)
    assert quiet.play_count < threshold
    assert quiet.id not in [t.id for t in engine.search(session, query="lake").tracks]
    session.connection().execute(text("UPDATE track SET play_count = :p WHERE id = :id"),
                                 {"p": 1000, "id": quiet.id})
    session.commit()
    assert [t.id for t in engine.search(session, query="lake").tracks] == [quiet.id]
    monkeypatch.setattr(engine, "TRACK_CANDIDATES", 3)
    # One UPDATE that renames a track and lifts it over the threshold: both triggers fire.
    other = min(tracks, key=lambda t: t.play_count)
    session.connection().execute(text("UPDATE track SET title = 'Echo Burst', play_count = 2000 "
                                      "WHERE id = :id"), {"id": other.id})
    session.commit()
    assert [t.id for t in engine.search(session, query="echo").tracks][:2] == [other.id, quiet.id]
    # Renames and drafts reach the hot table too.
    session.connection().execute(text("UPDATE track SET title = 'Solo Flight' WHERE id = :id"),
                                 {"id": quiet.id})
    session.commit()
    assert quiet.id not in [t.id for t in engine.search(session, query="echo").tracks]
    assert [t.id for t in engine.search(session, query="solo flight").tracks] == [quiet.id]
    session.connection().execute(text("UPDATE track SET status = 'DRAFT' WHERE id = :id"),
                                 {"id": quiet.id})
    session.commit()
    assert engine.search(session, query="solo flight").tracks == []
    assert session.connection().execute(text(f"SELECT count(*) FROM {index.HOT} WHERE rowid = :id"),
                                        {"id": quiet.id}).scalar() == 0


def test_search_rows_are_the_same_as_the_catalog_rows(session):
    """Search builds its rows from column queries; they must equal the browse pages' rows."""
    from spoticlone.models import TrackFeaturedArtist
    from spoticlone.services.catalog import views

    star = factories.make_artist(session, stage_name="Aurora Vale", image_key="img/a.jpg", verified=True)
    guest = factories.make_artist(session, stage_name="Guest Star")
    genre = factories.make_genre(session, name="Dream Pop", description="Hazy")
    album = factories.make_album(session, title="Glass Tides", artist_id=star.id, genre_id=genre.id,
                                 cover_key="img/c.jpg")
    full = factories.make_track(session, title="Glass Song", artist_id=star.id, album_id=album.id,
                                genre_id=genre.id, lyrics="la la", synced_lyrics="[00:01] la",
                                play_count=12, explicit=True, track_number=2, bitrate=320_000)
    bare = factories.make_track(session, title="Loose Song", artist_id=star.id, play_count=3)
    draft = factories.make_track(session, title="Hidden Song", artist_id=star.id, album_id=album.id,
                                 status=TrackStatus.DRAFT, duration_ms=99_000)
    session.add(TrackFeaturedArtist(track_id=full.id, artist_id=guest.id))
    session.commit()

    fast = views.published_track_dtos(session, [bare.id, full.id, draft.id, full.id])
    assert set(fast) == {full.id, bare.id}  # the draft is left out
    for track in (full, bare):
        assert fast[track.id] == views.track_dtos(session, [track])[0]
    assert [a.name for a in fast[full.id].featured] == ["Guest Star"]

    (artist_row,) = views.published_artists(session, [star.id, guest.id])  # guest: no track
    assert (views.published_artist_dtos(session, [artist_row])
            == views.artist_dtos(session, [star]))
    assert artist_row.plays == 15
    (album_row,) = views.published_albums(session, [album.id])
    out = views.published_album_out(album_row)
    assert out == views.album_dtos(session, [album])[0]
    assert (out.track_count, out.duration_ms, album_row.plays) == (1, 180_000, 12)  # not the draft
