"""A long-lived probe child still gives each file only its own CPU allowance, however many it may parse."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from spoticlone.services.media import probe_pool
from spoticlone.services.media.sandbox import PROJECT_ROOT

SPIN_AFTER_WORK = textwrap.dedent("""
    import resource, sys, time
    from spoticlone.services.media import audio_probe, probe_pool, sandbox

    # As ``_serve`` starts a child: the lifetime CPU cap scales with RECYCLE_AFTER.
    sandbox.limit_self(memory_mb=512, cpu_seconds=1 * (probe_pool.RECYCLE_AFTER + 1), file_mb=32)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    assert hard >= 1000, hard

    def spin(path, cover):
        while True:
            pass

    audio_probe.probe_in_process = spin
    # Earlier files used some CPU: the next file's allowance starts from there.
    end = time.process_time() + 1.2
    while time.process_time() < end:
        pass
    probe_pool._probe_one("hostile.mp3", "", 1, hard)
    sys.exit(0)  # not reached: the kernel stops the spinning parse
""")


def test_a_spinning_file_is_stopped_after_its_own_allowance_not_the_childs(tmp_path):
    """The hard limit is over 2,000 CPU seconds; the file is still killed (SIGXCPU) after about one."""
    done = subprocess.run([sys.executable, "-c", SPIN_AFTER_WORK], cwd=tmp_path, timeout=120,
                          env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == -signal.SIGXCPU


def test_a_file_is_not_parsed_when_its_allowance_cannot_be_set(monkeypatch):
    import resource

    from spoticlone.services.media import audio_probe

    def refuse(which, limits):
        raise ValueError("not allowed")

    def parse(path, cover):
        raise AssertionError("parsed without its own CPU allowance")

    monkeypatch.setattr(resource, "setrlimit", refuse)
    monkeypatch.setattr(audio_probe, "probe_in_process", parse)
    answer, fatal = probe_pool._probe_one("song.mp3", "", 20, resource.RLIM_INFINITY)
    assert fatal and answer["ok"] is False and answer["reason"] == "crashed"

