"""Playing music: the queue, play events and when a listen counts, streaming a track's
bytes, and the charts those plays feed.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.listening import charts``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.listening.charts import (
        artist_rank,
        chart,
        rebuild_daily,
        record_play,
        track_scores,
    )
    from spoticlone.services.listening.playback import (
        get_settings,
        normalisation_gain,
        track_normalisation,
        update_settings,
    )
    from spoticlone.services.listening.plays import (
        claim_anonymous_plays,
        counts_as_play,
        recently_played,
        report_progress,
        start_play,
    )
    from spoticlone.services.listening.streaming import parse_range, resolve_stream, streamable

#: Which module of the package defines each public function.
_HOMES = {
    "artist_rank": "charts",
    "chart": "charts",
    "claim_anonymous_plays": "plays",
    "counts_as_play": "plays",
    "get_settings": "playback",
    "normalisation_gain": "playback",
    "parse_range": "streaming",
    "rebuild_daily": "charts",
    "recently_played": "plays",
    "record_play": "charts",
    "report_progress": "plays",
    "resolve_stream": "streaming",
    "start_play": "plays",
    "streamable": "streaming",
    "track_normalisation": "playback",
    "track_scores": "charts",
    "update_settings": "playback",
}

__all__ = [
    "artist_rank",
    "chart",
    "claim_anonymous_plays",
    "counts_as_play",
    "get_settings",
    "normalisation_gain",
    "parse_range",
    "rebuild_daily",
    "recently_played",
    "record_play",
    "report_progress",
    "resolve_stream",
    "start_play",
    "streamable",
    "track_normalisation",
    "track_scores",
    "update_settings",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
