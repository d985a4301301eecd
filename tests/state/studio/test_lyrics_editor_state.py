"""The lyrics sync editor's state: load, paste, tap, nudge, re-tap, save and import, as the cookie's account."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.models import Role, Track, TrackStatus
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.studio.lyrics import MAX_LRC_BYTES
from spoticlone.state.studio.lyrics import LRC_TOO_BIG, LyricsEditorState as S
from spoticlone.testing.driver import call, event_arg, event_kind, events_of, is_sign_in_redirect
from tests import factories
from tests.state.conftest import make_state
from tests.state.uploads import Chunks


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="owner", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    track = factories.make_track(session, title="Secret Demo", artist_id=artist.id, status=TrackStatus.DRAFT,
                                 duration_ms=60_000, lyrics="One\n\nTwo\nThree")
    other = factories.make_user(session, username="other", role=Role.ARTIST)
    return {"owner": owner, "other": other, "track": track.id}


def on_page(session, track_id, user=None):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(S, routes.STUDIO_LYRICS_ROUTE, routes.studio_lyrics_url(track_id),
                      {"studio_track_id": str(track_id)}, session_token=token)


def loaded(session, world, who="owner"):
    state = on_page(session, world["track"], world[who])
    call(S.load, state)
    return state


def stored(session, track_id):
    session.expire_all()
    track = session.get(Track, track_id)
    return track.lyrics, track.synced_lyrics


def times(state):
    return [line["time_ms"] for line in state.lines]


def test_owner_loads_the_draft_with_untimed_lines_and_the_editor_script(session, world):
    state = on_page(session, world["track"], world["owner"])
    events = events_of(S.load, state)
    assert state.loaded and not state.not_found and state.title == "Secret Demo"
    assert [line["text"] for line in state.lines] == ["One", "Two", "Three"]
    assert times(state) == [-1, -1, -1] and state.cursor == 0 and state.next_line == "One"
    assert state.stream_url == f"/api/v1/tracks/{world['track']}/stream"
    assert state.progress_text == "0 of 3 lines synced" and state.has_synced is False
    assert "/lyrics_editor.js" in event_arg(events[-1], "javascript_code")


@pytest.mark.parametrize("ref", ["999999", "abc"])
def test_unknown_song_is_not_found(session, world, ref):
    state = on_page(session, ref, world["owner"])
    call(S.load, state)
    assert state.not_found and not state.loaded and state.lines == []


def test_another_artists_song_is_not_found_and_cannot_be_saved(session, world):
    state = loaded(session, world, "other")
    assert state.not_found and state.title == ""
    state.plain, state.lines = "Mine", [{"index": 0, "time_ms": 0, "text": "Mine"}]
    call(S.save, state)
    assert state.error == "That song does not exist."
    assert stored(session, world["track"]) == ("One\n\nTwo\nThree", "")


def test_signed_out_visitor_is_sent_to_sign_in(session, world):
    state = on_page(session, world["track"])
    assert is_sign_in_redirect(call(S.load, state))
    assert not state.loaded


def test_tap_nudge_and_save(session, world):
    state = loaded(session, world)
    for ms in (1000, 2500, 4000):
        call(S.stamp, state, ms)
    assert times(state) == [1000, 2500, 4000] and state.cursor == 3 and state.next_line == ""
    call(S.stamp, state, 5000)  # nothing left to tap
    assert "Every line has a time" in state.notice and times(state) == [1000, 2500, 4000]
    call(S.nudge, state, 1, -100)
    call(S.nudge, state, 2, 100)
    assert times(state) == [1000, 2400, 4100] and state.lines[1]["clock"] == "0:02.4" and state.dirty
    call(S.save, state)
    assert state.error == "" and state.notice.startswith("Saved") and not state.dirty and state.has_synced
    assert stored(session, world["track"]) == ("One\n\nTwo\nThree", "[00:01.00]One\n[00:02.40]Two\n[00:04.10]Three\n")


@pytest.mark.parametrize("bad", ["12", -1, True, None, 10**12])
def test_a_tap_with_a_nonsense_time_is_ignored(session, world, bad):
    state = loaded(session, world)
    call(S.stamp, state, bad)
    assert times(state) == [-1, -1, -1] and state.cursor == 0


def test_retap_from_a_line_seeks_before_it_and_flags_times_that_go_backwards(session, world):
    state = loaded(session, world)
    for ms in (1000, 2500, 4000):
        call(S.stamp, state, ms)
    script = call(S.retap_from, state, 1)
    assert event_kind(script) == "_call_script" and "seek(0)" in event_arg(script, "javascript_code")
    assert state.cursor == 1 and state.next_line == "Two"
    call(S.stamp, state, 5000)  # later than line 3: line 3 is now early
    assert times(state) == [1000, 5000, 4000] and state.lines[2]["early"] and state.cursor == 2
    call(S.save, state)
    assert "Line 3 starts before line 2" in state.error
    assert stored(session, world["track"])[1] == ""
    assert "seek(4000)" in event_arg(call(S.retap_from, state, 2), "javascript_code")


def test_editing_the_text_keeps_the_times_of_unchanged_lines(session, world):
    state = loaded(session, world)
    call(S.stamp, state, 1000)
    call(S.stamp, state, 2000)
    call(S.set_plain, state, "Intro\nOne\n\nTwo\nThree")
    assert [line["text"] for line in state.lines] == ["Intro", "One", "Two", "Three"]
    assert times(state) == [-1, 1000, 2000, -1] and state.cursor == 0
    call(S.save, state)  # some lines still untimed: refused with the line named
    assert "Line 1 has no time yet" in state.error
    assert stored(session, world["track"]) == ("One\n\nTwo\nThree", "")


def test_too_long_text_is_refused_in_place(session, world):
    state = loaded(session, world)
    call(S.set_plain, state, "x" * 20_001)
    assert "20,000 characters" in state.error and state.plain == "One\n\nTwo\nThree"


def test_untimed_lines_save_as_plain_lyrics_only(session, world):
    state = loaded(session, world)
    call(S.set_plain, state, "New words")
    call(S.save, state)
    assert state.error == "" and stored(session, world["track"]) == ("New words", "")


def test_import_an_lrc_file_and_refusals(session, world):
    state = loaded(session, world)
    call(S.import_lrc, state, Chunks(b"\xef\xbb\xbf[00:01.00]Alpha\n[00:03.20]Beta\n"))
    assert state.error == "" and state.notice == "Imported 2 synced lines." and not state.importing
    assert [(line["time_ms"], line["text"]) for line in state.lines] == [(1000, "Alpha"), (3200, "Beta")]
    assert stored(session, world["track"])[1] == "[00:01.00]Alpha\n[00:03.20]Beta\n"
    call(S.import_lrc, state, Chunks(b"\x00\x01binary\x00"))
    assert "not a text file" in state.error
    chunks = Chunks(b"[00:01]a\n" * (MAX_LRC_BYTES // 4), size=64 * 1024)
    call(S.import_lrc, state, chunks)
    assert "256 KB" in state.error and chunks.read < len(chunks.parts)
    assert stored(session, world["track"])[1] == "[00:01.00]Alpha\n[00:03.20]Beta\n"
    call(S.lrc_rejected, state, [])
    assert state.error == LRC_TOO_BIG


def test_export_url_names_the_song(session, world):
    state = loaded(session, world)
    assert state.export_url == f"/api/v1/studio/tracks/{world['track']}/lyrics.lrc"


def test_partly_synced_lyrics_show_every_line_of_the_text(session, world):
    from spoticlone.services.studio import lyrics as service

    owner = world["owner"]
    service.save_synced(session, actor=owner, track_id=world["track"], lines=[(1000, "One")])
    state = loaded(session, world)
    assert [(line["time_ms"], line["text"]) for line in state.lines] == [(1000, "One"), (-1, "Two"), (-1, "Three")]
    assert state.cursor == 1 and state.has_synced
    service.save_synced(session, actor=owner, track_id=world["track"], lines=[(0, ""), (1000, "Other words")])
    state = loaded(session, world)  # synced lines unlike the text are shown as saved
    assert [(line["time_ms"], line["shown"]) for line in state.lines] == [(0, "\u266a (instrumental)"),
                                                                         (1000, "Other words")]
