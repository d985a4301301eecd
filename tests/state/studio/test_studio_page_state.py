"""The studio page's state: lists, new release, album builder, publish, schedule, unpublish, delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from spoticlone import routes
from spoticlone.models import Album, Role, Track, TrackStatus
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.studio.publishing import RIGHTS_REQUIRED
from spoticlone.state.studio.builder_tracks import BuilderTracksState as B
from spoticlone.state.studio.release_views import aware_time, local_time_text
from spoticlone.state.studio.releases import StudioState as S
from spoticlone.testing.driver import call, event_kind, is_sign_in_redirect, redirect_target
from tests import factories
from tests.state.conftest import make_state


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="owner", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    drafts = [factories.make_track(session, title=f"Demo {i}", artist_id=artist.id, status=TrackStatus.DRAFT)
              for i in (1, 2, 3)]
    genre = factories.make_genre(session, name="Dream Pop")
    other = factories.make_user(session, username="other", role=Role.ARTIST)
    factories.make_artist(session, stage_name="Someone Else", user_id=other.id)
    listener = factories.make_user(session, username="listener")
    return {"owner": owner, "other": other, "listener": listener, "drafts": [t.id for t in drafts],
            "genre": genre.id}


def on_page(session, user=None, query=None):
    token = create_session(session, user_id=user.id) if user else None
    path = routes.STUDIO + (f"?release={query}" if query is not None else "")
    state = make_state(S, routes.STUDIO, path, {"release": str(query)} if query is not None else {},
                       session_token=token)
    return state


def loaded(session, user, query=None):
    state = on_page(session, user, query)
    call(S.load, state)
    return state


def rows_of(state):
    """The builder's song-row state, in the same tree as the page's ``state``."""
    return state.parent_state.get_substate(B.get_full_name().split("."))


def statuses(session, album_id):
    session.expire_all()
    return sorted({t.status for t in session.exec(select(Track).where(Track.album_id == album_id))})


def build(session, world, ids=None):
    """A release of the owner's drafts, made through the page; its builder loaded."""
    state = loaded(session, world["owner"])
    for track_id in ids or world["drafts"]:
        call(S.toggle_draft, state, track_id)
    target = redirect_target(call(S.create_release, state, {
        "title": "Night Swim", "kind": "ep", "genre": str(world["genre"]), "release_date": ""}))
    album_id = int(target.split("=")[1])
    return loaded(session, world["owner"], album_id), album_id


def test_artist_sees_drafts_with_lyrics_links_and_no_releases(session, world):
    state = loaded(session, world["owner"])
    assert state.loaded and state.not_artist == "" and state.drafts_total == 3
    assert {d["title"] for d in state.drafts} == {"Demo 1", "Demo 2", "Demo 3"}
    assert state.drafts[0]["lyrics_url"] == routes.studio_lyrics_url(state.drafts[0]["id"])
    assert "3:00" in state.drafts[0]["file_info"]
    assert state.releases == [] and [g["name"] for g in state.genres] == ["Dream Pop"]


def test_listener_is_told_to_become_an_artist(session, world):
    state = loaded(session, world["listener"])
    assert state.not_artist.startswith("Create your artist profile first") and state.drafts == []


def test_signed_out_visitor_is_sent_to_sign_in(session, world):
    assert is_sign_in_redirect(call(S.load, on_page(session)))


def test_create_release_in_the_order_chosen_then_open_the_builder(session, world):
    d1, _d2, d3 = world["drafts"]
    state, _album_id = build(session, world, [d3, d1])
    assert state.release["title"] == "Night Swim" and state.release["kind_label"] == "EP"
    assert state.release["status"] == "draft" and state.release["genre_id"] == str(world["genre"])
    assert [t["id"] for t in state.tracks] == [d3, d1] and [t["number"] for t in state.tracks] == [1, 2]
    overview = loaded(session, world["owner"])
    assert [d["id"] for d in overview.drafts if d["album_title"] == "Night Swim"] != []
    assert overview.releases[0]["title"] == "Night Swim" and overview.releases[0]["status_label"] == "Draft"


def test_create_release_refusals_show_the_services_words_and_change_nothing(session, world):
    state = loaded(session, world["owner"])
    assert call(S.create_release, state, {"title": "Empty", "kind": "album", "genre": "", "release_date": ""}) is None
    assert state.error == "Choose at least one song for the release."
    call(S.toggle_draft, state, world["drafts"][0])
    call(S.create_release, state, {"title": "   ", "kind": "album", "genre": "", "release_date": ""})
    assert state.error == "The title cannot be empty."
    call(S.toggle_draft, state, 999_999)  # not one of the drafts shown: ignored
    assert state.selected == [world["drafts"][0]]
    assert session.exec(select(func.count()).select_from(Album)).one() == 0


def test_move_down_and_up_reorders_and_focus_follows(session, world):
    d1, d2, d3 = world["drafts"]
    state, album_id = build(session, world, [d1, d2, d3])
    script = call(B.move, rows_of(state), d1, 1)
    assert [t["id"] for t in state.tracks] == [d2, d1, d3]
    assert event_kind(script) == "_call_script" and state.notice == "Moved “Demo 1” to position 2."
    call(B.move, rows_of(state), d3, -1)
    assert [t["id"] for t in state.tracks] == [d2, d3, d1]
    call(B.move, rows_of(state), d2, -1)  # already first: nothing
    assert [t["id"] for t in state.tracks] == [d2, d3, d1]
    again = loaded(session, world["owner"], album_id)
    assert [t["id"] for t in again.tracks] == [d2, d3, d1]


def test_track_edits_and_a_bad_isrc(session, world):
    state, _ = build(session, world)
    track_id, version = state.tracks[0]["id"], state.form_version
    call(B.set_title, rows_of(state), track_id, "Renamed")
    call(B.set_explicit, rows_of(state), track_id, True)
    call(B.set_licence, rows_of(state), track_id, "CC BY 4.0")
    call(B.set_isrc, rows_of(state), track_id, "us-rc1-76-07839")
    row = state.tracks[0]
    assert (row["title"], row["explicit"]) == ("Renamed", True)
    assert (row["licence"], row["isrc"]) == ("CC BY 4.0", "USRC17607839")
    assert row["licence_url"].startswith("https://creativecommons.org/")
    assert state.form_version == version  # only the edited fields redraw (keyed on their values)
    call(B.set_isrc, rows_of(state), track_id, "nope")
    assert state.error.startswith("An ISRC has 12 characters") and state.track_error_id == track_id
    call(B.set_licence, rows_of(state), track_id, "Mine forever")
    assert state.error.startswith("Choose a licence from the list")
    session.expire_all()
    track = session.get(Track, track_id)
    assert (track.isrc, track.licence) == ("USRC17607839", "CC BY 4.0")


def test_save_details(session, world):
    state, album_id = build(session, world)
    call(S.save_details, state,
         {"title": "Night Swim (Deluxe)", "kind": "album", "genre": "", "release_date": "2026-05-01"})
    assert state.error == "" and state.release["title"] == "Night Swim (Deluxe)"
    assert state.release["kind"] == "album" and state.release["genre_id"] == ""
    assert state.release["release_date"] == "2026-05-01"
    call(S.save_details, state, {"title": "x", "kind": "mixtape", "genre": "", "release_date": ""})
    assert state.error == "The kind of release must be album, EP or single."
    session.expire_all()
    assert session.get(Album, album_id).title == "Night Swim (Deluxe)"


def test_publish_needs_the_rights_box_then_publishes(session, world):
    state, album_id = build(session, world)
    call(S.publish_now, state)
    assert state.error == RIGHTS_REQUIRED and statuses(session, album_id) == [TrackStatus.DRAFT]
    call(S.set_rights, state, True)
    call(S.publish_now, state)
    assert state.error == "" and state.status == "published" and state.notice.startswith("Published")
    assert statuses(session, album_id) == [TrackStatus.PUBLISHED]


def test_schedule_turns_the_local_time_into_an_aware_time(session, world):
    state, album_id = build(session, world)
    call(S.set_time_zone, state, "Europe/Paris")
    call(S.set_rights, state, True)
    local = (datetime.now(UTC) + timedelta(days=3)).replace(second=0, microsecond=0, tzinfo=None)
    call(S.schedule, state, {"local": local.strftime("%Y-%m-%dT%H:%M"), "offset": 120})
    assert state.error == "" and state.status == "scheduled"
    assert statuses(session, album_id) == [TrackStatus.SCHEDULED]
    session.expire_all()
    stored = session.get(Album, album_id).release_at
    stored = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
    assert stored == local.replace(tzinfo=UTC) - timedelta(hours=2)
    assert "(Europe/Paris)" in state.release["when"]
    call(S.ask, state, "unpublish", album_id, "Night Swim")
    assert "will not come out" in state.confirm_body
    call(S.confirm, state)
    assert state.status == "draft" and statuses(session, album_id) == [TrackStatus.DRAFT]


@pytest.mark.parametrize("picked, message", [
    ({"local": "", "offset": 0}, "Choose a date and a time"),
    ({"local": "tomorrow", "offset": 0}, "Choose a date and a time"),
    ({"local": "2020-01-01T09:00", "offset": 0}, "That time has already passed"),
    ({"local": "2027-01-01T09:00", "offset": 99999}, "Choose a date and a time"),
    ("junk", "Choose a date and a time"),
])
def test_schedule_refusals(session, world, picked, message):
    state, album_id = build(session, world)
    call(S.set_rights, state, True)
    call(S.schedule, state, picked)
    assert state.error.startswith(message) and statuses(session, album_id) == [TrackStatus.DRAFT]


def test_unpublish_and_delete_go_through_the_confirmation(session, world):
    state, album_id = build(session, world)
    call(S.set_rights, state, True)
    call(S.publish_now, state)
    call(S.ask, state, "delete_release", album_id, "Night Swim")
    call(S.confirm, state)
    assert state.error.startswith("This release is published: unpublish it first")
    call(S.ask, state, "unpublish", album_id, "Night Swim")
    assert state.confirm_heading == "Unpublish this release?"
    call(S.cancel_confirm, state)
    assert state.confirm_kind == "" and statuses(session, album_id) == [TrackStatus.PUBLISHED]
    call(S.ask, state, "unpublish", album_id, "Night Swim")
    call(S.confirm, state)
    assert state.status == "unpublished" and state.notice == "Unpublished."
    assert statuses(session, album_id) == [TrackStatus.WITHDRAWN]
    call(S.ask, state, "delete_release", album_id, "Night Swim")
    assert redirect_target(call(S.confirm, state)) == routes.STUDIO
    session.expire_all()
    assert session.get(Album, album_id) is None


def test_delete_a_draft(session, world):
    state = loaded(session, world["owner"])
    call(S.ask, state, "delete_draft", world["drafts"][0], "Demo 1")
    call(S.confirm, state)
    assert state.notice == "Draft deleted." and state.drafts_total == 2
    session.expire_all()
    assert session.get(Track, world["drafts"][0]) is None


def test_another_artist_cannot_open_or_change_a_release(session, world):
    _, album_id = build(session, world)
    state = loaded(session, world["other"], album_id)
    assert state.release_missing and state.error == "That release does not exist." and state.tracks == []
    state.release_id = album_id  # a forged event: the service still refuses
    call(S.set_rights, state, True)
    call(S.publish_now, state)
    assert state.error == "That release does not exist."
    assert statuses(session, album_id) == [TrackStatus.DRAFT]


def test_malformed_release_ref_is_not_found(session, world):
    state = loaded(session, world["owner"], "abc")
    assert state.release_missing and state.release_id == 0


def test_time_helpers():
    assert aware_time("2027-01-01T09:00", -300).isoformat() == "2027-01-01T09:00:00-05:00"
    assert local_time_text("2027-01-01T08:00:00+00:00", "Europe/Paris") == "Fri 1 Jan 2027, 09:00 (Europe/Paris)"
    assert local_time_text("2027-01-01T08:00:00", "Not/AZone") == "Fri 1 Jan 2027, 08:00 (UTC)"
