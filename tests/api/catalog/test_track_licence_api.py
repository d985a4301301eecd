"""REST: a track's licence comes with the link to its official text (none for all rights reserved)."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.mark.parametrize("licence, url", [
    ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    ("All rights reserved", None),
    ("Something unknown", None),
])
def test_track_detail_links_its_licence(api, session, licence, url):
    track = factories.make_track(session, licence=licence)
    body = api.get(f"/api/v1/tracks/{track.id}").json()
    assert (body["licence"], body["licence_url"]) == (licence, url)
