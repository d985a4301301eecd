"""A stand-in for the chunk iterator Reflex hands an upload handler."""

from __future__ import annotations

from reflex_components_core.core._upload import UploadChunk


class Chunks:
    """Stands in for Reflex's chunk iterator; records how far the handler read."""

    def __init__(self, data: bytes, size: int = 256 * 1024):
        self.parts = [data[i:i + size] for i in range(0, len(data), size)] or [b""]
        self.read = 0

    def __aiter__(self):
        return self

    async def __anext__(self) -> UploadChunk:
        if self.read >= len(self.parts):
            raise StopAsyncIteration
        self.read += 1
        return UploadChunk(filename="me.png", offset=0, content_type="image/png",
                           data=self.parts[self.read - 1])


class NoFile:
    """What an upload zone's drop handler gets after the zone refused every file: no chunk at all."""

    def __aiter__(self):
        return self

    async def __anext__(self) -> UploadChunk:
        raise StopAsyncIteration
