"""The Reflex state manager is chosen on purpose: memory for one worker, Redis when configured.

Reflex's default ("disk") pickles every session into ``.states/`` and rescans that
folder on every write pass (see ``benchmarks/state_sessions.py``); it must never be
what the app runs on by accident.
"""

from __future__ import annotations

import runpy

import pytest
from reflex.constants import StateManagerMode

from spoticlone.config import PROJECT_ROOT, get_settings

REDIS = "redis://127.0.0.1:6399/0"


def _config(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SPOTICLONE_ENV", "test")
    for name in ("SPOTICLONE_REDIS_URL", "REFLEX_REDIS_URL", "REFLEX_STATE_MANAGER_MODE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        # A fresh namespace: re-importing rxconfig would leave this test's config behind.
        return runpy.run_path(str(PROJECT_ROOT / "rxconfig.py"))["config"]
    finally:
        get_settings.cache_clear()


def test_without_redis_the_single_worker_keeps_sessions_in_memory(monkeypatch, tmp_path):
    config = _config(monkeypatch, tmp_path)
    assert config.state_manager_mode == StateManagerMode.MEMORY
    assert "state_manager_mode" in config._non_default_attributes  # explicit, not Reflex's default
    assert not config.redis_url


@pytest.mark.parametrize("variable", ["SPOTICLONE_REDIS_URL", "REFLEX_REDIS_URL"])
def test_with_redis_configured_sessions_live_in_redis(monkeypatch, tmp_path, variable):
    config = _config(monkeypatch, tmp_path, **{variable: REDIS})
    assert config.state_manager_mode == StateManagerMode.REDIS
    assert config.redis_url == REDIS


def test_with_redis_a_lost_lock_wake_up_costs_seconds_not_ten(monkeypatch, tmp_path):
    """An event whose release notification is lost waits out the lock expiry (see rxconfig.py)."""
    config = _config(monkeypatch, tmp_path, SPOTICLONE_REDIS_URL=REDIS)
    assert config.redis_lock_expiration == 4000
    assert config.redis_lock_warning_threshold < config.redis_lock_expiration  # Reflex refuses otherwise
    assert _config(monkeypatch, tmp_path).redis_lock_expiration == 10000  # memory mode: no Redis lock
    overridden = _config(monkeypatch, tmp_path, SPOTICLONE_REDIS_URL=REDIS, REFLEX_REDIS_LOCK_EXPIRATION="6000")
    assert overridden.redis_lock_expiration == 6000
