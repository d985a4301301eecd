"""Pictures made on the fly for upload tests: normal, tagged with metadata, and hostile."""

from __future__ import annotations

import io

CAMERA_TAG = "SecretCam 3000"


def png(width: int = 64, height: int = 48, color=(200, 40, 90)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_metadata(width: int = 800, height: int = 600) -> bytes:
    """A JPEG whose EXIF names a camera model and carries a GPS block (both must go)."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0110] = CAMERA_TAG  # Model
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def decompression_bomb(width: int = 8000, height: int = 6000) -> bytes:
    """A small file that claims 48 megapixels (a one-bit PNG compresses to almost nothing)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (width, height), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
