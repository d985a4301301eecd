"""``parse_range``: HTTP ``Range`` headers to inclusive byte ranges (RFC 9110 14.1.2)."""

from __future__ import annotations

import pytest

from spoticlone.services.core.errors import Invalid
from spoticlone.services.listening.streaming import MAX_RANGES, UnsatisfiableRange, parse_range

SIZE = 1000


def test_no_header_means_whole_file():
    assert parse_range(None, SIZE) is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=100-199", [(100, 199)]),
        ("bytes=0-0", [(0, 0)]),
        ("bytes=100-", [(100, 999)]),
        ("bytes=0-", [(0, 999)]),
        ("bytes=999-", [(999, 999)]),
        ("bytes=-500", [(500, 999)]),
        ("bytes=-1", [(999, 999)]),
        ("bytes=-5000", [(0, 999)]),  # a suffix longer than the file is the whole file
        ("bytes=900-5000", [(900, 999)]),  # an end past the file is clamped
        ("bytes=0-9,20-29", [(0, 9), (20, 29)]),
        ("bytes=20-29,0-9", [(20, 29), (0, 9)]),  # order kept as asked
        ("bytes=0-9,10-19", [(0, 9), (10, 19)]),  # adjacent is not overlapping
        ("bytes=0-9, -10", [(0, 9), (990, 999)]),
        ("Bytes = 100-199", [(100, 199)]),  # unit is case-insensitive, spaces tolerated
        (" bytes=100-199 ", [(100, 199)]),
    ],
)
def test_valid_ranges(header, expected):
    assert parse_range(header, SIZE) == expected


@pytest.mark.parametrize(
    "header",
    [
        "",
        "bytes",
        "bytes=",
        "bytes=-",
        "bytes=abc",
        "bytes=1-abc",
        "bytes=a-9",
        "bytes=5-2",  # end before start
        "bytes=--5",
        "bytes=1-2-3",
        "bytes=0-9,",  # empty element
        "bytes=,0-9",
        "bytes=+1-5",
        "bytes=1 - 5",
        "bytes=\u0661-\u0662",  # Arabic-Indic digits are not HTTP digits
        "items=0-1",
        "0-1",
        "bytes=" + "9" * 5000 + "-",  # no unbounded int() work
    ],
)
def test_malformed_ranges_are_refused(header):
    with pytest.raises(UnsatisfiableRange) as info:
        parse_range(header, SIZE)
    assert info.value.size == SIZE


@pytest.mark.parametrize(
    "header",
    [
        "bytes=1000-",  # first byte just past the end
        "bytes=1000-1999",
        "bytes=5000-6000",
        "bytes=-0",  # empty suffix
        "bytes=0-9,1000-1009",  # one bad range spoils the request
    ],
)
def test_unsatisfiable_ranges_are_refused(header):
    with pytest.raises(UnsatisfiableRange) as info:
        parse_range(header, SIZE)
    assert info.value.size == SIZE


@pytest.mark.parametrize("header", ["bytes=0-0", "bytes=-1", "bytes=0-"])
def test_empty_file_satisfies_no_range(header):
    with pytest.raises(UnsatisfiableRange):
        parse_range(header, 0)


def test_empty_file_without_range_is_whole_file():
    assert parse_range(None, 0) is None


@pytest.mark.parametrize(
    "header",
    ["bytes=0-9,5-14", "bytes=0-9,9-20", "bytes=20-29,0-25", "bytes=0-,-10", "bytes=0-9,0-9"],
)
def test_overlapping_ranges_are_refused(header):
    with pytest.raises(UnsatisfiableRange, match="overlap"):
        parse_range(header, SIZE)


def test_range_count_is_capped():
    allowed = ",".join(f"{n * 10}-{n * 10 + 1}" for n in range(MAX_RANGES))
    assert len(parse_range(f"bytes={allowed}", SIZE)) == MAX_RANGES
    too_many = ",".join(f"{n * 10}-{n * 10 + 1}" for n in range(MAX_RANGES + 1))
    with pytest.raises(UnsatisfiableRange, match=str(MAX_RANGES)):
        parse_range(f"bytes={too_many}", SIZE)


def test_error_is_a_domain_error_with_a_readable_message():
    with pytest.raises(Invalid) as info:
        parse_range("bytes=5-2", SIZE)
    assert "ends before it starts" in info.value.message
