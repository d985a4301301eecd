"""The demo catalog, seeded for real through ingestion, plus the small services it uses.

Seeding takes several seconds (audio probing, cover re-encoding, synthesis), so it
runs once for this module in its own temporary data directory; the tests after it
only read. Tests that need an untouched database use the per-test fixtures.
"""

from __future__ import annotations

import hashlib
import io
from types import SimpleNamespace

import pytest
from PIL import Image
from sqlmodel import Session, select

from spoticlone.demo import catalog_data
from spoticlone.demo.artwork import album_cover, artist_portrait
from spoticlone.demo.lyrics import build_lrc, parse_lrc
from spoticlone.models import Album, AlbumKind, ArtistProfile, Genre, Role, Track, User
from spoticlone.services.accounts.demo import create_demo_accounts
from spoticlone.services.catalog import editing
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from tests.factories import make_artist, make_genre, make_track


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from spoticlone.config import get_settings
    from spoticlone.db import create_schema, make_engine
    from spoticlone.demo import seed_demo_catalog
    from spoticlone.integrations.media_store import LocalMediaStore

    data_dir = tmp_path_factory.mktemp("demo") / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPOTICLONE_DATA_DIR", str(data_dir))
        mp.setenv("SPOTICLONE_ENV", "development")
        mp.delenv("SPOTICLONE_DATABASE_URL", raising=False)
        get_settings.cache_clear()
        settings = get_settings()
        engine = make_engine(settings.resolved_database_url)
        create_schema(engine)
        store = LocalMediaStore(settings.media_dir)
        events = []
        report = seed_demo_catalog(engine, store, progress=events.append)
        yield SimpleNamespace(engine=engine, store=store, report=report, events=events)
        engine.dispose()
    get_settings.cache_clear()


def _all(seeded, model):
    with Session(seeded.engine) as session:
        return list(session.exec(select(model)))


def test_seed_imports_every_track_and_reports_progress(seeded):
    expected = len(catalog_data.all_tracks())
    assert seeded.report.seeded and not seeded.report.failures
    assert seeded.report.tracks == expected >= 28
    assert len(_all(seeded, Track)) == expected
    assert [e.index for e in seeded.events] == list(range(1, expected + 1))
    assert all(e.ok and e.total == expected for e in seeded.events)


def test_artists_have_bio_and_portrait_in_the_store(seeded):
    artists = _all(seeded, ArtistProfile)
    assert len(artists) >= 4
    for artist in artists:
        assert len(artist.bio) > 100, artist.stage_name
        assert artist.image_key and seeded.store.exists(artist.image_key)
        with seeded.store.open(artist.image_key) as handle:
            image = Image.open(io.BytesIO(handle.read()))
            assert image.format == "JPEG" and image.size == (800, 800)


def test_every_album_has_a_stored_cover_and_the_kinds_are_varied(seeded):
    albums = _all(seeded, Album)
    assert len(albums) == len(catalog_data.ALBUMS)
    for album in albums:
        assert album.cover_key and seeded.store.exists(album.cover_key), album.title
    assert {a.kind for a in albums} == {AlbumKind.ALBUM, AlbumKind.EP, AlbumKind.SINGLE}
    digests = set()
    for album in albums:
        with seeded.store.open(album.cover_key) as handle:
            digests.add(hashlib.sha256(handle.read()).hexdigest())
    assert len(digests) == len(albums), "every release should have its own artwork"


def test_most_tracks_have_synced_lyrics_within_the_track(seeded):
    tracks = _all(seeded, Track)
    synced = [t for t in tracks if t.synced_lyrics]
    assert len(synced) >= 0.8 * len(tracks)
    assert 2 <= len(tracks) - len(synced) <= 3  # a few instrumentals
    for track in synced:
        entries = parse_lrc(track.synced_lyrics)
        assert len(entries) >= 4, track.title
        assert all(0 < seconds < track.duration_ms / 1000 for seconds, _ in entries), track.title
        assert [s for s, _ in entries] == sorted(s for s, _ in entries)
        assert track.lyrics and "[" not in track.lyrics  # plain text, no timestamps


def test_all_formats_are_exercised(seeded):
    assert {t.audio_format for t in _all(seeded, Track)} >= {"opus", "mp3", "flac"}
    for track in _all(seeded, Track):
        assert seeded.store.exists(track.audio_key)
        assert track.duration_ms > 25_000


def test_tags_drive_titles_numbers_dates_and_no_invented_plays(seeded):
    by_title = {t.title: t for t in _all(seeded, Track)}
    for album, number, spec in catalog_data.all_tracks():
        track = by_title[spec.title]
        assert (track.track_number, track.release_date) == (number, album.release_date)
        assert track.play_count == 0
        assert track.licence.startswith("MIT")
    assert {t.release_date.year for t in by_title.values()} == {2023, 2024, 2025, 2026}


def test_genres_have_descriptions(seeded):
    genres = _all(seeded, Genre)
    assert {g.name for g in genres} == {g.name for g in catalog_data.GENRES}
    assert all(len(g.description) > 40 for g in genres)


def test_seeding_again_changes_nothing(seeded):
    from spoticlone.demo import seed_demo_catalog

    before = len(_all(seeded, Track)), len(_all(seeded, Album)), len(_all(seeded, ArtistProfile))
    again = seed_demo_catalog(seeded.engine, seeded.store, with_demo_accounts=False)
    forced = seed_demo_catalog(seeded.engine, seeded.store, only_if_empty=False, with_demo_accounts=False)
    assert not again.seeded and not forced.seeded
    after = len(_all(seeded, Track)), len(_all(seeded, Album)), len(_all(seeded, ArtistProfile))
    assert after == before


def test_demo_accounts_exist_in_development(seeded):
    from argon2 import PasswordHasher

    users = {u.username: u for u in _all(seeded, User)}
    accounts = {username: (email, password) for email, username, password in seeded.report.accounts}
    assert set(accounts) == {"demo_listener", "demo_artist"}
    for username, (email, password) in accounts.items():
        user = users[username]
        assert user.email == email and user.email_verified
        assert PasswordHasher().verify(user.password_hash, password)
    assert users["demo_listener"].role == Role.LISTENER
    assert users["demo_artist"].role == Role.ARTIST
    managed = [a for a in _all(seeded, ArtistProfile) if a.user_id == users["demo_artist"].id]
    assert [a.stage_name for a in managed] == [catalog_data.DEMO_ARTIST_ACCOUNT_FOR]


# Without seeding.


def test_seed_does_nothing_when_the_catalog_has_tracks(engine, session, store):
    from spoticlone.demo import seed_demo_catalog

    make_track(session)
    report = seed_demo_catalog(engine, store, with_demo_accounts=True)
    assert not report.seeded and "already has tracks" in report.skipped_reason
    assert len(session.exec(select(Track)).all()) == 1
    assert session.exec(select(User)).all() == []


def test_demo_accounts_are_refused_in_production(session):
    with pytest.raises(PermissionDenied):
        create_demo_accounts(session, env="production")
    assert session.exec(select(User)).all() == []


def test_demo_accounts_rerun_resets_passwords_without_duplicates(session):
    first = create_demo_accounts(session, env="development")
    second = create_demo_accounts(session, env="development")
    assert [u for _, u, _ in first] == [u for _, u, _ in second]
    assert first[0][2] != second[0][2]
    assert len(session.exec(select(User)).all()) == 2


def test_update_artist_profile_reencodes_and_replaces_the_image(session, store):
    artist = make_artist(session)
    first = editing.update_artist_profile(
        session, artist_id=artist.id, store=store, bio="  Plays the saw.  ",
        image_bytes=artist_portrait("A B", ("#000000", "#ff0000", "#ffffff")),
    )
    assert first.bio == "Plays the saw." and store.exists(first.image_key)
    second = editing.update_artist_profile(
        session, artist_id=artist.id, store=store,
        image_bytes=artist_portrait("C D", ("#000000", "#00ff00", "#ffffff")),
    )
    assert second.bio == "Plays the saw."
    assert store.exists(second.image_key) and not store.exists(first.image_key)


def test_update_artist_profile_rejects_bad_input_without_writing(session, store, settings):
    artist = make_artist(session)
    with pytest.raises(Invalid):
        editing.update_artist_profile(session, artist_id=artist.id, store=store, image_bytes=b"not a picture")
    with pytest.raises(Invalid):
        editing.update_artist_profile(session, artist_id=artist.id, store=store, bio="x" * 5001)
    with pytest.raises(NotFound):
        editing.update_artist_profile(session, artist_id=9999, store=store, bio="hi")
    assert not (settings.media_dir / "images").exists()
    session.refresh(artist)
    assert artist.image_key is None and artist.bio.startswith("Bio of")


def test_describe_genre(session):
    genre = make_genre(session, name="Dream Pop")
    view = editing.describe_genre(session, slug=genre.slug, description="Hazy guitars.")
    assert view.description == "Hazy guitars."
    with pytest.raises(NotFound):
        editing.describe_genre(session, slug="no-such-genre", description="x")


def test_lrc_round_trip_stays_inside_the_duration():
    lrc = build_lrc(["one", "two", "three"], 30.0, title="T", artist="A")
    entries = parse_lrc(lrc)
    assert [line for _, line in entries] == ["one", "two", "three"]
    assert 0 < entries[0][0] < entries[-1][0] < 30.0


def test_album_covers_are_square_jpegs_and_distinct():
    specs = catalog_data.ALBUMS[:3]
    covers = [album_cover(a.title, a.artist, a.style, a.palette) for a in specs]
    for data in covers:
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and image.size == (1000, 1000)
        assert len(set(image.convert("L").resize((16, 16)).get_flattened_data())) > 20  # not a flat colour
    assert len({hashlib.sha256(c).hexdigest() for c in covers}) == len(covers)
