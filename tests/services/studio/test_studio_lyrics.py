"""The lyrics sync editor's rules: who may edit, what is accepted, and that a refusal changes nothing."""

from __future__ import annotations

import pytest

from spoticlone.models import Role, Track, TrackStatus
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied, TooLarge
from spoticlone.services.studio import lyrics
from tests import factories


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="owner", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    album = factories.make_album(session, title="Night Run", artist_id=artist.id)
    draft = factories.make_track(session, title="Secret Demo", artist_id=artist.id, album_id=album.id,
                                 status=TrackStatus.DRAFT, duration_ms=60_000, lyrics="Old words")
    other = factories.make_user(session, username="other", role=Role.ARTIST)
    factories.make_artist(session, stage_name="Someone Else", user_id=other.id)
    admin = factories.make_user(session, username="root", role=Role.ADMIN)
    listener = factories.make_user(session, username="ear")
    return {"owner": owner, "other": other, "admin": admin, "listener": listener, "track": draft}


def stored(session, track_id: int) -> tuple[str, str]:
    session.expire_all()
    track = session.get(Track, track_id)
    return track.lyrics, track.synced_lyrics


def test_owner_reads_a_draft_with_its_duration_and_stream(session, world):
    view = lyrics.lyrics_for_edit(session, actor=world["owner"], track_id=world["track"].id)
    assert view.title == "Secret Demo" and view.artist_name == "Nova Drive"
    assert view.duration_ms == 60_000 and view.status == "draft"
    assert view.plain == "Old words" and view.synced is False and view.lines == []
    assert view.stream_url == f"/api/v1/tracks/{world['track'].id}/stream"


@pytest.mark.parametrize("who", ["other", "listener"])
def test_strangers_are_told_it_does_not_exist_and_change_nothing(session, world, who):
    track_id = world["track"].id
    with pytest.raises(NotFound):
        lyrics.lyrics_for_edit(session, actor=world[who], track_id=track_id)
    with pytest.raises(NotFound):
        lyrics.save_lyrics(session, actor=world[who], track_id=track_id, plain="Mine now", lines=[(0, "x")])
    with pytest.raises(NotFound):
        lyrics.import_lrc(session, actor=world[who], track_id=track_id, data=b"[00:01.00]x")
    with pytest.raises(NotFound):
        lyrics.export_lrc(session, actor=world[who], track_id=track_id)
    assert stored(session, track_id) == ("Old words", "")


def test_anonymous_must_sign_in(session, world):
    with pytest.raises(PermissionDenied):
        lyrics.lyrics_for_edit(session, actor=None, track_id=world["track"].id)


def test_admin_may_edit_anyones_lyrics(session, world):
    view = lyrics.save_plain(session, actor=world["admin"], track_id=world["track"].id, text="Fixed\r\nby admin ")
    assert view.plain == "Fixed\nby admin"
    assert stored(session, world["track"].id)[0] == "Fixed\nby admin"


def test_unknown_track_is_not_found(session, world):
    with pytest.raises(NotFound):
        lyrics.lyrics_for_edit(session, actor=world["owner"], track_id=999_999)


def test_save_synced_lines_round_trips_through_the_parser(session, world):
    track_id = world["track"].id
    view = lyrics.save_lyrics(session, actor=world["owner"], track_id=track_id, plain="One\n\nTwo",
                              lines=[(1234, " One "), (1234, "Two"), (61_000, "")])
    assert view.synced is True
    assert [(line.time_ms, line.text) for line in view.lines] == [(1230, "One"), (1230, "Two"), (61_000, "")]
    assert stored(session, track_id) == ("One\n\nTwo", "[00:01.23]One\n[00:01.23]Two\n[01:01.00]\n")


def test_save_from_lrc_text_applies_offset_and_sorts(session, world):
    lrc = "[ti:ignored]\n[offset:+500]\n[00:10.00]Second\n[00:05.50]First\n"
    view = lyrics.save_synced(session, actor=world["owner"], track_id=world["track"].id, lrc=lrc)
    assert [(line.time_ms, line.text) for line in view.lines] == [(5000, "First"), (9500, "Second")]
    assert view.plain == "Old words"  # plain lyrics are left alone


def test_empty_synced_lyrics_clear_them(session, world):
    track_id = world["track"].id
    lyrics.save_synced(session, actor=world["owner"], track_id=track_id, lines=[(0, "a")])
    view = lyrics.save_synced(session, actor=world["owner"], track_id=track_id, lines=[])
    assert view.synced is False and stored(session, track_id)[1] == ""


@pytest.mark.parametrize(("lines", "message"), [
    ([(2000, "b"), (1000, "a")], "Line 2 starts before line 1"),
    ([(-5, "a")], "outside the song"),
    ([(0, "a"), (-1, "b")], "Line 2 has no time yet"),
    ([(0, "a", "extra")], "needs a time"),
    ([(65_001, "a")], "outside the song"),
    ([(True, "a")], "needs a time"),
    ([(1.5, "a")], "needs a time"),
    ([(0, "x" * 501)], "longer than 500"),
    ([(0, "bell\x07")], "cannot be shown"),
    ([(0, "a")] * 1001, "at most 1,000 lines"),
])
def test_bad_synced_lines_are_refused_and_change_nothing(session, world, lines, message):
    track_id = world["track"].id
    with pytest.raises(Invalid, match=message):
        lyrics.save_lyrics(session, actor=world["owner"], track_id=track_id, plain="New", lines=lines)
    assert stored(session, track_id) == ("Old words", "")


def test_last_line_may_start_within_five_seconds_after_the_end(session, world):
    view = lyrics.save_synced(session, actor=world["owner"], track_id=world["track"].id, lines=[(65_000, "end")])
    assert view.lines[0].time_ms == 65_000


@pytest.mark.parametrize(("text", "error", "message"), [
    ("x" * 20_001, TooLarge, "20,000 characters"),
    ("a\n" * 1000 + "b", TooLarge, "1,000 lines"),
    ("null\x00byte", Invalid, "cannot be shown"),
    ("lone \ud800 surrogate", Invalid, "cannot be shown"),
    (12, Invalid, "must be text"),
])
def test_bad_plain_lyrics_are_refused(session, world, text, error, message):
    with pytest.raises(error, match=message):
        lyrics.save_plain(session, actor=world["owner"], track_id=world["track"].id, text=text)
    assert stored(session, world["track"].id) == ("Old words", "")


def test_lrc_without_timestamps_and_both_forms_are_refused(session, world):
    track_id = world["track"].id
    with pytest.raises(Invalid, match="No timed lines"):
        lyrics.save_synced(session, actor=world["owner"], track_id=track_id, lrc="just words")
    with pytest.raises(Invalid, match="not both"):
        lyrics.save_lyrics(session, actor=world["owner"], track_id=track_id, lrc="[00:01]a", lines=[(0, "a")])
    with pytest.raises(Invalid, match="LRC text or as lines"):
        lyrics.save_synced(session, actor=world["owner"], track_id=track_id)
    assert stored(session, track_id) == ("Old words", "")


def test_import_accepts_a_bom_and_fills_empty_plain_lyrics(session, world):
    track = world["track"]
    lyrics.save_plain(session, actor=world["owner"], track_id=track.id, text="")
    data = "\ufeff[ar:x]\r\n[00:01.00]Héllo\r\n[00:02.50]world\r\n".encode()
    view = lyrics.import_lrc(session, actor=world["owner"], track_id=track.id, data=data)
    assert [(line.time_ms, line.text) for line in view.lines] == [(1000, "Héllo"), (2500, "world")]
    assert stored(session, track.id) == ("Héllo\nworld", "[00:01.00]Héllo\n[00:02.50]world\n")


def test_import_keeps_existing_plain_lyrics(session, world):
    view = lyrics.import_lrc(session, actor=world["owner"], track_id=world["track"].id, data=b"[00:01]a")
    assert view.plain == "Old words" and view.synced


@pytest.mark.parametrize(("data", "error", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Invalid, "not a text file"),
    ("[00:01.00]hi".encode("utf-16"), Invalid, "UTF-16"),
    (b"[00:01.00]caf\xe9", Invalid, "not UTF-8"),
    (b"   \n", Invalid, "empty"),
    (b"no times here", Invalid, "No timed lines"),
    (b"[00:01.00]a\n" * 30_000, TooLarge, "256 KB"),
    (b"[59:00.00]too late", Invalid, "outside the song"),
])
def test_bad_lrc_files_are_refused_with_a_reason(session, world, data, error, message):
    with pytest.raises(error, match=message):
        lyrics.import_lrc(session, actor=world["owner"], track_id=world["track"].id, data=data)
    assert stored(session, world["track"].id) == ("Old words", "")


def test_export_writes_headers_and_lines_that_parse_back(session, world):
    from spoticlone.services.catalog.lyrics import parse_lrc

    track_id = world["track"].id
    with pytest.raises(NotFound, match="no synced lyrics"):
        lyrics.export_lrc(session, actor=world["owner"], track_id=track_id)
    lyrics.save_synced(session, actor=world["owner"], track_id=track_id, lines=[(500, "One"), (61_230, "Two")])
    out = lyrics.export_lrc(session, actor=world["owner"], track_id=track_id)
    assert out.filename == "secret-demo.lrc"
    assert out.text.splitlines() == ["[ti:Secret Demo]", "[ar:Nova Drive]", "[al:Night Run]", "[length:01:00]",
                                     "[00:00.50]One", "[01:01.23]Two"]
    parsed = parse_lrc(out.text)
    assert parsed.metadata["ti"] == "Secret Demo"
    assert [(line.time_ms, line.text) for line in parsed.lines] == [(500, "One"), (61_230, "Two")]


def test_header_values_cannot_break_out_of_their_tag(session, world):
    track = world["track"]
    track.title = "Bad] [00:01.00]Injected"
    session.add(track)
    session.commit()
    lyrics.save_synced(session, actor=world["owner"], track_id=track.id, lines=[(0, "a")])
    out = lyrics.export_lrc(session, actor=world["owner"], track_id=track.id)
    assert out.text.splitlines()[0] == "[ti:Bad) (00:01.00)Injected]"


def test_sync_lines_keep_the_times_of_unchanged_lines():
    before = [lyrics.SyncLine(time_ms=1000, text="One"), lyrics.SyncLine(time_ms=2000, text="Two"),
              lyrics.SyncLine(time_ms=3000, text="Three")]
    after = lyrics.sync_lines_for("Zero\n\nOne\nTwo  changed\n  Three ", before)
    assert [(line.time_ms, line.text) for line in after] == [(-1, "Zero"), (1000, "One"), (-1, "Two changed"),
                                                            (3000, "Three")]
    with pytest.raises(TooLarge):
        lyrics.sync_lines_for("x\n" * 1001, [])
