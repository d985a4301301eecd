"""What an upload zone's drop handler receives when the zone refused every file.

Reflex's upload zone calls its ``on_drop`` handler after every drop, even when it refused all
the files itself (wrong type, over ``max_size``) and has just called ``on_drop_rejected``,
whose handler shows why. That upload carries no file: handled as usual, it cleared the message
(support screenshot) or replaced it with "could not be read" about nothing (pictures, lyrics,
smart playlists). A drop handler therefore starts with ``sent_files`` (every zone is built by
``components/file_picker``).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import TypeVar

T = TypeVar("T")


async def sent_files(chunks: AsyncIterable[T]) -> AsyncIterator[T] | None:
    """``chunks`` as they come, or None when the browser sent no file at all.

    An empty file still arrives as one empty chunk (Reflex emits it), so None means only
    "nothing was sent".
    """
    source = aiter(chunks)
    try:
        first = await anext(source)
    except StopAsyncIteration:
        return None

    async def all_chunks() -> AsyncIterator[T]:
        yield first
        async for chunk in source:
            yield chunk

    return all_chunks()
