"""A small library for the Subsonic tests: songs with real bytes, a cover, lyrics, a draft,
two listeners with app passwords and a private playlist."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from PIL import Image

from spoticlone.models import Album, ArtistProfile, Playlist, Track, TrackStatus, User
from spoticlone.services.auth import app_passwords
from tests import factories

AUDIO = bytes(range(256)) * 40
LRC = "[00:01.00]First line\n[00:05.50]Second line\n"


@dataclass
class Library:
    artist: ArtistProfile
    album: Album
    tracks: list[Track]
    draft: Track
    ann: User
    ann_key: str
    bob: User
    bob_key: str
    bobs_private: Playlist


def _png(side: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (side, side), (200, 30, 90)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def library(session, store) -> Library:
    cover = store.put_bytes("covers", "png", _png(600))
    genre = factories.make_genre(session, name="Synthwave")
    artist = factories.make_artist(session, stage_name="Nova Drive")
    album = factories.make_album(session, title="Night Run", artist_id=artist.id, genre_id=genre.id,
                                 cover_key=cover, release_date=date(2023, 5, 1))
    tracks = []
    for n in (1, 2, 3):
        key = store.put_bytes("audio", "mp3", AUDIO)
        tracks.append(factories.make_track(
            session, title=f"Night Run {n}", artist_id=artist.id, album_id=album.id, genre_id=genre.id,
            track_number=n, audio_key=key, file_size=len(AUDIO), duration_ms=200_000,
            synced_lyrics=LRC if n == 1 else "", release_date=date(2023, 5, 1)))
    draft_key = store.put_bytes("audio", "mp3", b"ID3 secret demo")
    draft = factories.make_track(session, title="Secret Demo", artist_id=artist.id, album_id=album.id,
                                 audio_key=draft_key, status=TrackStatus.DRAFT)
    ann = factories.make_account(session, username="ann", email="ann@example.test")
    bob = factories.make_account(session, username="bob", email="bob@example.test")
    ann_key = app_passwords.create_app_password(session, actor=ann, name="Ann's phone").key
    bob_key = app_passwords.create_app_password(session, actor=bob, name="Bob's car").key
    session.commit()
    private = factories.make_playlist(session, owner=bob, tracks=tracks[:2], name="Bob secret")
    return Library(artist, album, tracks, draft, ann, ann_key, bob, bob_key, private)
