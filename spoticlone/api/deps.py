"""FastAPI dependencies shared by the routers.

Each one is a seam tests can replace with ``app.dependency_overrides``; by default
they follow ``spoticlone.config.get_settings()``, so pointing ``SPOTICLONE_DATA_DIR``
at a temporary directory is enough to isolate a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from spoticlone.api import params
from spoticlone.db import session_scope
from spoticlone.integrations.media_store import MediaStore, default_store


def get_session() -> Iterator[Session]:
    """One short session per request: committed on success, rolled back on error.

    A sync generator, so FastAPI runs it (and the sync routes using it) in its
    thread pool and blocking database work never stalls the event loop that also
    carries Reflex's websocket.
    """
    with session_scope() as session:
        yield session


def get_media_store() -> MediaStore:
    """The configured media store (cached per media folder by ``default_store``)."""
    return default_store()


SessionDep = Annotated[Session, Depends(get_session)]
MediaStoreDep = Annotated[MediaStore, Depends(get_media_store)]

# Page parameters live with the other bounded numbers; re-exported for the routers.
PageParam = params.PageParam
PageSizeParam = params.PageSizeParam
