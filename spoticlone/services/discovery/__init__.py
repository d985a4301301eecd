"""Discovery: the recommendation engine (signals, generators, blender), its stored picks with
reasons, a listener's "not interested" and taste picks, and the offline evaluation.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.discovery.blend import blend_scores, spread_artists
    from spoticlone.services.discovery.content import item_features
    from spoticlone.services.discovery.dataset import interaction_matrix, single_row
    from spoticlone.services.discovery.editorial import (
        add_feature,
        list_features,
        live_shelves,
        move_feature,
        remove_feature,
        shelf_names,
        update_feature,
    )
    from spoticlone.services.discovery.engine import train
    from spoticlone.services.discovery.evaluation import (
        coverage,
        evaluate,
        ndcg_at_k,
        precision_at_k,
        recall_at_k,
        report,
        time_split,
    )
    from spoticlone.services.discovery.hidden import hidden_items, hide_artist_of_track
    from spoticlone.services.discovery.mix_cache import (
        cached_for_listener,
        clear_mix_cache,
        listener_version,
        mix_cache_size,
        play_step,
    )
    from spoticlone.services.discovery.mix_popular import most_played_genres, newest_releases, popular_fill
    from spoticlone.services.discovery.mixes import (
        get_mix,
        home_picks,
        home_shelf,
        my_mixes,
        needs_taste_picks,
        save_mix,
    )
    from spoticlone.services.discovery.preferences import (
        mark_not_interested,
        my_preferences,
        set_taste_picks,
        taste_choices,
        undo_not_interested,
    )
    from spoticlone.services.discovery.radio import (
        get_station,
        keep_playing,
        next_batch,
        start_station,
        station_feedback,
    )
    from spoticlone.services.discovery.radio_steering import steer
    from spoticlone.services.discovery.recommendations import (
        recommendations_for,
        refresh_for_user,
        refresh_if_stale,
        stored_recommendations,
        train_engine,
    )
    from spoticlone.services.discovery.shortlist import best_items, query_for
    from spoticlone.services.discovery.signals import collect_signals, load_dataset, seconds, user_history
    from spoticlone.services.discovery.similar import fans_also_like, similar_tracks
    from spoticlone.services.discovery.store import engine_path, load_engine, save_engine
    from spoticlone.services.discovery.synthetic import bulk, clustered, demo_catalog, demo_listeners, listen
    from spoticlone.services.discovery.threads import single_blas_thread

#: Which module of the package defines each public function.
_HOMES = {
    "add_feature": "editorial",
    "best_items": "shortlist",
    "blend_scores": "blend",
    "bulk": "synthetic",
    "cached_for_listener": "mix_cache",
    "clear_mix_cache": "mix_cache",
    "clustered": "synthetic",
    "collect_signals": "signals",
    "coverage": "evaluation",
    "demo_catalog": "synthetic",
    "demo_listeners": "synthetic",
    "engine_path": "store",
    "evaluate": "evaluation",
    "fans_also_like": "similar",
    "get_mix": "mixes",
    "get_station": "radio",
    "hidden_items": "hidden",
    "hide_artist_of_track": "hidden",
    "home_picks": "mixes",
    "home_shelf": "mixes",
    "interaction_matrix": "dataset",
    "item_features": "content",
    "keep_playing": "radio",
    "list_features": "editorial",
    "listen": "synthetic",
    "listener_version": "mix_cache",
    "live_shelves": "editorial",
    "load_dataset": "signals",
    "load_engine": "store",
    "mark_not_interested": "preferences",
    "mix_cache_size": "mix_cache",
    "most_played_genres": "mix_popular",
    "move_feature": "editorial",
    "my_mixes": "mixes",
    "my_preferences": "preferences",
    "ndcg_at_k": "evaluation",
    "needs_taste_picks": "mixes",
    "newest_releases": "mix_popular",
    "next_batch": "radio",
    "play_step": "mix_cache",
    "popular_fill": "mix_popular",
    "precision_at_k": "evaluation",
    "query_for": "shortlist",
    "recall_at_k": "evaluation",
    "recommendations_for": "recommendations",
    "refresh_for_user": "recommendations",
    "refresh_if_stale": "recommendations",
    "remove_feature": "editorial",
    "report": "evaluation",
    "save_engine": "store",
    "save_mix": "mixes",
    "seconds": "signals",
    "set_taste_picks": "preferences",
    "shelf_names": "editorial",
    "similar_tracks": "similar",
    "single_blas_thread": "threads",
    "single_row": "dataset",
    "spread_artists": "blend",
    "start_station": "radio",
    "station_feedback": "radio",
    "steer": "radio_steering",
    "stored_recommendations": "recommendations",
    "taste_choices": "preferences",
    "time_split": "evaluation",
    "train": "engine",
    "train_engine": "recommendations",
    "undo_not_interested": "preferences",
    "update_feature": "editorial",
    "user_history": "signals",
}

__all__ = [
    "add_feature",
    "best_items",
    "blend_scores",
    "bulk",
    "cached_for_listener",
    "clear_mix_cache",
    "clustered",
    "collect_signals",
    "coverage",
    "demo_catalog",
    "demo_listeners",
    "engine_path",
    "evaluate",
    "fans_also_like",
    "get_mix",
    "get_station",
    "hidden_items",
    "hide_artist_of_track",
    "home_picks",
    "home_shelf",
    "interaction_matrix",
    "item_features",
    "keep_playing",
    "list_features",
    "listen",
    "listener_version",
    "live_shelves",
    "load_dataset",
    "load_engine",
    "mark_not_interested",
    "mix_cache_size",
    "most_played_genres",
    "move_feature",
    "my_mixes",
    "my_preferences",
    "ndcg_at_k",
    "needs_taste_picks",
    "newest_releases",
    "next_batch",
    "play_step",
    "popular_fill",
    "precision_at_k",
    "query_for",
    "recall_at_k",
    "recommendations_for",
    "refresh_for_user",
    "refresh_if_stale",
    "remove_feature",
    "report",
    "save_engine",
    "save_mix",
    "seconds",
    "set_taste_picks",
    "shelf_names",
    "similar_tracks",
    "single_blas_thread",
    "single_row",
    "spread_artists",
    "start_station",
    "station_feedback",
    "steer",
    "stored_recommendations",
    "taste_choices",
    "time_split",
    "train",
    "train_engine",
    "undo_not_interested",
    "update_feature",
    "user_history",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
