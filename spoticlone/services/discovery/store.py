"""Where the trained engine lives between the job that trains it and the requests that use it.

One pickle file in the data folder, replaced atomically (``integrations.atomic``), so a
request reads the old engine or the whole new one. It is our own file, written by our own
training job, never one a user supplied. Each process keeps the loaded engine in memory and
reloads it only when the file changes.
"""

from __future__ import annotations

import logging
import pickle
import threading
from pathlib import Path

from spoticlone.config import get_settings
from spoticlone.integrations.atomic import atomic_write
from spoticlone.services.discovery.engine import Engine

log = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: dict[Path, tuple[float, Engine]] = {}


def engine_path() -> Path:
    """The engine file in the data folder."""
    return get_settings().data_dir / "discovery" / "engine.pickle"


def save_engine(engine: Engine, path: Path | None = None) -> Path:
    """Replace the saved engine atomically; readers reload it on their next use."""
    target = path or engine_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, lambda handle: pickle.dump(engine, handle, protocol=pickle.HIGHEST_PROTOCOL))
    with _lock:
        _cache.pop(target, None)
    return target


def load_engine(path: Path | None = None) -> Engine | None:
    """The newest trained engine, or None before the first training run."""
    target = path or engine_path()
    try:
        stamp = target.stat().st_mtime
    except FileNotFoundError:
        return None
    with _lock:
        cached = _cache.get(target)
        if cached and cached[0] == stamp:
            return cached[1]
        with target.open("rb") as handle:
            engine = pickle.load(handle)
        _cache[target] = (stamp, engine)
        return engine
