"""Genres, albums and tracks: the catalog every listener browses."""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from spoticlone.models.common import IDS_NEVER_REUSED, AlbumKind, TrackStatus, utcnow


def _fk(target: str, *, ondelete: str, nullable: bool = True, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


class Genre(SQLModel, table=True):
    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    slug: str = Field(unique=True, index=True, max_length=120)
    description: str = Field(default="", max_length=2000)


class Album(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("artist_id", "slug", name="uq_album_artist_slug"),
        Index("ix_album_release_date", "release_date"),
        # The album lists walk only listed albums, in display order, from these alone.
        Index("ix_album_listed_newest", "release_date", "id",
              postgresql_where=text("listed_tracks > 0"), sqlite_where=text("listed_tracks > 0")),
        Index("ix_album_listed_title", "title", "id",
              postgresql_where=text("listed_tracks > 0"), sqlite_where=text("listed_tracks > 0")),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    slug: str = Field(max_length=320)
    artist_id: int = Field(sa_column=_fk("artistprofile.id", ondelete="CASCADE", nullable=False))
    genre_id: int | None = Field(default=None, sa_column=_fk("genre.id", ondelete="SET NULL"))
    release_date: date | None = None
    cover_key: str | None = Field(default=None, max_length=255)
    kind: AlbumKind = Field(default=AlbumKind.ALBUM)
    created_at: datetime = Field(default_factory=utcnow)
    #: When a scheduled release comes out (its tracks are ``SCHEDULED`` until then); None otherwise.
    release_at: datetime | None = Field(default=None, index=True)
    #: When and by whom the rights to publish this release were affirmed (required to publish).
    #: A record, not a link: the account id stays even if that account is later deleted.
    rights_affirmed_at: datetime | None = None
    rights_affirmed_by_id: int | None = None
    #: How many of its tracks are published: kept by database triggers
    #: (``services.catalog.album_listing``), never written by the app.
    listed_tracks: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Track(SQLModel, table=True):
    __table_args__ = (
        Index("ix_track_status_play_count", "status", "play_count"),
        Index("ix_track_status_release_date", "status", "release_date"),
        Index("ix_track_status_title", "status", "title"),
        Index("ix_track_album_order", "album_id", "disc_number", "track_number"),
        Index("ix_track_artist_status", "artist_id", "status", "play_count"),
        Index("ix_track_genre_status", "genre_id", "status"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    slug: str = Field(max_length=320)
    artist_id: int = Field(
        sa_column=_fk("artistprofile.id", ondelete="CASCADE", nullable=False, index=False)
    )
    album_id: int | None = Field(
        default=None, sa_column=_fk("album.id", ondelete="SET NULL", index=False)
    )
    disc_number: int = 1
    track_number: int | None = None
    genre_id: int | None = Field(default=None, sa_column=_fk("genre.id", ondelete="SET NULL"))
    duration_ms: int = 0
    release_date: date | None = None
    audio_key: str = Field(max_length=255, description="Media store key of the audio file")
    audio_format: str = Field(max_length=20, description="mp3, flac, ogg, opus, wav, m4a")
    mime_type: str = Field(default="application/octet-stream", max_length=60)
    bitrate: int | None = Field(default=None, description="bits per second")
    sample_rate: int | None = Field(default=None, description="Hz")
    file_size: int = 0
    #: SHA-256 (hex) of the stored audio, to recognise the same file imported or uploaded again.
    #: Set by ingestion; tracks from before it have none until ``cli hash-audio`` fills them in.
    audio_sha256: str | None = Field(default=None, max_length=64, index=True)
    cover_key: str | None = Field(default=None, max_length=255)
    lyrics: str = Field(default="", description="Plain lyrics")
    synced_lyrics: str = Field(default="", description="Time-synced lyrics in LRC format")
    play_count: int = Field(default=0)
    licence: str = Field(default="All rights reserved", max_length=200)
    isrc: str | None = Field(default=None, max_length=12, description="International Standard Recording Code")
    explicit: bool = False
    status: TrackStatus = Field(default=TrackStatus.PUBLISHED, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class TrackFeaturedArtist(SQLModel, table=True):
    """Featured (secondary) artists on a track: many-to-many."""

    track_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("track.id", ondelete="CASCADE"), primary_key=True
        )
    )
    artist_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("artistprofile.id", ondelete="CASCADE"), primary_key=True,
            index=True,
        )
    )
