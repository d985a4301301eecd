"""Navidrome ``.nsp`` files: round trips, Navidrome's spelling, and clear refusals."""

from __future__ import annotations

import json

import pytest

from spoticlone.services.core.errors import Invalid, NotFound, TooLarge
from spoticlone.services.library import smart_playlists as smart
from spoticlone.services.library.smart_nsp import parse_nsp
from tests import factories

NAVIDROME_SAMPLE = b"""{
  "name": "80's Top Songs",
  "comment": "All tracks from the 80's rated four or more stars",
  "all": [
    {"any": [{"is": {"loved": true}}, {"gt": {"rating": 3}}]},
    {"inTheRange": {"year": [1981, 1990]}},
    {"notContains": {"genre": "live"}},
    {"inTheLast": {"lastplayed": 30}}
  ],
  "sort": "-year",
  "order": "asc",
  "limit": 25
}"""


def test_a_navidrome_file_imports_with_its_spelling(session):
    owner = factories.make_user(session)
    made = smart.import_nsp(session, actor=owner, data=NAVIDROME_SAMPLE)
    assert made.name == "80's Top Songs" and made.description.startswith("All tracks")
    assert (made.sort, made.order, made.limit, made.public) == ("year", "desc", 25, False)
    assert made.rules == {"match": "all", "rules": [
        {"match": "any", "rules": [{"field": "loved", "operator": "is", "value": True},
                                   {"field": "rating", "operator": "gt", "value": 3}]},
        {"field": "year", "operator": "inTheRange", "value": [1981, 1990]},
        {"field": "genre", "operator": "notContains", "value": "live"},
        {"field": "lastPlayed", "operator": "inTheLast", "value": 30},
    ]}


def test_export_then_import_round_trips_every_kind_of_rule(session):
    owner = factories.make_user(session)
    rules = {"match": "any", "rules": [
        {"field": "title", "operator": "startsWith", "value": "Night"},
        {"field": "dateAdded", "operator": "inTheRange", "value": ["2024-01-01", "2024-12-31"]},
        {"field": "duration", "operator": "lt", "value": 240},
        {"field": "loudness", "operator": "gt", "value": -12.5},
        {"field": "loudness", "operator": "inTheRange", "value": [-16, -10]},
        {"match": "all", "rules": [{"field": "loved", "operator": "isNot", "value": True},
                                   {"field": "playCount", "operator": "is", "value": 0}]},
    ]}
    made = smart.create_smart_playlist(session, actor=owner, name="Round", rules=rules, sort="random",
                                       order="desc", limit=50, public=True, description="trip")
    exported = smart.export_smart_playlist(session, actor=owner, smart_id=made.id)
    assert exported["any"][3] == {"lt": {"rgtrackgain": -5.5}}  # -18 - (-12.5); greater loudness = less gain
    assert exported["any"][4] == {"inTheRange": {"rgtrackgain": [-8, -2]}}
    back = smart.import_nsp(session, actor=owner, data=json.dumps(exported).encode())
    assert back.rules == rules
    assert (back.name, back.description, back.sort, back.order, back.limit, back.public) == (
        "Round", "trip", "random", "desc", 50, True)


@pytest.mark.parametrize("data, message", [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe", "not valid JSON"),
    (b"[1, 2]", "expected a JSON object"),
    (b'{"name": "x"}', "exactly one top-level"),
    (b'{"all": [], "any": []}', "exactly one top-level"),
    (b'{"all": [{"is": {"bpm": 120}}]}', "field \u201cbpm\u201d is not supported"),
    (b'{"all": [{"inPlaylist": {"id": "abc"}}]}', "operator \u201cinPlaylist\u201d is not supported"),
    (b'{"all": [{"isMissing": {"album": true}}]}', "operator \u201cisMissing\u201d is not supported"),
    (b'{"all": [{"is": {"title": "x"}}], "colour": "red"}', "unknown field \u201ccolour\u201d"),
    (b'{"all": [{"is": {"title": "x"}}], "limitPercent": 10}', "limit in percent"),
    (b'{"all": [{"is": {"title": "x"}}], "sort": "title,-year"}', "several fields"),
    (b'{"all": [{"is": {"title": "x", "album": "y"}}]}', "exactly one field"),
    (b'{"all": [{"gt": {"year": "soon"}}]}', "rules[0].value"),
    (b'{"all": [{"is": {"title": "x"}}], "limit": 5000}', "limit:"),
    (b'{"all": "everything"}', "must be a list"),
    (b"[" * 5000 + b"]" * 5000, "not valid JSON"),
])
def test_malformed_or_unknown_files_get_a_clear_message(data, message):
    with pytest.raises(Invalid) as refused:
        parse_nsp(data)
    assert message in str(refused.value)


def test_a_huge_file_is_refused_before_parsing():
    with pytest.raises(TooLarge):
        parse_nsp(b" " * (100 * 1024 + 1))


def test_a_failed_import_creates_nothing(session):
    owner = factories.make_user(session)
    with pytest.raises(Invalid):
        smart.import_nsp(session, actor=owner, data=b'{"all": [{"is": {"bpm": 1}}]}')
    assert smart.my_smart_playlists(session, actor=owner) == []


def test_nobody_exports_someone_elses_private_playlist(session):
    owner, other = factories.make_user(session), factories.make_user(session)
    made = smart.create_smart_playlist(session, actor=owner, name="Mine",
                                       rules={"rules": [{"field": "title", "operator": "is", "value": "x"}]})
    with pytest.raises(NotFound):
        smart.export_smart_playlist(session, actor=other, smart_id=made.id)
