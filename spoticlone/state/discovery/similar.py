""""Fans also like" on an artist page and "Similar tracks" on a track page.

Each loads when its block mounts (keyed by the page's route param, so moving to another
artist or track remounts and reloads it); anyone may see them, and a signed-in listener's
"not interested" choices are left out by the service.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import DomainError
from spoticlone.services.discovery import similar
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import call_service, dump_all, track_views

ARTISTS_SHOWN = 6
TRACKS_SHOWN = 5


class FansAlsoLikeState(rx.State):
    """Related artists of the artist page's artist."""

    artists: list[dict[str, Any]] = []

    @rx.event
    async def load(self):
        slug = str(self.artist_slug or "").strip().lower()[:220]  # type: ignore[attr-defined]  # route param
        user_id = await signed_in_user_id(self)
        try:
            artist_id = await call_service(browse.artist_id_for_slug, slug=slug)
            found = await call_service(as_actor(similar.fans_also_like), user_id=user_id, artist_id=artist_id,
                                       limit=ARTISTS_SHOWN)
        except DomainError:
            self.artists = []
            return
        self.artists = dump_all(found)


class SimilarTracksState(rx.State):
    """Tracks that go with the track page's track."""

    tracks: list[dict[str, Any]] = []

    @rx.event
    async def load(self):
        track_id = routes.parse_ref(str(self.track_ref or ""))  # type: ignore[attr-defined]  # route param
        if track_id is None or track_id >= 2**63:
            self.tracks = []
            return
        user_id = await signed_in_user_id(self)
        try:
            found = await call_service(as_actor(similar.similar_tracks), user_id=user_id, track_id=track_id,
                                       limit=TRACKS_SHOWN)
        except DomainError:
            self.tracks = []
            return
        self.tracks = track_views(found)
