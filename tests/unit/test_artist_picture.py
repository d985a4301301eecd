"""Artist cards draw initials on a colour under the portrait, never an empty grey circle.

The initials and colour are computed in the browser from the name (the card only has the
artist DTO); node runs the same JavaScript here and it must agree with the initials the
demo portraits carry (``demo.artwork.initials``).
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from spoticlone.components.cards import _COLOUR_JS, _INITIALS_JS, artist_grid
from spoticlone.demo.artwork import initials
from spoticlone.demo.catalog_data import ARTISTS
from spoticlone.state.catalog.home import HomeState

NAMES = [a.name for a in ARTISTS] + ["Björk", "a-ha", "  The   Mighty  Ducks ", "!!!", "", "7 Seconds"]


def _run_js(function_js: str, names: list[str]) -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = f"const f = {function_js}; console.log(JSON.stringify({json.dumps(names)}.map(f)));"
    done = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


def test_initials_match_the_demo_portraits():
    assert _run_js(_INITIALS_JS, NAMES) == [initials(name) for name in NAMES]


def test_each_name_keeps_one_colour_and_demo_artists_differ():
    colours = _run_js(_COLOUR_JS, NAMES + NAMES[:1])
    assert all(c.startswith("hsl(") for c in colours)
    assert colours[-1] == colours[0]
    demo = colours[: len(ARTISTS)]
    assert len(set(demo)) == len(demo)


def test_the_placeholder_is_drawn_whether_or_not_there_is_a_portrait():
    html = str(artist_grid(HomeState.featured_artists, shelf=True))
    box = html[html.index('"data-testid":"artist-picture"'):]
    initials_at = box.index(_INITIALS_JS)
    condition_at = box.index('isTrue(artist_rx_state_?.["image_url"])')
    assert initials_at < condition_at  # drawn outside the condition: always there
    assert _COLOUR_JS in html and 'role:"img"' in html
    assert '"aria-label":artist_rx_state_?.["name"]' in html
    # The portrait sits inside the same box, over the initials, decorative (the box has the name).
    portrait = box[condition_at:box.index('"sc-play-hint"')]
    assert 'jsx("img",{alt:""' in portrait and '["position"] : "absolute"' in portrait
