"""What the core's own tests use, as a stable API for plugin authors (``API_VERSION`` 1).

In a plugin's ``tests/conftest.py``::

    pytest_plugins = ["spoticlone.testing.fixtures"]

gives the fixtures ``settings``, ``engine``, ``session`` (a fresh SQLite database per
test, core tables created), ``api`` (a FastAPI ``TestClient``) and ``enable_plugin``.
Then:

* ``factories`` — ``make_user``, ``make_track``, ``make_account``, ``make_api_token``...
  (the core's own, ``tests/factories.py``);
* ``state_for`` / ``drive`` / ``run`` / ``call`` — run an ``rx.State`` handler for real,
  without a browser, optionally as a signed-in account;
* ``render_page`` — build a page component and get its compiled text, to check it renders.
"""

from spoticlone.testing import factories
from spoticlone.testing.driver import Outcome, call, drive, run, state_for
from spoticlone.testing.render import render_page

__all__ = ["Outcome", "call", "drive", "factories", "render_page", "run", "state_for"]
