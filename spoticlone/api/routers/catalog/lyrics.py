"""``GET /api/v1/tracks/{track_id}/lyrics``: a published track's synced or plain lyrics.

Parsing (LRC timestamps, offsets, word timing) and visibility live in
``spoticlone.services.catalog.lyrics``; the player's lyrics panel uses the same function.
"""

from __future__ import annotations

from fastapi import APIRouter

from spoticlone.api.deps import SessionDep
from spoticlone.api.params import id_path
from spoticlone.services.catalog import lyrics
from spoticlone.services.catalog.lyrics import TrackLyrics

router = APIRouter(prefix="/api/v1", tags=["tracks"])


@router.get(
    "/tracks/{track_id}/lyrics",
    response_model=TrackLyrics,
    summary="Get a track's lyrics",
    description=(
        "Time-synced lines (`synced: true`, `time_ms` per line, optional per-word times) "
        "when the track has LRC lyrics, else plain text (`time_ms` is -1 on every line)."
    ),
    responses={404: {"description": "No such track (or it is not published)."}},
)
def get_lyrics(session: SessionDep, track_id: id_path("The track's id.")):
    return lyrics.lyrics_for_track(session, track_id=track_id)
