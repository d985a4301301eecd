"""The one-file picker every upload button uses: pictures, the support screenshot, .lrc, .nsp.

Each picker is a button inside Reflex's upload zone that takes one file, refuses the wrong kind
or size in the browser (``on_refused`` says why in the page's words) and streams an accepted
file to a state handler at once. Reflex still calls the drop handler, with no file, after it
refused every file itself; the handler's first step, ``state.uploads.sent_files``, returns then
so the refusal stays on screen (docs/architecture.md says why the check is not made here).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

PICTURE_ACCEPT: dict[str, list[str]] = {
    "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"],
    "image/gif": [".gif"], "image/bmp": [".bmp"],
}
"""What the browser lets through for any picture: the formats ``services.media.images`` reads
(a test keeps the two in step), so a cover and an avatar accept the same files."""


def file_picker(button: rx.Component, *, upload_id: str, accept: dict[str, list[str]], max_bytes: int,
                on_file: Any, on_refused: Any, on_progress: Any = None) -> rx.Component:
    """``button`` opens the file chooser (or takes a dropped file) for one file sent at once.

    ``on_file`` is the state's streaming handler (``rx.UploadChunkIterator``), ``on_refused``
    the handler that explains a file refused here, ``on_progress`` an optional progress handler.
    """
    return rx.upload.root(
        button,
        id=upload_id, accept=accept, multiple=False, max_files=1, max_size=max_bytes,
        on_drop=on_file(rx.upload_files_chunk(upload_id=upload_id, on_upload_progress=on_progress)),
        on_drop_rejected=on_refused,
        style={"display": "inline-block"},
    )
