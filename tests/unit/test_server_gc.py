"""The worker's garbage-collector tuning: the setting is honoured, ``off`` leaves gc alone."""

from __future__ import annotations

import gc
import logging
import sys

import pytest
from pydantic import ValidationError

from spoticlone import server_gc
from spoticlone.config import Settings


@pytest.fixture
def restore_gc():
    """Put CPython's collector back as it was: thresholds, frozen objects, callbacks."""
    thresholds, callbacks, switch = gc.get_threshold(), list(gc.callbacks), sys.getswitchinterval()
    yield
    sys.setswitchinterval(switch)
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    gc.callbacks[:] = callbacks
    server_gc._timer = None


def test_default_setting_freezes_and_raises_thresholds(restore_gc, monkeypatch):
    monkeypatch.delenv("SPOTICLONE_GC_THRESHOLDS", raising=False)
    monkeypatch.setattr("spoticlone.config.get_settings", lambda: Settings())
    gc.unfreeze()
    server_gc.tune_worker()
    assert gc.get_threshold() == (50000, 20, 1)
    # Everything alive after start-up is in the permanent generation, out of every collection.
    assert gc.get_freeze_count() > 1000


def test_thresholds_come_from_the_environment(restore_gc, monkeypatch):
    monkeypatch.setenv("SPOTICLONE_GC_THRESHOLDS", "20000,30,40")
    monkeypatch.setattr("spoticlone.config.get_settings", lambda: Settings())
    server_gc.tune_worker()
    assert gc.get_threshold() == (20000, 30, 40)


def test_off_leaves_the_collector_alone(restore_gc, monkeypatch):
    monkeypatch.setenv("SPOTICLONE_GC_THRESHOLDS", "off")
    monkeypatch.setattr("spoticlone.config.get_settings", lambda: Settings())
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    server_gc.tune_worker()
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


def test_the_worker_hands_the_interpreter_over_sooner(restore_gc, monkeypatch):
    """The event loop waits at most this long for a thread running a query (CPython: 5 ms)."""
    monkeypatch.delenv("SPOTICLONE_GIL_SWITCH_MS", raising=False)
    monkeypatch.setattr("spoticlone.config.get_settings", lambda: Settings())
    sys.setswitchinterval(0.005)
    server_gc.tune_worker()
    assert sys.getswitchinterval() == pytest.approx(Settings().gil_switch_ms / 1000)
    assert Settings().gil_switch_ms < 5
    monkeypatch.setenv("SPOTICLONE_GIL_SWITCH_MS", "5")
    server_gc.tune_worker()
    assert sys.getswitchinterval() == pytest.approx(0.005)
    for bad in ("0", "1000", "soon"):
        with pytest.raises(ValidationError):
            Settings(gil_switch_ms=bad)


@pytest.mark.parametrize("value", ["1,2", "fast", "50000,50,100,1", "-1,10,10"])
def test_malformed_settings_are_refused(value):
    with pytest.raises((ValidationError, ValueError)):
        server_gc.parse_thresholds(Settings(gc_thresholds=value).gc_thresholds)


def test_parse_thresholds():
    assert server_gc.parse_thresholds("OFF") is None
    assert server_gc.parse_thresholds("50000,50,100") == (50000, 50, 100)
    with pytest.raises(ValueError):
        server_gc.parse_thresholds("0,10,10")  # a zero first threshold disables collection altogether


def test_timer_logs_only_slow_full_collections(caplog):
    timer = server_gc.FullCollectionTimer(slow_s=0.0)
    with caplog.at_level(logging.WARNING, logger="spoticlone.server_gc"):
        timer("start", {"generation": 0})
        timer("stop", {"generation": 0})
        assert timer.count == 0 and not caplog.records
        timer("start", {"generation": 2})
        timer("stop", {"generation": 2})
    assert timer.count == 1
    assert "full garbage collection paused the worker" in caplog.text


def test_the_app_tunes_its_worker_at_start():
    from spoticlone.spoticlone import app

    assert server_gc.tune_worker in app.get_lifespan_tasks()
