"""What a release's fields must be before anything is saved: title, kind, genre, date, songs.

Shared by building a release (``releases.create_release``) and editing it or its songs
(``publishing``), so a field is checked the same way wherever it is set; the REST API reads
``MAX_RELEASE_TRACKS`` to bound its request bodies the same way. Each check raises
``Invalid`` with a message meant for the artist.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from spoticlone.models import AlbumKind, Genre
from spoticlone.services.core.errors import Invalid
from spoticlone.services.core.tag_text import clean_text

MAX_TITLE = 300
MAX_RELEASE_TRACKS = 100


def clean_title(value: str, what: str = "title") -> str:
    """A title without control characters and surrounding spaces; ``Invalid`` if empty or too long."""
    if not isinstance(value, str):
        raise Invalid(f"The {what} must be text.")
    title = clean_text(value, MAX_TITLE + 1)
    if not title:
        raise Invalid(f"The {what} cannot be empty.")
    if len(title) > MAX_TITLE:
        raise Invalid(f"The {what} can be at most {MAX_TITLE} characters long.")
    return title


def check_kind(value: AlbumKind | str) -> AlbumKind:
    """The kind of release named ``value`` (album, ep, single); ``Invalid`` otherwise."""
    try:
        return AlbumKind(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        raise Invalid("The kind of release must be album, EP or single.") from None


def check_genre(session: Session, genre_id: int | None) -> int | None:
    """``genre_id`` if that genre exists (or None); ``Invalid`` otherwise."""
    if genre_id is not None and session.get(Genre, genre_id) is None:
        raise Invalid("That genre does not exist; choose one from the list.")
    return genre_id


def check_release_date(value: date | None) -> date | None:
    """A plausible release date (years 1900-2999) or None; ``Invalid`` otherwise."""
    if value is not None and not 1900 <= value.year <= 2999:
        raise Invalid("The release date must be between the years 1900 and 2999.")
    return value


def check_track_ids(track_ids: Sequence[int]) -> list[int]:
    """A release's song ids: 1 to ``MAX_RELEASE_TRACKS`` integers, each once; ``Invalid`` otherwise."""
    ids = list(track_ids)
    if not ids:
        raise Invalid("Choose at least one song for the release.")
    if len(ids) > MAX_RELEASE_TRACKS:
        raise Invalid(f"A release can hold at most {MAX_RELEASE_TRACKS} songs.")
    if any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        raise Invalid("Songs are named by their numeric ids.")
    if len(set(ids)) != len(ids):
        raise Invalid("Each song can appear only once in a release.")
    return ids
