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


@queue.task(retries=2, retry_delay=60)
def queue_audio_analysis(loudness_ids: list[int], rendition_ids: list[int]) -> int:
    """Queue a loudness job and a renditions job per track, in the worker.

    A bulk import hands its thousands of tracks over in this one job: every job queued is
    a durable write to the queue, which the worker can afford and the import should not wait on.
    """
    from spoticlone.jobs.tasks import measure_loudness

    for track_id in loudness_ids:
        measure_loudness(track_id)
    for track_id in rendition_ids:
        make_renditions(track_id)
    return len(loudness_ids) + len(rendition_ids)
