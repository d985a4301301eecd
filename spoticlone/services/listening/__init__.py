"""Playing music: the queue, play events and when a listen counts, streaming a track's
bytes, and the charts those plays feed.

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.listening import charts``), which keeps import order simple.
"""

from spoticlone.services.listening.charts import artist_rank, chart, rebuild_daily, record_play, track_scores
from spoticlone.services.listening.plays import (
    claim_anonymous_plays,
    counts_as_play,
    recently_played,
    report_progress,
    start_play,
)
from spoticlone.services.listening.streaming import parse_range, resolve_stream

__all__ = [
    "artist_rank",
    "chart",
    "claim_anonymous_plays",
    "counts_as_play",
    "parse_range",
    "rebuild_daily",
    "recently_played",
    "record_play",
    "report_progress",
    "resolve_stream",
    "start_play",
    "track_scores",
]
