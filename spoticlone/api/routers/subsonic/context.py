"""What every Subsonic endpoint handler gets: the session, the signed-in actor, the parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlmodel import Session

from spoticlone.api.routers.subsonic.protocol import Params
from spoticlone.api.routers.subsonic.shapes import Marks
from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import User
from spoticlone.services.library import collection


@dataclass
class Call:
    """One Subsonic request, signed in (``actor`` is never anonymous here)."""

    session: Session
    actor: User
    params: Params
    store: MediaStore
    request: Request
    client_ip: str | None
    #: The method name as called, lower-cased, without ``.view`` (``getalbumlist2``).
    method: str

    def marks(self, *, songs: list[int] = (), albums: list[int] = ()) -> Marks:  # type: ignore[assignment]
        """The actor's likes and saved albums among ``songs`` and ``albums``."""
        liked = collection.liked_ids(self.session, actor=self.actor, track_ids=list(songs)) if songs else set()
        saved = collection.saved_album_ids(self.session, actor=self.actor, album_ids=list(albums)) if albums else set()
        return Marks(songs=liked, albums=saved)


#: A handler returns the payload next to ``status`` (a dict) or a whole response (media).
Handler = Callable[[Call], Any]
ENDPOINTS: dict[str, Handler] = {}


def endpoint(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler under Subsonic method names (matched case-insensitively)."""
    def register(handler: Handler) -> Handler:
        for name in names:
            ENDPOINTS[name.lower()] = handler
        return handler
    return register
