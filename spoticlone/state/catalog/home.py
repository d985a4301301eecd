"""Home page shelves: new releases, popular tracks, genres and featured artists."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.catalog import home
from spoticlone.services.listening import plays
from spoticlone.state.common import album_views, assign_changed, call_service, dump_all, track_views
from spoticlone.state.listening.player import PlayerState

RECENT_SHOWN = 6


class HomeState(rx.State):
    """Short, server-picked shelves; each list is a handful of items."""

    new_releases: list[dict[str, Any]] = []
    popular_tracks: list[dict[str, Any]] = []
    genres: list[dict[str, Any]] = []
    featured_artists: list[dict[str, Any]] = []
    recently_played: list[dict[str, Any]] = []
    loaded: bool = False

    @rx.var
    def is_empty(self) -> bool:
        return self.loaded and not (self.new_releases or self.popular_tracks)

    @rx.event
    async def load(self):
        feed = await call_service(home.home_feed, shelf_size=8)
        # The signed-in listener's history, or this browser's anonymous listening id.
        player = await self.get_state(PlayerState)
        recent = await call_service(
            plays.recently_played, limit=RECENT_SHOWN, **(await player.owner())
        )
        assign_changed(
            self,
            new_releases=album_views(feed.new_releases),
            popular_tracks=track_views(feed.popular_tracks),
            genres=dump_all(feed.genres),
            featured_artists=dump_all(feed.featured_artists),
            recently_played=track_views(recent),
            loaded=True,
        )
