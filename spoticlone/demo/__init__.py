"""The demo catalog: fictional artists around real royalty-free music.

Pure Python (no Reflex, no FastAPI) so the CLI, tests and a future admin action
can all seed it. Entry point: :func:`seed_demo_catalog`.
"""

from spoticlone.demo.seed import SeedProgress, SeedReport, seed_demo_catalog

__all__ = ["SeedProgress", "SeedReport", "seed_demo_catalog"]
