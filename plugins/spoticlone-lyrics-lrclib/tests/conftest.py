"""The core's test harness plus a fake LRCLIB on 127.0.0.1, which the operator allows here."""

import os

os.environ.setdefault("SPOTICLONE_LRCLIB_EXTRA_HOSTS", "127.0.0.1")

import pytest
from fake_lrclib import FakeLrclib

# The core harness, imported rather than named in pytest_plugins: under the repository's
# test run this conftest is not at the rootdir, where pytest only allows pytest_plugins.
from spoticlone.testing.fixtures import *  # noqa: F403


@pytest.fixture
def fake_lrclib():
    server = FakeLrclib()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def plugin_subscribers():
    """Register installed plugins' subscribers as the web app does at start (each checks "enabled")."""
    from spoticlone.plugins import activation

    activation.load_subscribers()
    yield
    activation.unload_subscribers()


@pytest.fixture
def run_jobs():
    """``run_jobs()``: run every job scheduled so far (retries included), as the worker would later."""
    from datetime import datetime, timedelta

    from spoticlone.jobs.queue import queue

    queue.storage.flush_schedule()

    def run() -> int:
        later = datetime.utcnow() + timedelta(days=1)
        tasks = queue.read_schedule(later)
        for task in tasks:
            queue.execute(task, later)
        return len(tasks)

    yield run
    queue.storage.flush_schedule()
