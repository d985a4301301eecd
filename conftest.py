"""Settings the whole test run needs before any test module is imported.

The first-party plugins' tests talk to fake servers on 127.0.0.1, which the operator must allow
(each plugin reads its ``*_EXTRA_HOSTS`` when it is loaded). Core test modules load every
installed plugin while being collected (``tests/api/test_fuzz.py`` builds the API), before the
plugins' own conftests run, so the allowance is given here, at the root, first.
"""

import os

os.environ.setdefault("SPOTICLONE_LRCLIB_EXTRA_HOSTS", "127.0.0.1")
os.environ.setdefault("SPOTICLONE_LISTENBRAINZ_EXTRA_HOSTS", "127.0.0.1")
