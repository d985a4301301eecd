"""Follows and star ratings on the artist, track, album and profile pages, and the Home feed.

Thin: every rule (who may follow whom, what a rating is) is in ``services.library.follows`` and
``services.library.ratings``. Each handler learns who is asking from the session cookie on the
server (``AuthState.current_user_id``) and passes that actor to the service, so no
websocket client can act as another listener. What is followed or rated comes from the
page's route param, re-read on the server, never from a client-sent id. A signed-out
visitor who presses Follow or a star is sent to sign in and brought back.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.catalog import browse
from spoticlone.services.core.actor import Actor
from spoticlone.services.core.errors import DomainError, NotFound
from spoticlone.services.library import follows, ratings
from spoticlone.services.listening import charts
from spoticlone.state.acting import act, as_actor, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.safety import guarded


def _artist_panel(session, *, actor: Actor, artist_id: int):
    return (
        follows.artist_follow_state(session, actor=actor, artist_id=artist_id),
        charts.artist_rank(session, artist_id=artist_id, period="week"),
        ratings.artist_rating(session, artist_id=artist_id),
    )


class ArtistSocialState(rx.State):
    """Follow button, follower count, this week's rank and the aggregated rating."""

    following: bool = False
    follower_count: int = 0
    is_self: bool = False  # the listener is this artist: no Follow button (the service refuses it)
    rank: int = 0  # 0 = not in this week's chart
    rating_average: float = 0.0
    rating_count: int = 0
    error: str = ""
    _artist_id: int = 0

    @rx.var
    def rank_text(self) -> str:
        return f"#{self.rank} this week" if self.rank else ""

    @rx.var
    def rating_text(self) -> str:
        return f"{self.rating_average:.1f}"

    @rx.var
    def followers_text(self) -> str:
        return f"{self.follower_count:,} follower" + ("" if self.follower_count == 1 else "s")

    @rx.event
    async def load(self):
        self.error = ""
        try:
            self._artist_id = await call_service(
                browse.artist_id_for_slug, slug=str(self.artist_slug or "").strip().lower()
            )
        except NotFound:
            self._artist_id, self.following, self.follower_count, self.rank = 0, False, 0, 0
            self.is_self = False
            return
        state, rank, rating = await call_service(
            as_actor(_artist_panel), user_id=await signed_in_user_id(self), artist_id=self._artist_id
        )
        self.following, self.follower_count, self.is_self = state.following, state.follower_count, state.is_self
        self.rank = rank.rank or 0
        self.rating_average, self.rating_count = rating.average or 0.0, rating.count

    @rx.event
    @guarded
    async def toggle_follow(self):
        """Follow the artist on this page, or stop following them."""
        if not self._artist_id:
            return None
        action = follows.unfollow_artist if self.following else follows.follow_artist
        state, redirect = await act(self, action, artist_id=self._artist_id)
        if state is not None:
            self.following, self.follower_count, self.is_self = state.following, state.follower_count, state.is_self
        return redirect


class RatingState(rx.State):
    """The 1–5 star control on a track or album page (one page at a time per tab).

    The target comes from the route param when the page loads, so ``rate`` only takes
    the number of stars.
    """

    average: float = 0.0
    count: int = 0
    mine: int = 0  # 0 = not rated by this listener
    error: str = ""
    _target: str = ""
    _target_id: int = 0

    @rx.var
    def summary_text(self) -> str:
        if not self.count:
            return "No ratings yet"
        noun = "rating" if self.count == 1 else "ratings"
        return f"{self.average:.1f} · {self.count:,} {noun}"

    def _show(self, summary) -> None:
        self.average, self.count, self.mine = summary.average or 0.0, summary.count, summary.mine or 0

    async def _load(self, target: str, ref: Any):
        self.error, self._target = "", target
        self._target_id = routes.parse_ref(str(ref or "")) or 0
        try:
            summary = await call_service(as_actor(ratings.rating_summary), user_id=await signed_in_user_id(self),
                                         target=target, target_id=self._target_id)
        except DomainError:
            self._target_id, self.average, self.count, self.mine = 0, 0.0, 0, 0
            return
        self._show(summary)

    @rx.event
    async def load_track(self):
        await self._load("track", self.track_ref)

    @rx.event
    async def load_album(self):
        await self._load("album", self.album_ref)

    async def _change(self, service, **kwargs):
        if not self._target_id:
            return None
        summary, redirect = await act(self, service, target=self._target, target_id=self._target_id, **kwargs)
        if summary is not None:
            self._show(summary)
        return redirect

    @rx.event
    async def rate(self, stars: int):
        """Give ``stars`` (1–5); pressing your current rating again keeps it."""
        try:
            value = int(stars)
        except (TypeError, ValueError):
            value = 0
        return await self._change(ratings.rate, stars=value)

    @rx.event
    async def remove(self):
        """Withdraw this listener's rating."""
        return await self._change(ratings.remove_rating)
