"""The job queue: one process queues, the worker process runs, failures are retried and kept.

Everything here crosses process boundaries on purpose, through the same SQLite queue
file ``make run`` uses: an in-process check would pass even if the worker could not see
what the web server queued.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from spoticlone.db import create_schema, make_engine
from spoticlone.models import CodePurpose, EmailCode, JobFailure, utcnow
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 60


@pytest.fixture
def job_env(tmp_path) -> dict[str, str]:
    data = tmp_path / "data"
    env = {**os.environ, "SPOTICLONE_ENV": "development", "SPOTICLONE_DATA_DIR": str(data),
           "SPOTICLONE_JOBS_IMMEDIATE": "false"}
    for name in ("SPOTICLONE_DATABASE_URL", "SPOTICLONE_REDIS_URL"):
        env.pop(name, None)
    engine = make_engine(f"sqlite:///{data / 'spoticlone.db'}")
    create_schema(engine)
    engine.dispose()
    return env


@pytest.fixture
def worker(job_env) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        [sys.executable, "-m", "spoticlone.cli", "worker", "--import", "tests.jobs_support"],
        cwd=ROOT, env=job_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _engine(env: dict[str, str]):
    return make_engine(f"sqlite:///{env['SPOTICLONE_DATA_DIR']}/spoticlone.db")


def _wait_for(predicate, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if predicate():
            return
        assert process.poll() is None, process.stdout.read().decode(errors="replace")
        time.sleep(0.2)
    raise AssertionError(f"the worker did not get there in {WAIT_S}s")


def test_a_job_queued_by_one_process_is_run_by_the_worker(job_env, worker):
    engine = _engine(job_env)
    with Session(engine) as session:
        user = make_user(session)
        session.add(EmailCode(user_id=user.id, purpose=CodePurpose.VERIFY_EMAIL, code_hash="x" * 64,
                              request_id="r", expires_at=utcnow() - timedelta(days=2),
                              created_at=utcnow() - timedelta(days=2)))
        session.commit()

    queued = subprocess.run([sys.executable, "-m", "spoticlone.cli", "cleanup", "--queue"],
                            cwd=ROOT, env=job_env, capture_output=True, text=True, timeout=120)
    assert queued.returncode == 0, queued.stderr
    assert "Queued" in queued.stdout

    def code_gone() -> bool:
        with Session(engine) as session:
            return session.exec(select(EmailCode)).first() is None

    _wait_for(code_gone, worker)


def test_a_failing_job_is_retried_then_recorded(job_env, worker, tmp_path):
    tries = tmp_path / "tries"
    queued = subprocess.run(
        [sys.executable, "-c", "import sys; from tests.jobs_support import always_fails; "
         "always_fails(sys.argv[1])", str(tries)],
        cwd=ROOT, env=job_env, capture_output=True, text=True, timeout=120,
    )
    assert queued.returncode == 0, queued.stderr
    engine = _engine(job_env)

    def recorded() -> bool:
        with Session(engine) as session:
            return session.exec(select(JobFailure)).first() is not None

    _wait_for(recorded, worker)
    with Session(engine) as session:
        failure = session.exec(select(JobFailure)).one()
    assert failure.task_name.endswith("always_fails")
    assert "the disk is full" in failure.error
    assert failure.retries == 2
    assert tries.read_text() == "3"  # the first try and two retries
