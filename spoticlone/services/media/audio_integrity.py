"""Structural checks that an audio file is whole, run inside the probe child process.

mutagen reads headers, and headers survive truncation: a FLAC cut in half still
announces its full length, a WAV still declares its full ``data`` chunk. A track
that stops halfway is a bad listener experience and usually means an interrupted
upload, so each format gets a cheap check that the audio data really reaches the
end of the file. Checks read headers and the file's tail only (the MP3 walk reads
4 bytes per frame), so they stay fast on large files.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from spoticlone.services.media.audio_crc import flac_frame_crc, flac_header_crc, ogg_page_crc


class Truncated(Exception):
    """The file's audio data stops before its headers say it should."""


class Corrupt(Exception):
    """The audio data is not what its headers describe."""


#: Bytes of MP3 audio read at a time by the frame walk.
MP3_BLOCK = 1 << 20
#: Distinct frame headers whose length the walk remembers (a file has a handful; the bound
#: keeps hostile data from growing the memo).
MP3_HEADERS_KEPT = 256


def _file_size(handle: BinaryIO) -> int:
    return handle.seek(0, 2)


def id3v2_size(head: bytes) -> int:
    """Length of a leading ID3v2 tag (0 if none), from its syncsafe size field."""
    if len(head) < 10 or head[:3] != b"ID3":
        return 0
    size = 0
    for byte in head[6:10]:
        size = (size << 7) | (byte & 0x7F)
    footer = 10 if head[5] & 0x10 else 0
    return 10 + size + footer


# MP3.

_MP3_BITRATES = {
    3: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2 / 2.5
}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mp3_frame(header: bytes) -> tuple[int, int, int] | None:
    """``(frame_length, sample_rate, version_bits)`` of a Layer III header, else ``None``."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 3
    layer = (header[1] >> 1) & 3
    bitrate_index, rate_index = header[2] >> 4, (header[2] >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrate = _MP3_BITRATES[3 if version == 3 else 2][bitrate_index] * 1000
    rate = _MP3_RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    factor = 144 if version == 3 else 72
    return factor * bitrate // rate + padding, rate, version


def _mp3_audio_end(handle: BinaryIO, size: int) -> int:
    """File size minus trailing ID3v1 and APEv2 tags, which are not audio frames."""
    end = size
    if end >= 128:
        handle.seek(end - 128)
        if handle.read(3) == b"TAG":
            end -= 128
    if end >= 32:
        handle.seek(end - 32)
        footer = handle.read(32)
        if footer[:8] == b"APETAGEX":
            tag_size, flags = struct.unpack("<I", footer[12:16])[0], footer[20:24]
            has_header = bool(struct.unpack("<I", flags)[0] & 0x80000000)
            end -= tag_size + (32 if has_header else 0)
    return max(end, 0)


def _xing_frames(first_frame: bytes) -> int | None:
    """Frame count declared by a Xing/Info header in the first frame, if any."""
    for marker in (b"Xing", b"Info"):
        pos = first_frame.find(marker, 4, 64)
        if pos != -1 and len(first_frame) >= pos + 12:
            flags = struct.unpack(">I", first_frame[pos + 4 : pos + 8])[0]
            if flags & 1:
                return struct.unpack(">I", first_frame[pos + 8 : pos + 12])[0]
    return None


def check_mp3(handle: BinaryIO) -> None:
    """Walk every frame header from the first frame to the end of the audio.

    A file cut mid-frame ends in a partial frame; a Xing header's frame count
    catches cuts on a frame boundary; long stretches that are not frames mean
    the data is damaged (stray bytes between frames are tolerated, as players do).

    The walk reads the audio a block at a time and decodes each distinct header once: a
    four-minute song has about 9,000 frames but only a few different headers, and a seek
    and a read per frame made this check cost twice what parsing the file does.
    """
    size = _file_size(handle)
    handle.seek(0)
    start = id3v2_size(handle.read(10))
    end = _mp3_audio_end(handle, size)
    pos, frames, skipped, declared, reference = start, 0, 0, None, None
    budget = max((end - start) // 20, 16 * 1024)
    lengths: dict[bytes, int] = {}  # headers of frames that match the first one -> their length
    block, base, last_in_block = b"", start, start - 1  # a header starting after ``last_in_block`` needs a read
    while pos + 4 <= end:
        if pos > last_in_block:
            handle.seek(pos)
            block, base = handle.read(min(MP3_BLOCK, end - pos)), pos
            last_in_block = base + len(block) - 4
            if len(block) < 4:
                break
        offset = pos - base
        header = block[offset:offset + 4]
        length = lengths.get(header)
        if length is None:
            frame = mp3_frame(header)
            if not frame or (reference is not None and frame[1:] != reference):
                pos += 1
                skipped += 1
                if skipped > budget:
                    raise Corrupt("too much data between MP3 frames")
                continue
            length = frame[0]
            if reference is None:
                handle.seek(pos)
                declared = _xing_frames(handle.read(min(length, 200)))
                reference = frame[1:]
            if len(lengths) < MP3_HEADERS_KEPT:
                lengths[header] = length
        if pos + length > end:
            raise Truncated("last MP3 frame is incomplete")
        frames += 1
        pos += length
    if frames == 0:
        raise Corrupt("no MP3 frames")
    # The Xing frame itself is counted by the walk but not (always) by the header.
    if declared and frames < declared * 0.98:
        raise Truncated(f"{frames} of {declared} MP3 frames present")


# FLAC.


def _flac_blocksize(code: int, extra: bytes) -> int | None:
    if code == 1:
        return 192
    if 2 <= code <= 5:
        return 576 << (code - 2)
    if code == 6:
        return extra[0] + 1
    if code == 7:
        return struct.unpack(">H", extra[:2])[0] + 1
    if code >= 8:
        return 256 << (code - 8)
    return None


def _flac_frame_header(data: bytes, pos: int) -> tuple[int, int] | None:
    """``(first_sample_or_frame_number, blocksize)`` of a CRC-valid frame header at ``pos``."""
    head = data[pos : pos + 16]
    if len(head) < 6 or head[0] != 0xFF or head[1] not in (0xF8, 0xF9):
        return None
    first = head[4]
    extra_bytes = 0
    while extra_bytes < 7 and first & (0x80 >> extra_bytes):
        extra_bytes += 1
    if extra_bytes == 1 or extra_bytes > 7:
        return None
    count = max(extra_bytes - 1, 0)
    number = first & (0x7F >> extra_bytes) if extra_bytes else first
    for byte in head[5 : 5 + count]:
        number = (number << 6) | (byte & 0x3F)
    cursor = 5 + count
    block_code, rate_code = head[2] >> 4, head[2] & 0x0F
    cursor_extra = cursor
    cursor += {6: 1, 7: 2}.get(block_code, 0)
    cursor += {12: 1, 13: 2, 14: 2}.get(rate_code, 0)
    if rate_code == 15 or cursor >= len(head) or flac_header_crc(head[:cursor]) != head[cursor]:
        return None
    blocksize = _flac_blocksize(block_code, head[cursor_extra:])
    return (number, blocksize) if blocksize else None


def check_flac(handle: BinaryIO, *, total_samples: int, max_blocksize: int, max_framesize: int) -> None:
    """Find the last frame, check its CRC-16 reaches end of file and its samples end the stream."""
    size = _file_size(handle)
    end = size
    if size >= 128:
        handle.seek(size - 128)
        if handle.read(3) == b"TAG":
            end -= 128
    tail_len = min(end, min(max(2 * max_framesize, 1 << 16), 16 << 20))
    handle.seek(end - tail_len)
    tail = handle.read(tail_len)
    pos = len(tail)
    while True:
        pos = max(tail.rfind(b"\xff\xf8", 0, pos), tail.rfind(b"\xff\xf9", 0, pos))
        if pos < 0:
            raise Truncated("no complete FLAC frame at the end of the file")
        header = _flac_frame_header(tail, pos)
        if header and flac_frame_crc(tail[pos:-2]) == struct.unpack(">H", tail[-2:])[0]:
            break
    number, blocksize = header
    first_sample = number if tail[pos + 1] == 0xF9 else number * max_blocksize
    if total_samples and first_sample + blocksize < total_samples:
        raise Truncated(f"FLAC audio ends at sample {first_sample + blocksize} of {total_samples}")


# Ogg (Vorbis, Opus).


def check_ogg(handle: BinaryIO) -> None:
    """The last Ogg page must be complete (its length reaches end of file) with a valid CRC."""
    size = _file_size(handle)
    tail_len = min(size, 65536 + 27 + 255 + 1024)
    handle.seek(size - tail_len)
    tail = handle.read(tail_len)
    pos = len(tail)
    while (pos := tail.rfind(b"OggS", 0, pos)) >= 0:
        if len(tail) - pos < 27:
            continue
        segments = tail[pos + 26]
        table = tail[pos + 27 : pos + 27 + segments]
        page_end = pos + 27 + segments + sum(table)
        if len(table) == segments and page_end == len(tail):
            page = bytearray(tail[pos:page_end])
            stored = struct.unpack("<I", bytes(page[22:26]))[0]
            page[22:26] = b"\0\0\0\0"
            if ogg_page_crc(bytes(page)) == stored:
                return
    raise Truncated("the last Ogg page is incomplete")


# WAV, AIFF and MP4 chunk walks.


def check_wav(handle: BinaryIO) -> None:
    """Walk RIFF chunks: ``fmt`` and ``data`` present, ``data`` fully inside the file."""
    size = _file_size(handle)
    handle.seek(12)
    pos, seen = 12, set()
    while pos + 8 <= size:
        handle.seek(pos)
        chunk_id, length = struct.unpack("<4sI", handle.read(8))
        if chunk_id == b"data":
            if length in (0, 0xFFFFFFFF):
                raise Corrupt("WAV data chunk has no usable length")
            if pos + 8 + length > size:
                raise Truncated(f"WAV data chunk needs {length} bytes, {size - pos - 8} present")
        elif pos + 8 + length > size:
            raise Truncated(f"WAV chunk {chunk_id!r} runs past the end of the file")
        seen.add(chunk_id)
        pos += 8 + length + (length & 1)
    if not {b"fmt ", b"data"} <= seen:
        raise Truncated("WAV file has no audio data")


def _aiff_frame_bytes(comm: bytes, compressed: bool) -> int | None:
    """Bytes of sample data a ``COMM`` chunk declares, for uncompressed PCM (else ``None``)."""
    if len(comm) < 8:
        raise Corrupt("AIFF COMM chunk is too short")
    channels, frames, bits = struct.unpack(">hIh", comm[:8])
    if channels <= 0 or bits <= 0 or bits > 64:
        raise Corrupt(f"AIFF declares {channels} channels of {bits} bits")
    if compressed and comm[18:22] not in (b"NONE", b"sowt", b"twos"):
        return None  # compressed AIFF-C: the data length says nothing exact
    return frames * channels * ((bits + 7) // 8)


def check_aiff(handle: BinaryIO) -> None:
    """Walk the IFF chunks (big-endian): ``COMM`` and ``SSND`` present, the sound data all there.

    The ``FORM`` header and the ``SSND`` chunk both announce their full length, and ``COMM``
    how many sample frames follow, so a file cut anywhere in its audio is caught.
    """
    size = _file_size(handle)
    handle.seek(0)
    head = handle.read(12)
    if len(head) < 12 or head[:4] != b"FORM":
        raise Corrupt("not an IFF file")
    compressed = head[8:12] == b"AIFC"
    declared_end = 8 + struct.unpack(">I", head[4:8])[0]
    if declared_end > size:
        raise Truncated(f"AIFF declares {declared_end} bytes, {size} present")
    pos, expected, sound = 12, None, None
    while pos + 8 <= declared_end:
        handle.seek(pos)
        chunk_id, length = struct.unpack(">4sI", handle.read(8))
        if pos + 8 + length > declared_end:
            raise Truncated(f"AIFF chunk {chunk_id!r} runs past the end of the file")
        if chunk_id == b"COMM":
            expected = _aiff_frame_bytes(handle.read(min(length, 64)), compressed)
        elif chunk_id == b"SSND":
            sound = length - 8  # after the offset and block size fields
        pos += 8 + length + (length & 1)
    if expected is None and sound is None:
        raise Truncated("AIFF file has no audio data")
    if sound is None or sound <= 0:
        raise Truncated("AIFF file has no sound data")
    if expected is not None and sound < expected:
        raise Truncated(f"AIFF sound data has {sound} of {expected} bytes")


def check_mp4(handle: BinaryIO) -> None:
    """Walk top-level atoms: none runs past the end, and ``moov`` and ``mdat`` exist."""
    size = _file_size(handle)
    pos, seen = 0, set()
    while pos + 8 <= size:
        handle.seek(pos)
        length, kind = struct.unpack(">I4s", handle.read(8))
        if length == 1:
            length = struct.unpack(">Q", handle.read(8))[0]
        elif length == 0:
            length = size - pos
        if length < 8 or pos + length > size:
            raise Truncated(f"MP4 atom {kind!r} runs past the end of the file")
        seen.add(kind)
        pos += length
    if not {b"moov", b"mdat"} <= seen:
        raise Truncated("MP4 file lacks its index or its audio data")
