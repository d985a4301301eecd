"""The shared one-file picker: the pictures it lets through and that every upload zone uses it."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from spoticlone.components.file_picker import PICTURE_ACCEPT
from spoticlone.services.media.images import ALLOWED_FORMATS

APP = Path(__file__).resolve().parents[2] / "spoticlone"


def test_the_browser_lets_through_exactly_the_picture_formats_the_server_reads():
    Image.init()
    assert set(PICTURE_ACCEPT) == {Image.MIME[fmt] for fmt in ALLOWED_FORMATS}
    extensions = Image.registered_extensions()
    for mime, suffixes in PICTURE_ACCEPT.items():
        for suffix in suffixes:
            assert Image.MIME[extensions[suffix]] == mime, suffix


def test_every_upload_zone_is_built_by_file_picker():
    """A zone built by hand would miss the one-file, refusal and size rules the picker sets."""
    builders = sorted(str(path.relative_to(APP)) for path in APP.rglob("*.py")
                      if "rx.upload.root(" in path.read_text(encoding="utf-8"))
    assert builders == ["components/file_picker.py"]
