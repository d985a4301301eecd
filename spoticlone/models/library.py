"""What listeners collect and who they follow: playlists, likes, ratings, follows."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from spoticlone.models.common import IDS_NEVER_REUSED, PlaylistVisibility, utcnow


def _fk(target: str, *, index: bool = True, nullable: bool = False) -> Column:
    return Column(
        Integer, ForeignKey(target, ondelete="CASCADE"), nullable=nullable, index=index
    )


class Playlist(SQLModel, table=True):
    """A listener's ordered list of tracks; see ``services.library.playlists.access`` for who sees what."""

    __table_args__ = (
        Index("ix_playlist_visibility_created", "visibility", "created_at"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(sa_column=_fk("user.id"))
    name: str = Field(max_length=200)
    slug: str = Field(max_length=220)
    description: str = Field(default="", max_length=2000)
    cover_key: str | None = Field(default=None, max_length=255)
    visibility: PlaylistVisibility = Field(default=PlaylistVisibility.PRIVATE, index=True)
    collaborative: bool = False
    #: Where ``cover_key`` came from: "none", "custom" (uploaded), "mosaic" (generated 2x2
    #: file we own) or "album" (borrowed from the first track's album, not our file).
    cover_kind: str = Field(default="none", max_length=10)
    #: The cover keys the current automatic cover was built from, so it is rebuilt only
    #: when the first four distinct covers change.
    mosaic_sig: str = Field(default="", max_length=1100)
    #: Counted plays started from this playlist (kept by ``services.listening.charts.record_play``),
    #: so "popular playlists" never scans play events.
    play_count: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PlaylistTrack(SQLModel, table=True):
    """A track at a position in a playlist; the same track may appear twice.

    The row outlives its track: deleting the track sets ``track_id`` to NULL, and the
    snapshot taken when the row was added (title, artist, length) is what the playlist then
    shows, greyed out as unavailable, until someone who may edit the playlist removes it.
    A listener's playlist never silently loses a row because an artist took a song down.
    """

    __table_args__ = (
        UniqueConstraint("playlist_id", "position", name="uq_playlisttrack_position"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    playlist_id: int = Field(sa_column=_fk("playlist.id", index=False))
    track_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("track.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    position: int
    #: Snapshot of the track when the row was added, shown once the track is gone or hidden.
    track_title: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    artist_name: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    duration_ms: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    added_by_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
    )
    added_at: datetime = Field(default_factory=utcnow)


class PlaylistCollaborator(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("playlist_id", "user_id", name="uq_playlist_collab"),)

    id: int | None = Field(default=None, primary_key=True)
    playlist_id: int = Field(sa_column=_fk("playlist.id", index=False))
    user_id: int = Field(sa_column=_fk("user.id"))
    added_at: datetime = Field(default_factory=utcnow)


class TrackLike(SQLModel, table=True):
    """A liked song (the original design's ``LikeSong``)."""

    __table_args__ = (
        UniqueConstraint("user_id", "track_id", name="uq_tracklike"),
        Index("ix_tracklike_user_created", "user_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_fk("user.id", index=False))
    track_id: int = Field(sa_column=_fk("track.id"))
    created_at: datetime = Field(default_factory=utcnow)


class SavedAlbum(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("user_id", "album_id", name="uq_savedalbum"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_fk("user.id", index=False))
    album_id: int = Field(sa_column=_fk("album.id"))
    created_at: datetime = Field(default_factory=utcnow)


class Rating(SQLModel, table=True):
    """1-5 stars on exactly one of a track or an album."""

    __table_args__ = (
        UniqueConstraint("user_id", "track_id", name="uq_rating_track"),
        UniqueConstraint("user_id", "album_id", name="uq_rating_album"),
        CheckConstraint("stars BETWEEN 1 AND 5", name="ck_rating_stars"),
        CheckConstraint(
            "(track_id IS NULL) != (album_id IS NULL)", name="ck_rating_one_target"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_fk("user.id", index=False))
    track_id: int | None = Field(default=None, sa_column=_fk("track.id", nullable=True))
    album_id: int | None = Field(default=None, sa_column=_fk("album.id", nullable=True))
    stars: int
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Follow(SQLModel, table=True):
    """A user follows another user."""

    __table_args__ = (
        UniqueConstraint("follower_id", "followee_id", name="uq_follow"),
        CheckConstraint("follower_id != followee_id", name="ck_follow_not_self"),
    )

    id: int | None = Field(default=None, primary_key=True)
    follower_id: int = Field(sa_column=_fk("user.id", index=False))
    followee_id: int = Field(sa_column=_fk("user.id"))
    created_at: datetime = Field(default_factory=utcnow)


class ArtistFollow(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("user_id", "artist_id", name="uq_artistfollow"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_fk("user.id", index=False))
    artist_id: int = Field(sa_column=_fk("artistprofile.id"))
    created_at: datetime = Field(default_factory=utcnow)


class PlaylistFollow(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("user_id", "playlist_id", name="uq_playlistfollow"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_fk("user.id", index=False))
    playlist_id: int = Field(sa_column=_fk("playlist.id"))
    created_at: datetime = Field(default_factory=utcnow)

