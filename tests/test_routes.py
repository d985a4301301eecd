"""Route constants are unique and URL builders round-trip through ``parse_ref``."""

from __future__ import annotations

import re

import pytest

from spoticlone import routes


def test_route_constants_are_unique():
    assert len(set(routes.ALL_ROUTES)) == len(routes.ALL_ROUTES)


def test_every_route_constant_is_listed():
    constants = {
        value for name, value in vars(routes).items()
        if name.isupper() and isinstance(value, str) and value.startswith("/")
        and not name.startswith("API") and not value.startswith("/api/")
    }
    assert constants == set(routes.ALL_ROUTES)


def test_routes_are_absolute_and_dynamic_params_are_distinct():
    params = []
    for route in routes.ALL_ROUTES:
        assert route.startswith("/")
        params += re.findall(r"\[(\w+)\]", route)
    assert len(params) == len(set(params))


@pytest.mark.parametrize("entity_id, slug", [(1, "a"), (42, "night-swim"), (123456, "x-y-z-9")])
def test_album_and_track_urls_round_trip(entity_id, slug):
    for build, prefix in ((routes.album_url, "/album/"), (routes.track_url, "/track/")):
        url = build(entity_id, slug)
        assert url.startswith(prefix)
        assert routes.parse_ref(url.removeprefix(prefix)) == entity_id


@pytest.mark.parametrize("ref", ["", None, "garbage", "x-12", "12_x", "-5-x", "12-Bad Slug!"])
def test_parse_ref_rejects_malformed(ref):
    assert routes.parse_ref(ref) is None


def test_parse_ref_accepts_bare_id_and_old_slug():
    assert routes.parse_ref("7") == 7
    assert routes.parse_ref("7-renamed-since") == 7


def test_genre_and_artist_urls_match_their_routes():
    assert routes.genre_url("dream-pop") == routes.GENRE_ROUTE.replace("[genre_slug]", "dream-pop")
    assert routes.artist_url("velvet") == routes.ARTIST_ROUTE.replace("[artist_slug]", "velvet")
