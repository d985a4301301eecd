"""Smart playlist builder, page and library shelf: handlers act only as the cookie's account."""

from __future__ import annotations

from datetime import date

from spoticlone import routes
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.library import smart_playlists as smart
from spoticlone.state.library.smart_builder import SmartBuilderState
from spoticlone.state.library.smart_playlist import SmartLibraryState, SmartPlaylistState
from spoticlone.state.library.smart_rows import from_tree, to_tree
from spoticlone.testing.driver import call, is_sign_in_redirect, run
from tests import factories
from tests.state.conftest import make_state


def builder(session, user=None, smart_id=None):
    token = create_session(session, user_id=user.id) if user else None
    if smart_id is None:
        return make_state(SmartBuilderState, routes.SMART_NEW, "/smart/new", session_token=token)
    return make_state(SmartBuilderState, routes.SMART_EDIT_ROUTE, f"/smart/edit/{smart_id}",
                      {"smart_edit_ref": str(smart_id)}, session_token=token)


def page_state(session, smart_id, user=None):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(SmartPlaylistState, routes.SMART_ROUTE, f"/smart/{smart_id}", {"smart_ref": str(smart_id)},
                      session_token=token)


def catalog(session):
    rock = factories.make_genre(session, name="Rock")
    for title, genre, year in (("Alpha", rock.id, 1985), ("Bravo", rock.id, 1999), ("Charlie", None, 1985)):
        factories.make_track(session, title=title, genre_id=genre, release_date=date(year, 1, 1))


def test_signed_out_visitors_are_sent_to_sign_in(session):
    assert is_sign_in_redirect(call(SmartBuilderState.load_new, builder(session)))


def test_building_two_rules_changes_the_live_count_then_saves(session):
    catalog(session)
    owner = factories.make_user(session)
    state = builder(session, owner)
    call(SmartBuilderState.load_new, state)
    first = state.rows[0]["key"]
    run(SmartBuilderState.recount, state)
    assert state.matching == -1 and state.problem == "Genre needs some text." and state.problem_key == first
    run(SmartBuilderState.set_value, state, first, "rock")
    run(SmartBuilderState.recount, state)
    assert (state.matching, state.count_text) == (2, "2 songs match")
    run(SmartBuilderState.add_rule, state, "root")
    second = state.rows[1]["key"]
    run(SmartBuilderState.set_field, state, second, "year")
    assert state.rows[1]["operator"] == "is" and state.rows[1]["ftype"] == "number"
    run(SmartBuilderState.set_value, state, second, "1985")
    run(SmartBuilderState.recount, state)
    assert state.count_text == "1 song matches"
    run(SmartBuilderState.set_group_match, state, "root", "any")
    run(SmartBuilderState.recount, state)
    assert state.matching == 3
    run(SmartBuilderState.set_name, state, "Rock or 85")
    outcome = call(SmartBuilderState.save, state)
    [made] = smart.my_smart_playlists(session, actor=owner)
    assert made.name == "Rock or 85" and made.rules["match"] == "any"
    assert made.url in str(outcome)


def test_a_wrong_value_highlights_its_row_and_saves_nothing(session):
    owner = factories.make_user(session)
    state = builder(session, owner)
    call(SmartBuilderState.load_new, state)
    run(SmartBuilderState.add_group, state, "root")
    group, inner = state.rows[1]["key"], state.rows[2]["key"]
    assert state.rows[2]["parent"] == group and state.rows[2]["depth"] == 1
    run(SmartBuilderState.set_value, state, state.rows[0]["key"], "Rock")
    run(SmartBuilderState.set_field, state, inner, "rating")
    run(SmartBuilderState.set_value, state, inner, "9")
    run(SmartBuilderState.set_name, state, "Bad")
    call(SmartBuilderState.save, state)
    assert state.problem_key == inner and "between 0 and 5" in state.problem
    assert smart.my_smart_playlists(session, actor=owner) == []
    run(SmartBuilderState.remove, state, group)
    assert [r["key"] for r in state.rows] == [state.rows[0]["key"]]
    run(SmartBuilderState.set_limit, state, "5000")
    call(SmartBuilderState.save, state)
    assert state.error.startswith("Limit:")


def test_editing_someone_elses_playlist_is_not_found(session):
    owner, other = factories.make_user(session), factories.make_user(session)
    made = smart.create_smart_playlist(session, actor=owner, name="Mine", public=True, rules={
        "match": "all", "rules": [{"field": "title", "operator": "is", "value": "x"},
                                  {"match": "any", "rules": [{"field": "year", "operator": "inTheRange",
                                                              "value": [1980, 1989]}]}]})
    theirs = builder(session, other, made.id)
    call(SmartBuilderState.load_edit, theirs)
    assert theirs.not_found
    mine = builder(session, owner, made.id)
    call(SmartBuilderState.load_edit, mine)
    assert not mine.not_found and mine.name == "Mine" and mine.smart_id == made.id
    assert [(r["kind"], r["depth"], r["value"], r["value2"]) for r in mine.rows] == [
        ("rule", 0, "x", ""), ("group", 0, "", ""), ("rule", 1, "1980", "1989")]
    run(SmartBuilderState.set_name, mine, "Renamed")
    call(SmartBuilderState.save, mine)
    assert smart.my_smart_playlists(session, actor=owner)[0].name == "Renamed"


def test_rows_round_trip_to_the_tree():
    tree = {"match": "any", "rules": [{"field": "loved", "operator": "is", "value": True},
                                      {"match": "all", "rules": [{"field": "dateAdded", "operator": "inTheLast",
                                                                  "value": 7}]}]}
    counter = iter(range(100))
    rows = from_tree(tree, lambda: f"k{next(counter)}")
    back, paths = to_tree(rows, "any")
    assert back == {"match": "any", "rules": [{"field": "loved", "operator": "is", "value": "true"},
                                              {"match": "all", "rules": [{"field": "dateAdded",
                                                                          "operator": "inTheLast", "value": "7"}]}]}
    assert paths == {"rules[0]": "k0", "rules[1]": "k1", "rules[1].rules[0]": "k2"}


def test_the_page_evaluates_on_open_and_hides_private_ones(session):
    catalog(session)
    owner, other = factories.make_user(session), factories.make_user(session)
    made = smart.create_smart_playlist(session, actor=owner, name="Rock", rules={
        "match": "all", "rules": [{"field": "genre", "operator": "is", "value": "Rock"}]})
    mine = page_state(session, made.id, owner)
    call(SmartPlaylistState.load, mine)
    assert [t["title"] for t in mine.tracks] == ["Alpha", "Bravo"] and mine.playlist["can_edit"]
    assert mine.songs_text == "2 songs" and "1 rule" in mine.playlist["summary"]
    for who in (other, None):
        theirs = page_state(session, made.id, who)
        call(SmartPlaylistState.load, theirs)
        assert theirs.not_found and theirs.tracks == []
    bad = page_state(session, "abc", owner)
    call(SmartPlaylistState.load, bad)
    assert bad.not_found
    shelf = make_state(SmartLibraryState, routes.LIBRARY, "/library",
                       session_token=create_session(session, user_id=owner.id))
    call(SmartLibraryState.load, shelf)
    assert [i["name"] for i in shelf.items] == ["Rock"]
    call(SmartPlaylistState.delete, page_state(session, made.id, other))
    assert smart.my_smart_playlists(session, actor=owner) != []
    call(SmartPlaylistState.delete, mine)
    assert smart.my_smart_playlists(session, actor=owner) == []
