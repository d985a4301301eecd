"""The load benchmark's machine reference (``benchmarks/_server_probe.MachinePace``).

Load figures on a shared machine compare only next to how fast the machine was meanwhile;
this pins that the reference really measures (samples of CPU time, in ms) and is summarised
as the benchmark prints it. No test here asserts how long anything took.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

PROBE = Path(__file__).resolve().parents[2] / "benchmarks" / "_server_probe.py"


def _probe_module():
    spec = importlib.util.spec_from_file_location("_server_probe", PROBE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_machine_reference_samples_a_fixed_loop_while_it_runs_and_stops_cleanly():
    probe = _probe_module()
    pace = probe.MachinePace(loops=20_000)
    time.sleep(1.5)  # the first sample comes at once, the next after a second's pause
    times = pace.stop()
    assert times and all(t > 0 for t in times)
    assert pace._proc.poll() is not None  # the probe process is gone, not left running


def test_the_reference_summary_gives_median_and_range():
    probe = _probe_module()
    assert probe.MachinePace.summary([]) is None
    assert probe.MachinePace.summary([30.0, 25.04, 41.2]) == {"median": 30.0, "min": 25.0, "max": 41.2, "samples": 3}
