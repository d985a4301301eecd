"""A listener with one of everything, and the checks the account-deletion tests share.

``everything`` gives an account a row in every table that can point at a user, files in
the media store, plays that feed every aggregate and an artist profile with a release;
``personal_strings`` are what must not be found anywhere once it is erased, and
``aggregates`` are the figures that must not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy
from sqlmodel import Session, func, select

from spoticlone.models import (
    AppPassword,
    ArtistFollow,
    ArtistListener,
    ArtistListenerDaily,
    AudioUpload,
    ChartDaily,
    CodePurpose,
    DataExport,
    EmailCode,
    ExternalIdentity,
    Follow,
    LegalAcceptance,
    ListenerSettings,
    NotInterested,
    PlayEvent,
    PlaylistCollaborator,
    PlaylistFollow,
    PlaylistTrack,
    RadioStation,
    Rating,
    RecentSearch,
    Recommendation,
    RecoveryCode,
    Role,
    SavedAlbum,
    SavedPlayQueue,
    SmartPlaylist,
    TastePick,
    Track,
    TrackLike,
    TrackPlaysDaily,
    UploadSession,
    User,
)
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.listening import plays
from tests import factories
from tests.images import png

PASSWORD = "correct horse battery"


@dataclass
class Everything:
    user: User
    other: User
    artist_id: int
    own_track: Track
    other_track: Track
    own_playlist_id: int
    friends_playlist_id: int
    picture_keys: list[str] = field(default_factory=list)
    needles: list[str] = field(default_factory=list)


def play(session: Session, track: Track, **owner) -> int:
    """A counted play of ``track`` through the listening service."""
    play_id = plays.start_play(session, track_id=track.id, source="album", **owner)
    event = session.get(PlayEvent, play_id)
    event.started_at = datetime.now(UTC) - timedelta(minutes=10)
    session.add(event)
    session.commit()
    plays.report_progress(session, play_id=play_id, ms_played=120_000, **owner)
    return play_id


def everything(session: Session, store, *, artist: bool = True) -> Everything:
    """An account (an artist unless ``artist=False``) with a row in every user table."""
    user = factories.make_account(
        session, email="zephyrina.quill@example.test", username="zqfeather", first_name="Zephyrina",
        last_name="Quillfeather", phone="+14155550123", date_of_birth=date(1990, 5, 17),
        role=Role.ARTIST if artist else Role.LISTENER, password=PASSWORD,
    )
    other = factories.make_account(session)
    keys = [store.put_bytes("avatars", "png", png()) for _ in range(4)]
    user.avatar_key, user.avatar_thumb_key, user.cover_key, user.cover_thumb_key = keys
    session.add(user)
    session.commit()
    artist_id = 0
    own_track = None
    if artist:
        profile = factories.make_artist(session, stage_name="Velvet Static", user_id=user.id)
        artist_id = profile.id
        album = factories.make_album(session, artist_id=profile.id, title="Low Tide")
        own_track = factories.make_track(session, artist_id=profile.id, album_id=album.id, title="Undertow",
                                         audio_key=store.put_bytes("audio", "mp3", b"ID3-fake-audio"))
        session.add(AudioUpload(artist_id=profile.id, user_id=user.id, filename="zqfeather-demo.mp3", size=10,
                                sha256="0" * 64))
        session.add(UploadSession(artist_id=profile.id, user_id=user.id, filename="zqfeather-take2.mp3", size=10,
                                  temp_name="t1"))
    other_artist = factories.make_artist(session)
    other_album = factories.make_album(session, artist_id=other_artist.id)
    other_track = factories.make_track(session, artist_id=other_artist.id, album_id=other_album.id)
    tracks = [t for t in (own_track, other_track) if t is not None]
    cover = store.put_bytes("covers", "png", png())
    own = factories.make_playlist(session, owner=user, tracks=tracks, cover_key=cover, cover_kind="custom",
                                  name="Zephyrina's mix")
    friends = factories.make_playlist(session, owner=other, tracks=[other_track], collaborative=True)
    session.add(PlaylistCollaborator(playlist_id=friends.id, user_id=user.id))
    session.add(PlaylistTrack(playlist_id=friends.id, track_id=tracks[0].id, position=1, added_by_id=user.id,
                              track_title=tracks[0].title, artist_name="someone"))
    session.add(PlaylistFollow(playlist_id=friends.id, user_id=user.id))
    session.add(PlaylistFollow(playlist_id=own.id, user_id=other.id))
    session.add(TrackLike(user_id=user.id, track_id=other_track.id))
    session.add(SavedAlbum(user_id=user.id, album_id=other_album.id))
    session.add(Rating(user_id=user.id, track_id=other_track.id, stars=4))
    session.add(Follow(follower_id=user.id, followee_id=other.id))
    session.add(Follow(follower_id=other.id, followee_id=user.id))
    session.add(ArtistFollow(user_id=user.id, artist_id=other_artist.id))
    session.add(EmailCode(user_id=user.id, purpose=CodePurpose.CHANGE_EMAIL, code_hash="x",
                          new_email="zephyrina.new@example.test", request_id="req-zq",
                          expires_at=datetime.now(UTC) + timedelta(minutes=5)))
    session.add(RecoveryCode(user_id=user.id, code_hash="y"))
    session.add(ExternalIdentity(user_id=user.id, issuer="https://accounts.google.com", subject="zq-123",
                                 email="zephyrina.quill@gmail.test"))
    session.add(AppPassword(user_id=user.id, name="Zephyrina's phone", key_encrypted="k", lookup_hash="h" * 64))
    session.add(ListenerSettings(user_id=user.id))
    session.add(Recommendation(user_id=user.id, track_id=other_track.id, algorithm="blend", score=1.0))
    session.add(NotInterested(user_id=user.id, artist_id=other_artist.id))
    session.add(TastePick(user_id=user.id, genre_id=factories.make_genre(session).id))
    session.add(SavedPlayQueue(user_id=user.id, track_ids=str(other_track.id), changed_by="zqfeather's car"))
    session.add(RecentSearch(user_id=user.id, query="zqfeather", query_key="zqfeather"))
    session.add(DataExport(user_id=user.id, file_name="zq-export.zip"))
    session.add(SmartPlaylist(owner_id=user.id, name="Zephyrina smart", rules="{}"))
    session.add(RadioStation(user_id=user.id, seed_kind="track", seed_ref=str(other_track.id), title="Zq radio"))
    session.add(LegalAcceptance(user_id=user.id, kind="terms", version=1))
    session.commit()
    create_session(session, user_id=user.id, user_agent="Zephyrina's laptop", ip="203.0.113.7")
    for track in tracks:
        play(session, track, user_id=user.id)
        play(session, track, user_id=other.id)
    play(session, other_track, anonymous_session="anon-deletion-token-01")
    needles = ["zephyrina", "quillfeather", "zqfeather", "+14155550123", "14155550123", "1990-05-17",
               *keys, cover]
    return Everything(user=user, other=other, artist_id=artist_id, own_track=own_track, other_track=other_track,
                      own_playlist_id=own.id, friends_playlist_id=friends.id, picture_keys=[*keys, cover],
                      needles=needles)


def personal_data_found(session: Session, needles: list[str]) -> list[str]:
    """``table.column`` of every text or blob value, in every table of the database, holding a needle."""
    engine = session.get_bind()
    found = []
    lowered = [n.lower() for n in needles]
    with engine.connect() as conn:
        inspector = sqlalchemy.inspect(conn)
        for table in inspector.get_table_names():
            rows = conn.exec_driver_sql(f'SELECT * FROM "{table}"')
            names = list(rows.keys())
            for row in rows:
                for name, value in zip(names, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if not isinstance(value, str):
                        value = str(value) if value is not None else ""
                    text = value.lower()
                    found += [f"{table}.{name}: {n}" for n in lowered if n in text]
    return found


def aggregates(session: Session) -> dict[str, object]:
    """Every figure that artists, admins and charts read, in a comparable form."""
    return {
        "play_count": sorted(session.exec(select(Track.id, Track.play_count)).all()),
        "chart_daily": sorted(session.exec(select(ChartDaily.track_id, ChartDaily.day, ChartDaily.plays)).all()),
        "track_daily": sorted(session.exec(select(TrackPlaysDaily.track_id, TrackPlaysDaily.source,
                                                  TrackPlaysDaily.plays, TrackPlaysDaily.ms_played)).all()),
        "listeners_daily": sorted(session.exec(select(ArtistListenerDaily.artist_id, ArtistListenerDaily.day,
                                                      func.count()).group_by(ArtistListenerDaily.artist_id,
                                                                             ArtistListenerDaily.day)).all()),
        "listeners": sorted(session.exec(select(ArtistListener.artist_id, func.count())
                                         .group_by(ArtistListener.artist_id)).all()),
        "plays": session.exec(select(func.count()).select_from(PlayEvent)).one(),
    }
