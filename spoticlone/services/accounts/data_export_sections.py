"""What a listener's data export holds: one section per file, and which tables each reads.

Every table that points at an account (or at an artist profile, which an account owns) is
either read by a section here (``Section.tables``) or listed in ``EXCLUDED`` with the reason;
``tests/services/accounts/test_data_export_coverage.py`` fails when a new table is neither, so
a feature cannot add personal data that the export silently leaves out.

A section yields plain JSON-ready dicts. Secrets never leave: no password or token hashes, no
authenticator secret (only whether two-step sign-in is on), no app password keys (only their
names and dates), no session tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from spoticlone import routes
from spoticlone.models import (
    Album,
    AppPassword,
    ArtistFollow,
    ArtistProfile,
    AuthSession,
    DataExport,
    ExternalIdentity,
    Follow,
    Genre,
    ListenerSettings,
    NotInterested,
    PlayEvent,
    Playlist,
    PlaylistCollaborator,
    PlaylistFollow,
    PlaylistTrack,
    Rating,
    RecentSearch,
    Recommendation,
    RecoveryCode,
    SavedAlbum,
    SavedPlayQueue,
    TastePick,
    Track,
    TrackLike,
    User,
)
from spoticlone.services.support import requests as support_requests

Rows = Iterator[dict[str, Any]]

#: Tables that point at an account but are not exported, and why.
EXCLUDED: dict[str, str] = {
    "emailcode": "one-time codes, hashed, gone within minutes; the account's address is in profile.json",
    "authticket": "sign-in steps that last minutes and hold only a token hash",
    "backuprun": "the operator's record of backups an administrator started; about the server, not the person",
    "syntheticuser": "marks accounts made by the activity simulator; no data about a person",
    "artistlistenerdaily": "other listeners' activity, aggregated; the artist reads it in Studio analytics",
    "artistlistener": "other listeners' activity, aggregated; the artist reads it in Studio analytics",
    "insightshare": "which years in review the person shared (a random link id); the figures come from "
                    "their plays, which are exported",
    "archiveswitch": "the operator's archive switch; records which administrator turned it on",
    "notificationdigest": "only that a weekly digest was claimed for a week; the mail is in notification_emails.json",
    "bulkexportrun": "the operator's record of an export of every account; about the server, not the person",
    "auditentry": "the administrators' log of changes they made to the server; about the service, not the person",
    "legaldocument": "published terms and policies an administrator wrote; public documents",
    "editorialfeature": "the editors' picks shown on Home; which editor picked is the operator's record",
    "insightactivity": "days, weeks and months with a play, derived from the plays exported in plays.json",
    "insightlistener": "first and last listening day, derived from the plays exported in plays.json",
}


@dataclass(frozen=True)
class Section:
    """One file of the export: where it goes, what README.txt says about it, how it is read."""

    path: str
    about: str
    tables: frozenset[str]
    rows: Callable[[Session, User], Rows]
    #: A single JSON object (the first row) instead of a list.
    single: bool = False


def iso(value: datetime | date | None) -> str | None:
    """A date or time as ISO 8601 text (times are UTC)."""
    return value.isoformat() if value is not None else None


def track_ref(track: Track | None, artist: ArtistProfile | None) -> dict[str, Any]:
    """How a song is named in every file: id, title, artist and its page."""
    if track is None:
        return {"track_id": None, "title": "", "artist": "", "url": None}
    return {"track_id": track.id, "title": track.title, "artist": artist.stage_name if artist else "",
            "url": routes.track_url(track.id or 0, track.slug)}


def _profile(session: Session, user: User) -> Rows:
    codes_left = session.exec(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, col(RecoveryCode.used_at).is_(None))).one()
    yield {"username": user.username, "email": user.email, "email_verified": user.email_verified,
           "first_name": user.first_name, "last_name": user.last_name, "phone": user.phone,
           "date_of_birth": iso(user.date_of_birth), "role": user.role.value, "suspended": user.suspended,
           "created_at": iso(user.created_at), "profile_url": routes.user_url(user.username),
           "two_step_sign_in": {"enabled": user.totp_enabled, "recovery_codes_left": codes_left},
           "pictures": {"avatar": bool(user.avatar_key), "cover": bool(user.cover_key)}}


def _settings(session: Session, user: User) -> Rows:
    row = session.get(ListenerSettings, user.id)
    if row is None:
        yield {"streaming_quality": "normal", "normalise_volume": True, "updated_at": None, "defaults": True}
        return
    yield {"streaming_quality": row.streaming_quality, "normalise_volume": row.normalise_volume,
           "updated_at": iso(row.updated_at), "defaults": False}


def _sessions(session: Session, user: User) -> Rows:
    for row in session.exec(select(AuthSession).where(AuthSession.user_id == user.id).order_by(col(AuthSession.id))):
        yield {"kind": row.kind, "created_at": iso(row.created_at), "last_seen_at": iso(row.last_seen_at),
               "expires_at": iso(row.expires_at), "revoked_at": iso(row.revoked_at),
               "user_agent": row.user_agent, "ip_address": row.ip}


def _linked(session: Session, user: User) -> Rows:
    for row in session.exec(select(ExternalIdentity).where(ExternalIdentity.user_id == user.id)):
        yield {"provider": row.issuer, "subject": row.subject, "email": row.email, "linked_at": iso(row.created_at)}


def _app_passwords(session: Session, user: User) -> Rows:
    for row in session.exec(select(AppPassword).where(AppPassword.user_id == user.id).order_by(col(AppPassword.id))):
        yield {"name": row.name, "created_at": iso(row.created_at), "last_used_at": iso(row.last_used_at)}


def _plays(session: Session, user: User) -> Rows:
    query = (select(PlayEvent, Track, ArtistProfile).join(Track, col(Track.id) == PlayEvent.track_id)
             .join(ArtistProfile, col(ArtistProfile.id) == Track.artist_id)
             .where(PlayEvent.user_id == user.id).order_by(col(PlayEvent.started_at), col(PlayEvent.id))
             .execution_options(yield_per=500))
    for play, track, artist in session.exec(query):
        yield {"started_at": iso(play.started_at), **track_ref(track, artist), "ms_played": play.ms_played,
               "source": play.source.value, "completed": play.completed, "skipped": play.skipped,
               "counted": play.counted}


def _likes(session: Session, user: User) -> Rows:
    query = (select(TrackLike, Track, ArtistProfile).join(Track, col(Track.id) == TrackLike.track_id)
             .join(ArtistProfile, col(ArtistProfile.id) == Track.artist_id)
             .where(TrackLike.user_id == user.id).order_by(col(TrackLike.created_at)))
    for like, track, artist in session.exec(query):
        yield {"liked_at": iso(like.created_at), **track_ref(track, artist)}


def _album_ref(album: Album, artist: ArtistProfile | None) -> dict[str, Any]:
    return {"album_id": album.id, "title": album.title, "artist": artist.stage_name if artist else "",
            "url": routes.album_url(album.id or 0, album.slug)}


def _saved_albums(session: Session, user: User) -> Rows:
    query = (select(SavedAlbum, Album, ArtistProfile).join(Album, col(Album.id) == SavedAlbum.album_id)
             .join(ArtistProfile, col(ArtistProfile.id) == Album.artist_id)
             .where(SavedAlbum.user_id == user.id).order_by(col(SavedAlbum.created_at)))
    for saved, album, artist in session.exec(query):
        yield {"saved_at": iso(saved.created_at), **_album_ref(album, artist)}


def _ratings(session: Session, user: User) -> Rows:
    for rating in session.exec(select(Rating).where(Rating.user_id == user.id).order_by(col(Rating.id))):
        target: dict[str, Any]
        if rating.track_id is not None:
            track = session.get(Track, rating.track_id)
            artist = session.get(ArtistProfile, track.artist_id) if track else None
            target = {"kind": "track", **track_ref(track, artist)}
        else:
            album = session.get(Album, rating.album_id)
            artist = session.get(ArtistProfile, album.artist_id) if album else None
            target = {"kind": "album", **(_album_ref(album, artist) if album else {})}
        yield {"stars": rating.stars, "rated_at": iso(rating.created_at), "updated_at": iso(rating.updated_at),
               **target}


def _follows(session: Session, user: User) -> Rows:
    following = session.exec(select(Follow, User).join(User, col(User.id) == Follow.followee_id)
                             .where(Follow.follower_id == user.id)).all()
    followers = session.exec(select(Follow, User).join(User, col(User.id) == Follow.follower_id)
                             .where(Follow.followee_id == user.id)).all()
    artists = session.exec(select(ArtistFollow, ArtistProfile).join(
        ArtistProfile, col(ArtistProfile.id) == ArtistFollow.artist_id).where(ArtistFollow.user_id == user.id)).all()
    playlists = session.exec(select(PlaylistFollow, Playlist).join(
        Playlist, col(Playlist.id) == PlaylistFollow.playlist_id).where(PlaylistFollow.user_id == user.id)).all()
    yield {
        "artists": [{"artist": a.stage_name, "url": routes.artist_url(a.slug), "since": iso(f.created_at)}
                    for f, a in artists],
        "people": [{"username": u.username, "url": routes.user_url(u.username), "since": iso(f.created_at)}
                   for f, u in following],
        "followers": [{"username": u.username, "since": iso(f.created_at)} for f, u in followers],
        "playlists": [{"playlist": p.name, "url": routes.playlist_url(p.id or 0, p.slug), "since": iso(f.created_at)}
                      for f, p in playlists],
    }


def playlist_rows(session: Session, playlist: Playlist) -> list[dict[str, Any]]:
    """A playlist's songs in order; a song no longer available keeps its snapshot title and artist."""
    query = (select(PlaylistTrack, Track, ArtistProfile)
             .join(Track, col(Track.id) == PlaylistTrack.track_id, isouter=True)
             .join(ArtistProfile, col(ArtistProfile.id) == Track.artist_id, isouter=True)
             .where(PlaylistTrack.playlist_id == playlist.id).order_by(col(PlaylistTrack.position)))
    out = []
    for row, track, artist in session.exec(query):
        ref = track_ref(track, artist) if track else {
            "track_id": None, "title": row.track_title, "artist": row.artist_name, "url": None}
        out.append({**ref, "duration_ms": track.duration_ms if track else row.duration_ms,
                    "album": _album_title(session, track), "added_at": iso(row.added_at)})
    return out


def _album_title(session: Session, track: Track | None) -> str:
    album = session.get(Album, track.album_id) if track and track.album_id else None
    return album.title if album else ""


def own_playlists(session: Session, user: User) -> list[Playlist]:
    """The account's own playlists, oldest first (each also goes out as M3U8 and XSPF)."""
    return list(session.exec(select(Playlist).where(Playlist.owner_id == user.id).order_by(col(Playlist.id))))


def _playlists(session: Session, user: User) -> Rows:
    for playlist in own_playlists(session, user):
        yield {"playlist_id": playlist.id, "name": playlist.name, "description": playlist.description,
               "visibility": playlist.visibility.value, "collaborative": playlist.collaborative,
               "created_at": iso(playlist.created_at), "updated_at": iso(playlist.updated_at),
               "url": routes.playlist_url(playlist.id or 0, playlist.slug),
               "files": [f"playlists/{playlist_file_stem(playlist)}.m3u8",
                         f"playlists/{playlist_file_stem(playlist)}.xspf"],
               "tracks": playlist_rows(session, playlist)}


def playlist_file_stem(playlist: Playlist) -> str:
    """A playlist's file name in playlists/ (id first: two playlists may share a name)."""
    return f"{playlist.id}-{playlist.slug or 'playlist'}"[:80]


def _collaborations(session: Session, user: User) -> Rows:
    joined = session.exec(select(PlaylistCollaborator, Playlist).join(
        Playlist, col(Playlist.id) == PlaylistCollaborator.playlist_id)
        .where(PlaylistCollaborator.user_id == user.id)).all()
    for membership, playlist in joined:
        yield {"kind": "collaborator", "playlist": playlist.name, "joined_at": iso(membership.added_at),
               "url": routes.playlist_url(playlist.id or 0, playlist.slug)}
    added = session.exec(select(PlaylistTrack, Playlist).join(Playlist, col(Playlist.id) == PlaylistTrack.playlist_id)
                         .where(PlaylistTrack.added_by_id == user.id, Playlist.owner_id != user.id)).all()
    for row, playlist in added:
        yield {"kind": "added_song", "playlist": playlist.name, "title": row.track_title,
               "artist": row.artist_name, "added_at": iso(row.added_at)}


def _searches(session: Session, user: User) -> Rows:
    for row in session.exec(select(RecentSearch).where(RecentSearch.user_id == user.id).order_by(col(RecentSearch.id))):
        yield {"query": row.query, "searched_at": iso(row.searched_at)}


def _recommendations(session: Session, user: User) -> Rows:
    query = (select(Recommendation, Track, ArtistProfile).join(Track, col(Track.id) == Recommendation.track_id)
             .join(ArtistProfile, col(ArtistProfile.id) == Track.artist_id)
             .where(Recommendation.user_id == user.id)
             .order_by(col(Recommendation.algorithm), col(Recommendation.score).desc()))
    for rec, track, artist in session.exec(query):
        yield {"algorithm": rec.algorithm, "score": rec.score, "reason": rec.reason,
               "generated_at": iso(rec.generated_at), **track_ref(track, artist)}


def _tastes(session: Session, user: User) -> Rows:
    picks = []
    for pick in session.exec(select(TastePick).where(TastePick.user_id == user.id)):
        genre = session.get(Genre, pick.genre_id) if pick.genre_id else None
        artist = session.get(ArtistProfile, pick.artist_id) if pick.artist_id else None
        picks.append({"genre": genre.name if genre else None, "artist": artist.stage_name if artist else None,
                      "picked_at": iso(pick.created_at)})
    hidden = []
    for row in session.exec(select(NotInterested).where(NotInterested.user_id == user.id)):
        track = session.get(Track, row.track_id) if row.track_id else None
        artist = session.get(ArtistProfile, row.artist_id or (track.artist_id if track else None))
        hidden.append({"kind": "track" if track else "artist", "title": track.title if track else None,
                       "artist": artist.stage_name if artist else None, "since": iso(row.created_at)})
    yield {"taste_picks": picks, "not_interested": hidden}


def _play_queue(session: Session, user: User) -> Rows:
    row = session.exec(select(SavedPlayQueue).where(SavedPlayQueue.user_id == user.id)).first()
    if row is None:
        yield {"track_ids": [], "current_track_id": None, "position_ms": 0, "changed_at": None, "changed_by": ""}
        return
    yield {"track_ids": [int(t) for t in row.track_ids.split(",") if t.strip().isdigit()],
           "current_track_id": row.current_track_id, "position_ms": row.position_ms,
           "changed_at": iso(row.changed_at), "changed_by": row.changed_by}


def _exports(session: Session, user: User) -> Rows:
    for row in session.exec(select(DataExport).where(DataExport.user_id == user.id).order_by(col(DataExport.id))):
        yield {"requested_at": iso(row.requested_at), "status": row.status, "finished_at": iso(row.finished_at),
               "downloaded_at": iso(row.downloaded_at)}


def table_rows(table: str, owner_column: str, *, skip: tuple[str, ...] = ()) -> Callable[[Session, User], Rows]:
    """Every row of ``table`` whose ``owner_column`` is the account, all columns but ``skip``.

    For simple tables of other features, read by name so a table that is not installed
    (a plugin's, say) gives an empty list rather than an error.
    """
    def rows(session: Session, user: User) -> Rows:
        found = SQLModel.metadata.tables.get(table)
        if found is None:
            return
        columns = [c for c in found.columns if c.name not in skip]
        query = select(*columns).where(found.c[owner_column] == user.id).order_by(*found.primary_key.columns)
        for values in session.execute(query).mappings():
            yield {name: iso(v) if isinstance(v, date | datetime) else v for name, v in values.items()}
    return rows


LISTENER_SECTIONS: tuple[Section, ...] = (
    Section("profile.json", "Your account: username, email, names, phone, date of birth, role, whether "
            "two-step sign-in is on and how many recovery codes are left (never the secret or the codes).",
            frozenset({"user", "recoverycode"}), _profile, single=True),
    Section("listener_settings.json", "Your playback settings: streaming quality and volume normalisation.",
            frozenset({"listenersettings"}), _settings, single=True),
    Section("sessions.json", "Every sign-in session: when it started, was last used and ends, the browser or "
            "app and its address (never the session token).", frozenset({"authsession"}), _sessions),
    Section("linked_accounts.json", "Accounts at other providers (Google) you sign in with.",
            frozenset({"externalidentity"}), _linked),
    Section("app_passwords.json", "The names and dates of your app passwords for Subsonic apps (never the keys).",
            frozenset({"apppassword"}), _app_passwords),
    Section("plays.json", "Every song you played, oldest first: when, how long, from where, whether it counted.",
            frozenset({"playevent"}), _plays),
    Section("likes.json", "Your liked songs.", frozenset({"tracklike"}), _likes),
    Section("saved_albums.json", "Albums you saved to your library.", frozenset({"savedalbum"}), _saved_albums),
    Section("ratings.json", "Your 1-5 star ratings of songs and albums.", frozenset({"rating"}), _ratings),
    Section("follows.json", "Artists, people and playlists you follow, and who follows you.",
            frozenset({"follow", "artistfollow", "playlistfollow"}), _follows, single=True),
    Section("playlists.json", "Your playlists with their songs in order. Each is also in playlists/ as M3U8 "
            "and XSPF, which other music players import.", frozenset({"playlist", "playlisttrack"}), _playlists),
    Section("collaborations.json", "Other people's playlists you collaborate on, and songs you added to them.",
            frozenset({"playlistcollaborator"}), _collaborations),
    Section("smart_playlists.json", "Your smart playlists: their rules, order and size.",
            frozenset({"smartplaylist"}), table_rows("smartplaylist", "owner_id")),
    Section("search_history.json", "Your recent searches.", frozenset({"recentsearch"}), _searches),
    Section("recommendations.json", "Songs recommended to you, by which method, with the reason shown.",
            frozenset({"recommendation"}), _recommendations),
    Section("tastes.json", "Genres and artists you picked after signing up, and what you marked "
            "\"not interested\".", frozenset({"tastepick", "notinterested"}), _tastes, single=True),
    Section("play_queue.json", "The play queue a Subsonic app saved to resume on another device.",
            frozenset({"savedplayqueue"}), _play_queue, single=True),
    Section("bookmarks.json", "Where you stopped in songs in a Subsonic app: song id, position in "
            "milliseconds, your comment and when.", frozenset({"bookmark"}), table_rows("bookmark", "user_id")),
    Section("legal_acceptances.json", "Which versions of the terms and policies you accepted, and when.",
            frozenset({"legalacceptance"}), table_rows("legalacceptance", "user_id")),
    Section("radio_stations.json", "Radio stations you started: their seed, and what each played, and what "
            "you liked and skipped on it (song ids).", frozenset({"radiostation"}),
            table_rows("radiostation", "user_id")),
    Section("account_deletion.json", "Requests to delete your account: when, when due, and whether cancelled.",
            frozenset({"accountdeletion"}), table_rows("accountdeletion", "user_id", skip=("requested_by_id",))),
    Section("exports.json", "Your requests for a copy of your data, including this one.",
            frozenset({"dataexport"}), _exports),
    Section("notifications.json", "Your notifications (new releases, followers, invitations, support replies) "
            "and when you read them.", frozenset({"notification"}), table_rows("notification", "user_id")),
    Section("notification_settings.json", "Which notifications you chose to get in the app and by email.",
            frozenset({"notificationpreference"}), table_rows("notificationpreference", "user_id")),
    Section("notification_emails.json", "Notification emails sent or waiting to be sent to you: subject, text, "
            "status and when.", frozenset({"notificationemail"}),
            table_rows("notificationemail", "user_id", skip=("html",))),
    Section("reports.json", "Content you reported to the administrators: what, why, your statement and "
            "address, and what was decided.", frozenset({"moderationreport"}),
            table_rows("moderationreport", "reporter_id", skip=("decided_by_id",))),
    Section("moderation_holds.json", "Your content that administrators hid after a report, and your "
            "counter-notices.", frozenset({"moderationhold"}),
            table_rows("moderationhold", "owner_id", skip=("hidden_by_id",))),
    Section("support_requests.json", "Your requests to support: subject, the context you agreed to attach, "
            "the whole conversation and any screenshot (a base64 JPEG).",
            frozenset({"supportrequest", "supportmessage"}), support_requests.export_rows),
)
