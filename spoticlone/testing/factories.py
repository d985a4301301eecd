"""The core's test factories (``tests/factories.py``) for plugin tests.

One definition, two names: the core's suite imports ``tests.factories``; a plugin,
which cannot import the core's ``tests`` package, gets the same functions here. The
module is loaded from the checkout Spoticlone runs from.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_SOURCE = Path(__file__).resolve().parents[2] / "tests" / "factories.py"
_spec = importlib.util.spec_from_file_location("spoticlone.testing._core_factories", _SOURCE)
if _spec is None or _spec.loader is None or not _SOURCE.is_file():
    raise ImportError(f"spoticlone.testing.factories needs the Spoticlone checkout ({_SOURCE} is missing)")
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)

make_user = _module.make_user
make_genre = _module.make_genre
make_artist = _module.make_artist
make_album = _module.make_album
make_track = _module.make_track
make_account = _module.make_account
make_playlist = _module.make_playlist
make_api_token = _module.make_api_token

__all__ = ["make_account", "make_album", "make_api_token", "make_artist", "make_genre", "make_playlist",
           "make_track", "make_user"]
