"""A listener-and-artist with one of everything, for the data export tests (service, API, state, e2e).

``make_everything`` writes one row of each personal table for "ada" (and the few rows of other
people those rows need) and returns what the export must contain, so a round trip can check
every item. Secrets are returned too: the export must contain none of them.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session

from spoticlone.models import (
    ArtistFollow,
    ArtistLink,
    ArtistSlugAlias,
    AudioUpload,
    ExternalIdentity,
    Follow,
    ListenerSettings,
    NotInterested,
    PlayEvent,
    PlaylistCollaborator,
    PlaylistFollow,
    PlaylistTrack,
    PlaylistVisibility,
    Rating,
    RecentSearch,
    Recommendation,
    RecoveryCode,
    Role,
    SavedAlbum,
    SavedPlayQueue,
    TastePick,
    TrackLike,
    TrackStatus,
    UploadSession,
    User,
)
from spoticlone.services.auth.app_passwords import create_app_password
from spoticlone.services.auth.sessions import create_session, token_hash
from tests.factories import make_account, make_album, make_artist, make_genre, make_playlist, make_track

ORIGINAL_AUDIO = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"ada's original master " * 200
AVATAR = b"\x89PNG\r\n\x1a\n ada's avatar"


@dataclass
class Everything:
    user: User
    other: User
    playlist_name: str
    track_titles: list[str]
    original_name: str
    secrets: list[str] = field(default_factory=list)


def make_everything(session: Session, store, *, username: str = "ada", password: str = "correct horse battery",
                    email: str | None = None, two_step: bool = True) -> Everything:
    """``username`` with one row in every personal table; see the module doc.

    ``two_step=False`` leaves two-step sign-in off (its secret here is fake), for a journey
    that signs in through the form.
    """
    ada = make_account(session, username=username, email=email or f"{username}@example.com",
                       password=password, first_name="Ada", last_name="Lovelace", phone="+441234567890",
                       date_of_birth=date(1990, 12, 10), totp_enabled=two_step, totp_secret="TOTPSECRETNEVERSHOWN",
                       role=Role.ARTIST, avatar_key=store.put_bytes("avatars", "png", AVATAR))
    bob = make_account(session, username=f"{username}_friend", email=f"{username}_friend@example.com")
    genre = make_genre(session, name=f"Chiptune {username}")
    nova = make_artist(session, stage_name=f"Nova Drive {username}")
    album = make_album(session, title="Night Run", artist_id=nova.id, genre_id=genre.id)
    first = make_track(session, title="Neon Harbour", artist_id=nova.id, album_id=album.id, duration_ms=201_000)
    second = make_track(session, title="Chrome <Tide> & Co", artist_id=nova.id, album_id=album.id)
    mine = make_artist(session, stage_name=f"Ada Sounds {username}", user_id=ada.id, bio="Loops and lace.")
    session.add(ArtistLink(artist_id=mine.id, label="Shop", url="https://shop.example/ada"))
    session.add(ArtistSlugAlias(artist_id=mine.id, slug=f"old-ada-{username}"))
    original = make_track(session, title="Analytical Engine", artist_id=mine.id, status=TrackStatus.DRAFT,
                          audio_key=store.put_bytes("audio", "mp3", ORIGINAL_AUDIO), audio_format="mp3")
    session.add(AudioUpload(artist_id=mine.id, user_id=ada.id, filename="engine-master.mp3", size=4400,
                            sha256="ab" * 32, track_id=original.id))
    session.add(UploadSession(artist_id=mine.id, user_id=ada.id, filename="half-sent.flac", size=9_000_000,
                              temp_name="sess-1"))
    session.add(PlayEvent(user_id=ada.id, track_id=first.id, ms_played=90_000, counted=True))
    session.add(TrackLike(user_id=ada.id, track_id=first.id))
    session.add(SavedAlbum(user_id=ada.id, album_id=album.id))
    session.add(Rating(user_id=ada.id, track_id=second.id, stars=4))
    session.add(Follow(follower_id=ada.id, followee_id=bob.id))
    session.add(Follow(follower_id=bob.id, followee_id=ada.id))
    session.add(ArtistFollow(user_id=ada.id, artist_id=nova.id))
    bobs = make_playlist(session, owner=bob, name="Bob's Mix", tracks=[second],
                         visibility=PlaylistVisibility.PUBLIC, collaborative=True)
    session.add(PlaylistFollow(user_id=ada.id, playlist_id=bobs.id))
    session.add(PlaylistCollaborator(playlist_id=bobs.id, user_id=ada.id))
    session.add(PlaylistTrack(playlist_id=bobs.id, track_id=first.id, position=1, added_by_id=ada.id,
                              track_title="Neon Harbour", artist_name=nova.stage_name))
    session.add(RecentSearch(user_id=ada.id, query="hollow pines", query_key="hollow pines"))
    session.add(Recommendation(user_id=ada.id, track_id=second.id, algorithm="blend", score=0.9,
                               reason="Because you played Neon Harbour"))
    session.add(TastePick(user_id=ada.id, genre_id=genre.id))
    session.add(NotInterested(user_id=ada.id, artist_id=make_artist(session, stage_name=f"Loud Guy {username}").id))
    session.add(SavedPlayQueue(user_id=ada.id, track_ids=f"{first.id},{second.id}", changed_by="DSub"))
    session.add(ListenerSettings(user_id=ada.id, streaming_quality="high", normalise_volume=False))
    session.add(ExternalIdentity(user_id=ada.id, issuer="https://accounts.google.com", subject="g-4242",
                                 email=ada.email))
    session.add(RecoveryCode(user_id=ada.id, code_hash="RECOVERYHASHNEVERSHOWN"))
    session.commit()
    playlist = make_playlist(session, owner=ada, name="Road <trip> & more", tracks=[first, second])
    cookie = create_session(session, user_id=ada.id, user_agent="Firefox on Linux", ip="203.0.113.7")
    key = create_app_password(session, actor=ada, name="Car stereo").key
    session.commit()
    return Everything(user=ada, other=bob, playlist_name=playlist.name,
                      track_titles=["Neon Harbour", "Chrome <Tide> & Co"],
                      original_name=f"artist/originals/{original.id}-{original.slug}.mp3",
                      secrets=[cookie, token_hash(cookie), key, key.replace("-", ""), "TOTPSECRETNEVERSHOWN",
                               "RECOVERYHASHNEVERSHOWN", ada.password_hash or "never-empty"])


def read_zip(data: bytes) -> tuple[zipfile.ZipFile, dict[str, object]]:
    """The zip and every JSON file in it, parsed."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    parsed = {name: json.loads(archive.read(name)) for name in archive.namelist() if name.endswith(".json")}
    return archive, parsed


def emailed_link(outbox: Path, to: str | None = None, *, wait_s: float = 20) -> tuple[int, str]:
    """(export id, token) from the newest "your data is ready" email (to ``to``) in the outbox folder.

    Waits a little: the job marks the export ready just before it mails the link.
    """
    deadline = time.monotonic() + wait_s
    while True:
        for path in sorted(outbox.glob("*.eml"), reverse=True) if outbox.exists() else []:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            text = message.get_body(preferencelist=("plain",)).get_content()
            found = re.search(r"export=(\d+)&token=([\w-]+)", text)
            if found and (to is None or message["To"] == to):
                return int(found.group(1)), found.group(2)
        if time.monotonic() > deadline:
            raise AssertionError(f"no data export email{f' to {to}' if to else ''} in {outbox}")
        time.sleep(0.25)
