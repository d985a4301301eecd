"""``/me/year/<year>`` (the listener's own year, share and unshare) and ``/wrapped/<token>`` (a shared one).

``services.insight.year_review`` decides who sees what: the owner page reads only the signed-in
listener's plays; the shared page reads whatever the token names, for anyone, and a revoked or
forged token is "not shared". Like ``/me/stats``, the owner page asks the browser for its time
zone first; a shared year is shown in the zone its listener shared it in.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.config import get_settings
from spoticlone.services.core.errors import DomainError, NotFound
from spoticlone.services.insight import year_review
from spoticlone.services.insight.year_review import YearReview
from spoticlone.state.acting import act, as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.insight.listener_stats import minutes_text, ranked_rows
from spoticlone.state.insight.time_zone import BrowserTimeZone
from spoticlone.state.refusals import needs_sign_in, ui_message

LINK_COPIED = "Link copied"
SHARED = "Your year is shared: anyone with the link can see it."
UNSHARED = "Your year is no longer shared; the old link shows nothing."


def parse_year(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def card_src(year: int, zone: str, version: str) -> str:
    """The owner's card, in their zone; ``version`` changes the address when the figures change."""
    query = {k: v for k, v in (("tz", zone), ("v", version)) if v}
    return routes.year_card_url(year) + ("?" + urlencode(query) if query else "")


def busiest_text(review: YearReview) -> str:
    day = review.busiest_day
    return f"{day:%A, %B} {day.day}" if day else ""


class YearView(rx.State):
    """What both year pages show: figures as text, the top lists and the card's address."""

    loaded: bool = False
    error: str = ""
    year: str = ""
    empty: bool = True
    minutes: str = ""
    plays: str = ""
    top_genre: str = ""
    new_artists: str = ""
    busiest_day: str = ""
    busiest_minutes: str = ""
    top_artists: list[dict[str, Any]] = []
    top_tracks: list[dict[str, Any]] = []
    card_url: str = ""
    story_url: str = ""

    def _show(self, review: YearReview) -> None:
        self.year, self.empty = str(review.year), review.empty
        self.minutes, self.plays = f"{review.minutes:,}", f"{review.plays:,}"
        self.top_genre = review.top_genre.name if review.top_genre else ""
        self.new_artists = f"{review.new_artists:,}"
        self.busiest_day, self.busiest_minutes = busiest_text(review), minutes_text(review.busiest_day_minutes)
        self.top_artists, self.top_tracks = ranked_rows(review.top_artists), ranked_rows(review.top_tracks)


class YearReviewState(BrowserTimeZone, YearView):
    """The signed-in listener's own year, and whether (and where) it is shared."""

    shared: bool = False
    share_url: str = ""
    years: list[str] = []

    @rx.var
    def page_title(self) -> str:
        return document_title(f"Your {self.year}" if self.year else "Your year")

    def _share_link(self, review: YearReview) -> None:
        self.shared = review.shared
        self.share_url = routes.absolute(get_settings().public_url, review.share_path) if review.share_path else ""

    async def _refresh(self):
        year = parse_year(self.review_year)  # type: ignore[attr-defined]  # the route's param on the root state
        if year is None:
            self.error = "That is not a year; open a year like /me/year/2026."
            return None
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return sign_in_redirect(self)
        try:
            review = await call_service(as_actor(year_review.own_year), user_id=user_id, year=year,
                                        tz=self.browser_time_zone or None)
        except DomainError as exc:
            if needs_sign_in(exc):
                return sign_in_redirect(self)
            self.error = ui_message(exc)
            return None
        self._show(review)
        self._share_link(review)
        version = str(review.minutes)
        self.card_url = card_src(year, self.browser_time_zone, version)
        self.story_url = card_src(year, self.browser_time_zone, version) + "&variant=story"
        self.loaded = True
        return None

    @rx.event
    async def load(self):
        """``on_load``: ask the browser for its time zone once, then read the year."""
        self.error, self.loaded = "", False
        return await self._refresh_in_browser_zone()

    @rx.event
    async def share(self):
        """Make the year's link (the same one while shared) and copy it."""
        year = parse_year(self.review_year)  # type: ignore[attr-defined]
        if year is None:
            return None
        link, redirect = await act(self, year_review.share_year, year=year, tz=self.browser_time_zone or None)
        if link is None:
            return redirect or (rx.toast.error(self.error) if self.error else None)
        self.shared, self.share_url = True, routes.absolute(get_settings().public_url, link.path)
        return [rx.set_clipboard(self.share_url), rx.toast(SHARED)]

    @rx.event
    async def unshare(self):
        year = parse_year(self.review_year)  # type: ignore[attr-defined]
        if year is None:
            return None
        _, redirect = await act(self, year_review.unshare_year, year=year)
        if redirect is not None or self.error:
            return redirect or rx.toast.error(self.error)
        self.shared, self.share_url = False, ""
        return rx.toast(UNSHARED)

    @rx.event
    def copy_link(self):
        return [rx.set_clipboard(self.share_url), rx.toast(LINK_COPIED)] if self.share_url else None


class WrappedState(YearView):
    """A year its listener shared, for anyone with the link."""

    listener_name: str = ""
    not_found: bool = False

    @rx.var
    def page_title(self) -> str:
        if self.listener_name and self.year:
            return document_title(f"{self.listener_name}’s {self.year} in music")
        return document_title("Year in review")

    @rx.event
    async def load(self):
        """``on_load``: the token's year, or "not shared" (no sign-in needed)."""
        self.loaded, self.not_found, self.error = False, False, ""
        token = str(self.share_token or "")[:64]  # type: ignore[attr-defined]  # the route's param
        try:
            shared = await call_service(year_review.shared_review, token=token)
        except NotFound as exc:
            self.not_found, self.error = True, ui_message(exc)
            return None
        self.listener_name = shared.listener_name
        self._show(shared.review)
        self.card_url = routes.wrapped_card_url(token)
        self.story_url = routes.wrapped_card_url(token, "story")
        self.loaded = True
        return None
