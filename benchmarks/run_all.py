"""Run every benchmark in sequence (``make benchmarks``).

Each one prints its own figures next to the reference it measured in the same run.
A benchmark that fails does not stop the others; the exit status is non-zero if any
failed. Extra arguments are not passed on: run a script directly to tune it.

    .venv/bin/python benchmarks/run_all.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Optional ones run only when present (search lands separately).
BENCHMARKS = ("catalog_pagination.py", "search.py", "streaming.py", "charts.py", "state_sessions.py",
              "uploads.py", "import_2000.py", "studio_analytics.py", "subsonic.py", "plays.py",
              "dashboard.py")


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        script = HERE / name
        if not script.exists():
            continue
        print(f"\n=== {name} ===", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"=== {name}: {'ok' if code == 0 else f'FAILED (exit {code})'} "
              f"in {time.monotonic() - started:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
