"""Turn an untrusted picture into a small, clean JPEG (covers, avatars, artist images).

Images from uploads and from audio tags are never stored as given: a file can be
a decompression bomb, carry GPS coordinates in EXIF, or be something else wearing
an image header. Decoding with a pixel-count limit and re-encoding to a fresh RGB
JPEG removes all metadata and caps what every later page load has to download.
"""

from __future__ import annotations

import io
import logging

from spoticlone.services.errors import Invalid

log = logging.getLogger(__name__)

MAX_PIXELS = 40_000_000
MAX_SIDE = 1200
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "BMP"})


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
    or more than ``max_pixels`` pixels (checked from the header, before decoding).
    """
    from PIL import Image, ImageOps

    rejected = ImageRejected("This picture could not be read. Please use a JPEG, PNG or WebP image.")
    if not data:
        raise rejected
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                log.info("rejecting image in format %s", probe.format)
                raise rejected
            width, height = probe.size
            if width < 1 or height < 1 or width * height > max_pixels:
                raise ImageRejected(
                    f"This picture is too large ({width}×{height} pixels); "
                    f"please use one under {max_pixels // 1_000_000} megapixels."
                )
            probe.verify()  # checks the data without decoding all of it
        with Image.open(io.BytesIO(data)) as img:
            img.draft("RGB", (max_side, max_side))  # JPEG: decode at reduced size when possible
            img = ImageOps.exif_transpose(img)
            if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
                rgba = img.convert("RGBA")
                background = Image.new("RGB", rgba.size, (255, 255, 255))
                background.paste(rgba, mask=rgba.getchannel("A"))
                img = background
            img = img.convert("RGB")
            img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            # No exif/icc_profile arguments: the new file carries no metadata at all.
            img.save(out, "JPEG", quality=quality, optimize=True)
            return out.getvalue()
    except ImageRejected:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        log.info("image rejected: %s", exc)
        raise rejected from exc
