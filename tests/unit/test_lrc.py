"""The one LRC parser: every shape of LRC the player meets, and the highlighted line."""

from __future__ import annotations

import pytest

from spoticlone.demo import lyrics as demo_lyrics
from spoticlone.services.catalog.lyrics import UNTIMED, LyricLine, line_index_at, parse_lrc


def _pairs(text: str) -> list[tuple[int, str]]:
    return [(line.time_ms, line.text) for line in parse_lrc(text).lines]


def test_timestamp_precisions():
    lrc = "[00:01]one\n[00:02.5]two\n[00:03.25]three\n[00:04.125]four\n[01:05:50]colon\n"
    assert _pairs(lrc) == [
        (1_000, "one"), (2_500, "two"), (3_250, "three"), (4_125, "four"), (65_500, "colon"),
    ]
    assert parse_lrc(lrc).synced is True


def test_several_timestamps_on_one_line_repeat_it_in_time_order():
    lrc = "[00:12.00][01:30.50]chorus\n[00:20.00]verse\n"
    assert _pairs(lrc) == [(12_000, "chorus"), (20_000, "verse"), (90_500, "chorus")]


def test_lines_are_sorted_by_time_and_ties_keep_file_order():
    lrc = "[00:30.00]late\n[00:10.00]first\n[00:10.00]second\n"
    assert _pairs(lrc) == [(10_000, "first"), (10_000, "second"), (30_000, "late")]


def test_positive_offset_makes_lyrics_appear_earlier():
    assert _pairs("[offset:+500]\n[00:10.00]a\n") == [(9_500, "a")]
    assert _pairs("[offset:500]\n[00:10.00]a\n") == [(9_500, "a")]


def test_negative_offset_makes_lyrics_appear_later_and_applies_wherever_it_is_written():
    assert _pairs("[00:10.00]a\n[offset:-250]\n") == [(10_250, "a")]


def test_offset_never_makes_a_time_negative_and_garbage_offsets_are_ignored():
    assert _pairs("[offset:+5000]\n[00:01.00]a\n") == [(0, "a")]
    assert _pairs("[offset:soon]\n[00:01.00]a\n") == [(1_000, "a")]


def test_metadata_is_exposed_and_never_a_line():
    parsed = parse_lrc(
        "[ti:Night Run]\n[ar:Nova Drive]\n[al:Neon]\n[length:03:20]\n[by:someone]\n"
        "[00:01.00]hello\n"
    )
    assert parsed.metadata == {
        "ti": "Night Run", "ar": "Nova Drive", "al": "Neon", "length": "03:20", "by": "someone",
    }
    assert _pairs("[ti:x]\n[00:01.00]hello\n") == [(1_000, "hello")]


def test_blank_timestamp_lines_are_kept_as_instrumental_gaps():
    assert _pairs("[00:01.00]sing\n[00:05.00]\n[00:09.00]again\n") == [
        (1_000, "sing"), (5_000, ""), (9_000, "again"),
    ]


def test_malformed_lines_are_skipped_not_raised():
    lrc = (
        "[00:01.00]good\n"
        "[01:75.00]impossible seconds\n"
        "[aa:bb]not a time\n"
        "no timestamp at all\n"
        "[00:02\n"
        "[]\n"
        "[00:03.00]also good\n"
    )
    assert _pairs(lrc) == [(1_000, "good"), (3_000, "also good")]


@pytest.mark.parametrize("garbage", ["", "\n\n", "[", "]]]][[[", "\x00\x01", "[99999:00]x", "<00:01>"])
def test_garbage_never_raises(garbage):
    parse_lrc(garbage)


def test_text_after_timestamps_may_start_with_a_bracket():
    assert _pairs("[00:01.00][Chorus] la la\n") == [(1_000, "[Chorus] la la")]


def test_enhanced_word_timing():
    parsed = parse_lrc("[offset:100]\n[00:12.00]<00:12.00>Hello <00:12.50>big <00:13.00>world<00:13.80>\n")
    (line,) = parsed.lines
    assert line.time_ms == 11_900 and line.text == "Hello big world"
    assert [(w.time_ms, w.text) for w in line.words] == [
        (11_900, "Hello"), (12_400, "big"), (12_900, "world"),
    ]


def test_words_before_the_first_word_tag_start_with_the_line():
    (line,) = parse_lrc("[00:05.00]Oh <00:06.00>yes\n").lines
    assert [(w.time_ms, w.text) for w in line.words] == [(5_000, "Oh"), (6_000, "yes")]


def test_plain_lines_have_no_words():
    assert parse_lrc("[00:05.00]no word tags\n").lines[0].words is None


def test_text_without_timestamps_is_plain():
    parsed = parse_lrc("\nFirst line\n\n[Chorus: Ana]\nLast line\n\n")
    assert parsed.synced is False
    assert [line.text for line in parsed.lines] == ["First line", "", "[Chorus: Ana]", "Last line"]
    assert all(line.time_ms == UNTIMED for line in parsed.lines)


def test_crlf_and_byte_order_mark():
    assert _pairs("\ufeff[00:01.00]a\r\n[00:02.00]b\r\n") == [(1_000, "a"), (2_000, "b")]


def test_line_index_at():
    lines = parse_lrc("[00:10.00]a\n[00:20.00]b\n[00:30.00]c\n").lines
    assert line_index_at(lines, 0) == -1
    assert line_index_at(lines, 9_999) == -1
    assert line_index_at(lines, 10_000) == 0
    assert line_index_at(lines, 25_000) == 1
    assert line_index_at(lines, 10**9) == 2


def test_line_index_at_accepts_dicts_and_handles_empty_and_plain_lyrics():
    as_dicts = [{"time_ms": 0, "text": "x"}, {"time_ms": 500, "text": "y"}]
    assert line_index_at(as_dicts, 600) == 1
    assert line_index_at([], 1_000) == -1
    assert line_index_at([LyricLine(time_ms=UNTIMED, text="plain")], 1_000) == -1


def test_demo_seeder_uses_the_same_parser():
    lrc = demo_lyrics.build_lrc(["one", "two"], 20.0, title="T", artist="A", album="B")
    assert demo_lyrics.parse_lrc(lrc) == [
        (line.time_ms / 1000, line.text) for line in parse_lrc(lrc).lines
    ]
    assert parse_lrc(lrc).metadata["ti"] == "T"
