"""A listener's profile page: follow them, their followers and following, their playlists.

The lists travel in the URL (``/user/ada?tab=followers``) so they are shareable and the
back button works. The profile comes from the ``username`` route param (a root-state
var, never redeclared here). Whether the viewer may follow (not themselves, not
anonymously) is the service's decision; the UI only hides the button on your own page.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.core.actor import Actor
from spoticlone.services.core.errors import NotFound
from spoticlone.services.library import follows
from spoticlone.services.library.playlists import manage
from spoticlone.state.acting import act, as_actor, signed_in_user_id
from spoticlone.state.common import call_service, dump_all

TABS = ("followers", "following")
PEOPLE_SHOWN = 50


def _profile_panel(session, *, actor: Actor, username: str, tab: str):
    state = follows.user_follow_state(session, actor=actor, username=username)
    following_total = follows.following(session, username=username, page=1, page_size=1).total
    people = []
    if tab in TABS:
        lister = follows.followers if tab == "followers" else follows.following
        people = lister(session, username=username, page=1, page_size=PEOPLE_SHOWN).items
    shelf = manage.user_playlists(session, actor=actor, username=username)
    return state, following_total, people, shelf, actor is not None and actor.username == username


def _playlist_card(p: dict[str, Any]) -> dict[str, Any]:
    """Flat keys for the card grid (nested dicts cannot be indexed twice in a component)."""
    return {
        "id": p["id"], "title": p["name"], "url": p["url"], "cover_url": p["cover_url"],
        "artist_name": f"By {p['owner']['display_name']}", "year": None,
        "visibility": p["visibility"],
    }


class UserSocialState(rx.State):
    """Follow state, counts, the open list (if any) and public playlists of one profile."""

    following: bool = False
    follower_count: int = 0
    following_count: int = 0
    is_self: bool = False
    tab: str = ""  # "", "followers" or "following"
    people: list[dict[str, Any]] = []
    playlists: list[dict[str, Any]] = []
    error: str = ""

    @rx.var
    def followers_text(self) -> str:
        return f"{self.follower_count:,} follower" + ("" if self.follower_count == 1 else "s")

    @rx.var
    def following_text(self) -> str:
        return f"{self.following_count:,} following"

    def _name(self) -> str:
        return str(self.username or "").strip().lower()

    @rx.event
    async def load(self):
        self.error = ""
        tab = str((self.router.url.query_parameters or {}).get("tab") or "")
        self.tab = tab if tab in TABS else ""
        try:
            state, following_total, people, shelf, is_self = await call_service(
                as_actor(_profile_panel), user_id=await signed_in_user_id(self), username=self._name(), tab=self.tab
            )
        except NotFound:
            self.people, self.playlists, self.follower_count, self.following_count = [], [], 0, 0
            return
        self.following, self.follower_count = state.following, state.follower_count
        self.following_count, self.is_self = following_total, is_self
        self.people = dump_all(people)
        self.playlists = [_playlist_card(p) for p in dump_all(shelf) if p["visibility"] == "public"]

    @rx.event
    async def toggle_follow(self):
        """Follow this listener, or stop following them."""
        action = follows.unfollow_user if self.following else follows.follow_user
        state, redirect = await act(self, action, username=self._name())
        if state is None:
            return redirect
        self.following, self.follower_count = state.following, state.follower_count
        return UserSocialState.load if self.tab == "followers" else None
