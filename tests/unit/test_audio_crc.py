"""The integrity checks' CRCs, computed two bytes per step, against the plain one-byte-per-step loop."""

from __future__ import annotations

import os

import pytest

from spoticlone.services.media import audio_crc


def _per_byte(table: list[int], width: int, data: bytes) -> int:
    mask, shift = (1 << width) - 1, width - 8
    crc = 0
    for byte in data:
        crc = ((crc << 8) & mask) ^ table[(crc >> shift) ^ byte]
    return crc


@pytest.mark.parametrize("size", [0, 1, 2, 3, 17, 4096, 13_001, 65_536])
def test_word_steps_give_the_byte_loop_s_crc(size):
    data = os.urandom(size)
    assert audio_crc.flac_frame_crc(data) == _per_byte(audio_crc.CRC16, 16, data)
    assert audio_crc.ogg_page_crc(data) == _per_byte(audio_crc.CRC32_OGG, 32, data)


def test_the_published_check_values():
    """CRC-16/UMTS (FLAC's) and CRC-32/POSIX before its final inversion (Ogg's) of "123456789"."""
    assert audio_crc.flac_frame_crc(b"123456789") == 0xFEE8
    assert audio_crc.ogg_page_crc(b"123456789") ^ 0xFFFFFFFF == 0x765E7680
