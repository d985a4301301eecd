"""Background jobs for audio files: streaming renditions. Each one calls a service."""

from __future__ import annotations

from spoticlone.jobs.queue import queue


@queue.task(retries=2, retry_delay=60)
def make_renditions(track_id: int) -> list[str]:
    """Make a track's streaming renditions (one ffmpeg decoding, one AAC encoding per tier:
    seconds to minutes per track). A file ffmpeg cannot encode is logged, not retried."""
    from spoticlone.db import session_scope
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.media.renditions import make_renditions as make

    with session_scope() as session:
        return make(session, track_id=track_id, store=default_store())
