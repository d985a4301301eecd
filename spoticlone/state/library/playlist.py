"""The playlist page (``/playlist/<id>-<slug>``): view, play, follow, duplicate, edit tracks.

Every handler asks ``AuthState`` who is signed in (the server re-reads the session
cookie) and passes that actor to the playlist services, which hold every rule: a
websocket client can call any handler with any argument, but it can only ever act as
the account behind its own cookie. The playlist is always the one named by the page's
``playlist_ref`` route param (a root-state var, never redeclared here); only its id
counts. Owner-only dialogs (details, cover, collaborators, delete) live in
``state.library.playlist_edit``.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.services.catalog.dto import format_duration
from spoticlone.services.core.errors import DomainError, NotFound, PermissionDenied
from spoticlone.services.library.playlists import manage, tracks
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service, dump, track_view
from spoticlone.state.listening.queue import QueueState
from spoticlone.state.refusals import needs_sign_in, ui_message
from spoticlone.state.safety import guarded

SHOWN_ITEMS = 100  # songs per page: longer playlists page through ``?page=N``


def long_duration(ms: int) -> str:
    minutes = max(0, int(ms)) // 60_000
    hours, minutes = divmod(minutes, 60)
    return f"{hours} hr {minutes} min" if hours else f"{minutes} min"


def playlist_view(dto) -> dict[str, Any]:
    """A ``PlaylistOut`` as a flat dict (nested dict vars cannot be indexed twice in a component)."""
    data = dump(dto)
    owner = data.pop("owner", None) or {}
    count = int(data.get("track_count") or 0)
    gone = int(data.get("unavailable_count") or 0)
    data.update(
        unavailable_text=f"{gone} unavailable" if gone else "",
        owner_name=owner.get("display_name", ""), owner_username=owner.get("username", ""),
        owner_url=owner.get("url", ""),
        songs_text=f"{count} song" if count == 1 else f"{count} songs",
        length_text=long_duration(int(data.get("duration_ms") or 0)),
        followers_text=f"{data.get('follower_count', 0)} follower" + ("" if data.get("follower_count") == 1 else "s"),
        cover_url=data.get("cover_url") or "",
    )
    return data


#: The keys of a track row that an unavailable entry leaves empty (it has no track to link).
_EMPTY_TRACK = dict(
    id=0, slug="", url="", cover_url=None, artist_url="", album_id=None, album_title=None, album_url=None,
    featured=[], explicit=False, genre_name="", genre_url="", stream_url="", has_lyrics=False,
)


def item_view(item) -> dict[str, Any]:
    """One entry as a flat row; an unavailable one carries its snapshot and no links."""
    if item.track is not None:
        data = track_view(item.track)
    else:
        data = dict(_EMPTY_TRACK, title=item.title, artist_name=item.artist_name,
                    duration_ms=item.duration_ms, duration=format_duration(item.duration_ms))
    data.update(item_id=item.item_id, position=item.position, added_by=item.added_by or "",
                available=bool(item.available))
    return data


class PlaylistState(rx.State):
    """The playlist shown on the page, one page of its songs, and the listener's own actions.

    Rows and their buttons speak in positions on the shown page; handlers add ``offset``
    so the services always get positions in the whole playlist.
    """

    playlist: dict[str, Any] = {}
    items: list[dict[str, Any]] = []
    total: int = 0
    page: int = 1
    collaborators: list[dict[str, Any]] = []
    loaded_ref: str = ""
    not_found: bool = False
    error: str = ""
    notice: str = ""
    _drag_item: int = 0

    @rx.var
    def ready(self) -> bool:
        return bool(self.playlist)

    @rx.var
    def page_title(self) -> str:
        if self.not_found:
            return document_title("Not found")
        return document_title(self.playlist.get("name") or "Playlist")

    @rx.var
    def playable_ids(self) -> list[int]:
        """Track ids of the shown rows that can be played (for the like buttons)."""
        return [int(i["id"]) for i in self.items if i.get("available") and i.get("id")]

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // SHOWN_ITEMS))

    @rx.var
    def offset(self) -> int:
        return (self.page - 1) * SHOWN_ITEMS

    def playlist_id(self) -> int | None:
        return routes.parse_ref(str(self.playlist_ref or ""))

    def show(self, detail, collaborators: list | None = None) -> None:
        self.playlist = playlist_view(detail.playlist)
        self.items = [item_view(i) for i in detail.items]
        self.total = detail.total
        if collaborators is not None:
            self.collaborators = [dump(c) for c in collaborators]

    async def _page(self, user_id: int | None, playlist_id: int):
        """The shown page; past the end (songs were removed) it falls back to the last page."""
        detail = await call_service(as_actor(tracks.playlist_detail), user_id=user_id,
                                    playlist_id=playlist_id, page=self.page, page_size=SHOWN_ITEMS)
        last = max(1, -(-detail.total // SHOWN_ITEMS))
        if self.page > last:
            self.page = last
            return await self._page(user_id, playlist_id)
        return detail

    async def _show_after_change(self, detail) -> None:
        """Services answer a change with page 1; on a later page, read that page again."""
        if self.page == 1:
            self.show(detail)
        else:
            self.show(await self._page(await signed_in_user_id(self), self.playlist_id()))

    async def reload(self) -> None:
        """Read the playlist again as the signed-in listener sees it now."""
        playlist_id = self.playlist_id()
        user_id = await signed_in_user_id(self)
        if playlist_id is None:
            raise NotFound("That playlist does not exist.")
        detail = await self._page(user_id, playlist_id)
        people = await call_service(as_actor(manage.list_collaborators), user_id=user_id, playlist_id=playlist_id)
        self.show(detail, people)

    @rx.event
    @guarded
    async def load(self):
        ref = str(self.playlist_ref or "")
        self.error = self.notice = ""
        raw_page = str(self.router.url.query_parameters.get("page", "1"))
        self.page = max(1, int(raw_page)) if raw_page.isdigit() and len(raw_page) < 7 else 1
        if ref != self.loaded_ref:
            self.playlist, self.items, self.collaborators, self.not_found = {}, [], [], False
            yield
        try:
            await self.reload()
        except NotFound:
            self.playlist, self.items, self.collaborators = {}, [], []
            self.not_found, self.loaded_ref = True, ref
            return
        self.not_found, self.loaded_ref = False, ref

    async def _run(self, fn, **kwargs) -> tuple[Any, rx.event.EventSpec | None]:
        """Call ``fn`` as the signed-in listener; a refusal becomes a message or a sign-in redirect."""
        self.error = self.notice = ""
        playlist_id = self.playlist_id()
        user_id = await signed_in_user_id(self)
        try:
            if playlist_id is None:
                raise NotFound("That playlist does not exist.")
            return await call_service(as_actor(fn), user_id=user_id, playlist_id=playlist_id, **kwargs), None
        except PermissionDenied as exc:
            if user_id is None and needs_sign_in(exc):
                return None, sign_in_redirect(self)
            self.error = ui_message(exc)
        except DomainError as exc:
            self.error = ui_message(exc)
        return None, None

    async def _play(self, item_id: int | None, fallback: int = 0):
        """Queue the playable songs (ids and start come from the server) and start playing.

        Without an entry (``item_id`` None) it starts at ``fallback`` in the playable list.
        """
        found, redirect = await self._run(tracks.play_from, item_id=item_id)
        if redirect is not None or found is None:
            return redirect
        ids, start = found
        if not ids:
            return None
        if item_id is None:
            start = max(0, min(fallback, len(ids) - 1))
        return QueueState.play_list(ids, start, "playlist", str(self.playlist_id()))

    @rx.event
    @guarded
    async def play_all(self):
        """Play the playlist's playable songs from the first one (the big play button)."""
        return await self._play(None)

    @rx.event
    @guarded
    async def play(self, index: int = 0):
        """Play from the song in row ``index`` of the shown page; unavailable rows are refused.

        The row's entry is looked up on the shown page, so unavailable rows before it do not
        shift the start; a row the page has not loaded counts in playable songs.
        """
        row = max(0, _as_int(index))
        if row < len(self.items):
            return await self._play(_as_int(self.items[row].get("item_id")))
        return await self._play(None, self.offset + row)

    @rx.event
    @guarded
    async def follow(self):
        out, redirect = await self._run(manage.follow_playlist)
        if out is not None:
            self.playlist = playlist_view(out)
            return rx.toast.success(f"Saved {out.name} to your library")
        return redirect

    @rx.event
    @guarded
    async def unfollow(self):
        _, redirect = await self._run(manage.unfollow_playlist)
        if redirect is None and not self.error:
            try:
                await self.reload()
            except NotFound:
                self.not_found = True
        return redirect

    @rx.event
    @guarded
    async def duplicate(self):
        """Copy this playlist into a new private one of the listener's, then open it."""
        out, redirect = await self._run(manage.duplicate_playlist)
        if out is not None:
            return [rx.toast.success(f"Created {out.name}"), rx.redirect(out.url)]
        return redirect

    @rx.event
    @guarded
    async def remove_item(self, item_id: int):
        detail, redirect = await self._run(tracks.remove_item, item_id=_as_int(item_id))
        if detail is not None:
            await self._show_after_change(detail)
            return rx.toast("Removed from this playlist")
        return redirect

    async def _move(self, item_id: Any, to_position: Any):
        row = _as_int(to_position) if str(to_position).lstrip("-").isdigit() else None
        target = self.offset + row if row is not None else -1  # -1: refused by the service
        detail, redirect = await self._run(tracks.move_item, item_id=_as_int(item_id),
                                           to_position=target)
        if detail is not None:
            await self._show_after_change(detail)
        return redirect

    @rx.event
    @guarded
    async def move_item(self, item_id: int, to_position: int):
        """Move one song to ``to_position`` (0-based on the shown page; -1 is the end of the
        previous page): the keyboard-reachable up/down buttons."""
        return await self._move(item_id, to_position)

    @rx.event
    def drag_start(self, item_id: int):
        self._drag_item = _as_int(item_id)

    @rx.event
    @guarded
    async def drop_at(self, to_position: int):
        item, self._drag_item = self._drag_item, 0
        if item > 0:
            return await self._move(item, to_position)
        return None


def _as_int(value: Any) -> int:
    """A client-sent number as an int (nonsense becomes -1, which every service refuses)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
