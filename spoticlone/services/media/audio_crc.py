"""The CRCs the audio integrity checks verify: FLAC's header CRC-8 and frame CRC-16, Ogg's page CRC-32.

All are MSB-first (not reflected), start from zero and are not inverted at the end. They
run in the probe child on the last frame or page of every file, so the longer ones take two
bytes per step (``_word_table``).
"""

from __future__ import annotations

import functools
import sys
from array import array


def byte_table(poly: int, width: int) -> list[int]:
    """The register after feeding each byte through an empty one (the classic one-byte table)."""
    top, mask = 1 << (width - 1), (1 << width) - 1
    table = []
    for byte in range(256):
        crc = byte << (width - 8)
        for _ in range(8):
            crc = ((crc << 1) ^ poly) if crc & top else (crc << 1)
        table.append(crc & mask)
    return table


CRC8 = byte_table(0x07, 8)
CRC16 = byte_table(0x8005, 16)
CRC32_OGG = byte_table(0x04C11DB7, 32)


def flac_header_crc(data: bytes) -> int:
    """FLAC's frame header CRC-8 (a header is a few bytes: one step per byte)."""
    crc = 0
    for byte in data:
        crc = CRC8[crc ^ byte]
    return crc


def flac_frame_crc(data: bytes) -> int:
    """FLAC's frame CRC-16, two bytes per step (``_word_table``): a frame is a few kilobytes."""
    table = _word_table(0x8005, 16)
    crc = 0
    for word in _words(data):
        crc = table[crc ^ word]
    if len(data) % 2:
        crc = ((crc << 8) & 0xFFFF) ^ CRC16[(crc >> 8) ^ data[-1]]
    return crc


def ogg_page_crc(data: bytes) -> int:
    """Ogg's page CRC-32, two bytes per step (``_word_table``): a page is up to 64 kB."""
    table = _word_table(0x04C11DB7, 32)
    crc = 0
    for word in _words(data):
        crc = ((crc << 16) & 0xFFFFFFFF) ^ table[(crc >> 16) ^ word]
    if len(data) % 2:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ CRC32_OGG[(crc >> 24) ^ data[-1]]
    return crc


def _words(data: bytes) -> array:
    """``data``'s whole big-endian 16-bit words (an odd last byte is left to the caller)."""
    words = array("H", data[: len(data) - len(data) % 2])
    if sys.byteorder == "little":
        words.byteswap()
    return words


@functools.cache
def _word_table(poly: int, width: int) -> array:
    """The register after feeding each 16-bit value through an empty one, for MSB-first CRCs.

    A CRC is linear, so feeding a word ``w`` into a register ``r`` gives ``r`` shifted by 16
    bits, XOR this table at ``w`` XOR ``r``'s top 16 bits: one Python step per two bytes
    instead of one per byte. Parsing runs in the probe child, where the per-byte loop over
    the last frame was most of a small FLAC file's check. The table is a packed array
    (128 kB for CRC-16), not a list of 65,536 int objects: between two checks the parser
    pushes the table out of the processor's caches, and a list's scattered objects then
    cost more to reach than the steps saved. Built from the byte table on first use (a few
    milliseconds), once per child.
    """
    by_byte, mask = byte_table(poly, width), (1 << width) - 1
    shift = width - 8
    typecode = "H" if width <= 16 else ("I" if array("I").itemsize >= 4 else "L")
    table = array(typecode)
    for high in range(256):
        after_high = by_byte[high]
        top = after_high >> shift
        moved = (after_high << 8) & mask
        table.extend(moved ^ by_byte[top ^ low] for low in range(256))
    return table
