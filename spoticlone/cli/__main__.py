"""``python -m spoticlone.cli``."""

import sys

from spoticlone.cli import main

sys.exit(main())
