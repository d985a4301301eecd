"""Listing the installed plugins imports no page state, so services may list them from any thread.

The archive page's "export everyone" runs in a worker thread and asks which plugins hold
personal data. Reflex can define a state class only where its registration context lives (the
thread that imported the first state), so a listing that imported the charts page's state
failed there with ``LookupError: RegistrationContext`` whenever nothing had imported it before.
A fresh interpreter is the only honest place to check: in this one the state is long imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from spoticlone.plugins import builtin
from spoticlone.state.listening.charts import ChartsState

ROOT = Path(__file__).resolve().parents[3]
LIST_ON_A_THREAD = """
import json, sys, threading
import spoticlone.state.admin.archive  # a page's state, imported on the main thread as the app does
from spoticlone.plugins import installed

seen = {}
def listing():
    try:
        found = installed.catalog(refresh=True)
        seen["usable"] = sorted(name for name, item in found.items() if item.builtin and item.usable)
        seen["installed"] = sorted(name for name, item in found.items() if not item.builtin and item.plugin)
    except Exception as exc:
        seen["error"] = f"{type(exc).__name__}: {exc}"
worker = threading.Thread(target=listing)
worker.start()
worker.join()
seen["state_imported"] = "spoticlone.state.listening.charts" in sys.modules
seen["plugin_states"] = sorted(m for m in sys.modules if m.startswith("spoticlone_") and m.endswith(".state"))
print(json.dumps(seen))
"""


def test_plugins_are_listed_on_a_worker_thread_without_importing_a_state():
    done = subprocess.run([sys.executable, "-c", LIST_ON_A_THREAD], capture_output=True, text=True, timeout=120,
                          check=True, cwd=ROOT)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in seen, seen.get("error")
    assert seen["usable"] == ["administration", "charts", "navigation"]
    assert not seen["state_imported"]
    assert "listenbrainz" in seen["installed"]  # the repository's own plugins are installed in dev
    assert seen["plugin_states"] == []  # nor the installed plugins' states (their pages import them)


def test_the_charts_page_still_loads_with_its_states_handler():
    charts = next(p for p in builtin.core_plugins() if p.name == "charts")
    (page,) = charts.pages
    assert page.on_load() is ChartsState.load
