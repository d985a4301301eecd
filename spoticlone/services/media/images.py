"""Turn an untrusted picture into a small, clean JPEG (covers, avatars, artist images).

Images from uploads and from audio tags are never stored as given: a file can be
a decompression bomb, carry GPS coordinates in EXIF, or be something else wearing
an image header. Decoding with a pixel-count limit and re-encoding to a fresh RGB
JPEG removes all metadata and caps what every later page load has to download.

A pixel limit alone does not bound memory: a 155 KB PNG of 6320×6320 RGBA pixels is
under 40 megapixels yet decodes to 160 MB, and converting it whole once cost the
server 600 MB per upload, which it kept afterwards. So the decoding runs in a
short-lived child (``python -m spoticlone.services.media.images ...``, the same
``services.media.sandbox`` mechanism as the audio probe) with an address-space, CPU and
wall-clock limit; the server only ever holds the upload and the small result. In
the child the picture is shrunk as early as possible: JPEGs decode directly at a
reduced scale (``draft``), everything else is reduced by an integer factor in its
own mode before any conversion. At most ``MAX_PARALLEL_DECODES`` children run per
server process, so a burst of uploads cannot multiply the child's budget.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from spoticlone.services.core.errors import Invalid, RateLimited
from spoticlone.services.media import sandbox

log = logging.getLogger(__name__)

MAX_PIXELS = 40_000_000
MAX_SIDE = 1200
#: The picture formats read, as people write them (Pillow names them in capitals).
FORMAT_NAMES = ("JPEG", "PNG", "WebP", "GIF", "BMP")
ALLOWED_FORMATS = frozenset(name.upper() for name in FORMAT_NAMES)
#: The same list for the API's documentation: "JPEG, PNG, WebP, GIF or BMP".
FORMATS_IN_WORDS = f"{', '.join(FORMAT_NAMES[:-1])} or {FORMAT_NAMES[-1]}"

#: Address space of one decoding child. A 40 MP PNG needs ~250 MB here (160 MB of
#: pixels, as Pillow stores RGB in 4 bytes too, a quarter of that once reduced, and
#: ~60 MB for Python and Pillow). WebP decodes through extra copies, so a WebP over
#: roughly 20 MP is refused with ``TOO_COMPLEX`` rather than given more.
CHILD_MEMORY_MB = 384
CHILD_CPU_SECONDS = 10
CHILD_TIMEOUT = 30.0
#: Children at once per server process: the worst case is this times CHILD_MEMORY_MB.
MAX_PARALLEL_DECODES = 2
#: How long an upload waits for a free decoding slot before being told to retry.
SLOT_WAIT_SECONDS = 60.0
#: Modes Pillow can box-reduce; others are subsampled (see ``_shrink``).
REDUCIBLE_MODES = ("L", "LA", "RGB", "RGBA", "CMYK")
#: Size of one strip copied while reducing (see ``_reduce_in_strips``).
STRIP_BYTES = 8 * 1024 * 1024

UNREADABLE = "This picture could not be read. Please use a JPEG, PNG or WebP image."
TOO_COMPLEX = "This picture could not be processed: it may be damaged or too large. Please try a smaller one."
BUSY = "The server is busy with other pictures. Please try again in a minute."

_decode_slots = threading.BoundedSemaphore(MAX_PARALLEL_DECODES)


class ImageRejected(Invalid):
    """The picture cannot be used; the message is safe to show to the uploader."""


def reencode_image(
    data: bytes,
    *,
    max_side: int = MAX_SIDE,
    max_pixels: int = MAX_PIXELS,
    quality: int = 85,
) -> bytes:
    """Verify ``data`` is a sane image and return it as an RGB JPEG, at most ``max_side`` px.

    Raises ``ImageRejected`` for anything Pillow cannot read, an unsupported format,
    more than ``max_pixels`` pixels (checked from the header, before decoding), or a
    picture the decoding child cannot handle within its limits; ``RateLimited`` when
    every decoding slot stayed busy for ``SLOT_WAIT_SECONDS``. Blocking: call it off
    the event loop.
    """
    if not data:
        raise ImageRejected(UNREADABLE)
    with _decode_slot(), tempfile.TemporaryDirectory(prefix="spoticlone-image-") as tmp:
        source, target = Path(tmp) / "in", Path(tmp) / "out.jpg"
        source.write_bytes(data)
        args = [str(source), str(target), str(max_side), str(max_pixels), str(quality),
                str(CHILD_MEMORY_MB), str(CHILD_CPU_SECONDS)]
        try:
            proc = sandbox.run_module("spoticlone.services.media.images", args, timeout=CHILD_TIMEOUT, cwd=tmp)
        except subprocess.TimeoutExpired:
            log.warning("picture decoding gave no answer within %ss", CHILD_TIMEOUT)
            raise ImageRejected(TOO_COMPLEX) from None
        result = _answer(proc)
        if not result.get("ok") or not target.is_file():
            raise ImageRejected(str(result.get("message") or UNREADABLE))
        return target.read_bytes()


@contextmanager
def _decode_slot():
    if not _decode_slots.acquire(timeout=SLOT_WAIT_SECONDS):
        log.warning("no picture decoding slot free for %ss", SLOT_WAIT_SECONDS)
        raise RateLimited(BUSY, retry_after=60)
    try:
        yield
    finally:
        _decode_slots.release()


def _answer(proc: subprocess.CompletedProcess) -> dict:
    """The child's JSON verdict; a killed or confused child means "cannot process"."""
    stderr = proc.stderr.decode("utf-8", "replace")[-2000:]
    if proc.returncode != 0:
        # Killed for CPU time (SIGXCPU), or crashed: the file made Pillow work too hard.
        log.warning("picture decoding exited with %s: %s", proc.returncode, stderr)
        return {"ok": False, "message": TOO_COMPLEX}
    try:
        return json.loads(proc.stdout)
    except ValueError:
        log.warning("picture decoding printed no JSON: %s", stderr)
        return {"ok": False, "message": UNREADABLE}


def _shrink(img, max_side: int):
    """``img`` (loaded) reduced to fit ``max_side``, converted to a mode JPEG can hold.

    Nothing full-size is ever copied: Pillow's own ``thumbnail`` would convert a whole
    RGBA picture to premultiplied alpha first (another 160 MB for 40 MP). Instead the
    picture is first reduced by an integer factor to between one and two times the
    target, strip by strip, and only that small copy is converted and resampled.
    Modes that cannot be box-reduced (palette, 1-bit, 16-bit) are subsampled instead.
    """
    from PIL import Image

    transparent = img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info
    factor = max(img.size) // max_side
    if factor > 1:
        if img.mode in REDUCIBLE_MODES:
            img = _reduce_in_strips(img, factor)
        else:
            size = (-(-img.width // factor), -(-img.height // factor))
            img = img.resize(size, Image.Resampling.NEAREST)
    if img.mode not in ("RGB", "RGBA", "L", "LA"):
        img = img.convert("RGBA" if transparent else "RGB")
    img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return img


def _reduce_in_strips(img, factor: int):
    """Box-average ``img`` by ``factor`` a few megabytes at a time (same result as ``reduce``)."""
    from PIL import Image

    width, height = img.size
    out = Image.new(img.mode, (-(-width // factor), -(-height // factor)))
    rows = max(1, STRIP_BYTES // (width * 4) // factor) * factor  # whole blocks per strip
    for top in range(0, height, rows):
        strip = img.crop((0, top, width, min(height, top + rows)))
        out.paste(strip.reduce(factor), (0, top // factor))
    out.info = dict(img.info)  # EXIF orientation still applies to the small copy
    return out


def _check(source: str, max_pixels: int) -> None:
    """Refuse what is not an allowed format, or too many pixels, without decoding it."""
    from PIL import Image

    try:
        with Image.open(source) as probe:
            if probe.format not in ALLOWED_FORMATS:
                log.info("rejecting image in format %s", probe.format)
                raise ImageRejected(UNREADABLE)
            width, height = probe.size
            if width < 1 or height < 1 or width * height > max_pixels:
                raise ImageRejected(
                    f"This picture is too large ({width}×{height} pixels); "
                    f"please use one under {max_pixels // 1_000_000} megapixels."
                )
            probe.verify()  # checks the data without decoding all of it
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        log.info("image rejected: %s", exc)
        raise ImageRejected(UNREADABLE) from exc


def reencode_file(source: str, target: str, *, max_side: int, max_pixels: int, quality: int) -> dict:
    """Check, decode, shrink and re-encode ``source`` into ``target``. Runs in the child.

    Raises ``ImageRejected`` with a message for the uploader.
    """
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = max_pixels  # Pillow's own bomb check agrees with ours
    _check(source, max_pixels)
    try:
        with Image.open(source) as img:
            img.draft("RGB", (max_side, max_side))  # JPEG: decode at reduced size when possible
            img.load()
            small = ImageOps.exif_transpose(_shrink(img, max_side))
        if small.mode in ("RGBA", "LA"):
            rgba = small.convert("RGBA")
            small = Image.new("RGB", rgba.size, (255, 255, 255))
            small.paste(rgba, mask=rgba.getchannel("A"))
        small = small.convert("RGB")
        # No exif/icc_profile arguments: the new file carries no metadata at all.
        small.save(target, "JPEG", quality=quality, optimize=True)
        return {"ok": True, "width": small.width, "height": small.height}
    except (MemoryError, OSError, SyntaxError, ValueError) as exc:
        # The header was sane, so either the data is damaged or decoding it needs more
        # than the child may use (libwebp reports an allocation failure as OSError).
        log.info("image could not be decoded: %r", exc)
        raise ImageRejected(TOO_COMPLEX) from exc


def main(argv: list[str]) -> int:
    """Entry point of the child; prints one JSON verdict, exits 2 on bad usage."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if len(argv) != 7:
        log.error("usage: images SOURCE TARGET MAX_SIDE MAX_PIXELS QUALITY MEMORY_MB CPU_SECONDS")
        return 2
    source, target, max_side, max_pixels, quality, memory_mb, cpu_seconds = argv
    # The output is at most max_side² pixels of JPEG: a few MB even at quality 100.
    sandbox.limit_self(memory_mb=int(memory_mb), cpu_seconds=int(cpu_seconds), file_mb=64)
    try:
        result = reencode_file(source, target, max_side=int(max_side), max_pixels=int(max_pixels),
                               quality=int(quality))
    except ImageRejected as exc:
        result = {"ok": False, "message": exc.message}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
