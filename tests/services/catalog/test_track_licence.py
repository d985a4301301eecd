"""The track page's licence: its name and the link to its official text, wherever tracks are listed."""

from __future__ import annotations

from spoticlone.services.catalog import browse
from spoticlone.services.catalog.views import published_track_dtos, track_dtos
from spoticlone.state.common import track_view
from tests import factories


def test_a_creative_commons_track_links_its_licence(session):
    track = factories.make_track(session, licence="CC BY 4.0")
    detail = browse.get_track(session, track_id=track.id)
    assert (detail.licence, detail.licence_url) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    # The page state gets it as a flat key the track page reads.
    assert track_view(detail)["licence_url"] == detail.licence_url


def test_all_rights_reserved_has_no_link(session):
    track = factories.make_track(session, licence="All rights reserved")
    assert browse.get_track(session, track_id=track.id).licence_url is None


def test_both_ways_of_building_track_views_agree(session):
    tracks = [factories.make_track(session, licence=name) for name in ("CC BY-NC 4.0", "All rights reserved")]
    by_model = [t.licence_url for t in track_dtos(session, tracks)]
    by_columns = published_track_dtos(session, [t.id for t in tracks])
    assert by_model == [by_columns[t.id].licence_url for t in tracks]
    assert by_model == ["https://creativecommons.org/licenses/by-nc/4.0/", None]
