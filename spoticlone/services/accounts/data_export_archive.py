"""Write one account's data into a zip, streaming: usable for one listener or for everyone.

``write_archive`` needs only a session, the account and where to write, so the listener's
export job, ``python -m spoticlone.cli export-user`` and an operator's bulk export (archive
mode: loop over the accounts) all share it. Nothing is held whole in memory: JSON lists are
written a row at a time into the zip entry, and original audio files are copied from the
media store in chunks (stored, not recompressed: audio is compressed already). The zip is
written under a temporary name and renamed when complete, so a half-written file is never
mistaken for an export.
"""

from __future__ import annotations

import io
import json
import os
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, func, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import User
from spoticlone.plugins import personal_data as plugin_data
from spoticlone.services.accounts import data_export_artist as artist_part
from spoticlone.services.accounts.data_export_playlists import m3u8, xspf
from spoticlone.services.accounts.data_export_sections import (
    LISTENER_SECTIONS,
    Section,
    own_playlists,
    playlist_file_stem,
    playlist_rows,
)
from spoticlone.services.core.errors import NotFound

#: ``progress(done, total, stage)``: called after each step of the build.
Progress = Callable[[int, int, str], None]

SECTIONS: tuple[Section, ...] = LISTENER_SECTIONS + artist_part.ARTIST_SECTIONS

README_INTRO = """\
Your data from {site}
{underline}

This archive holds everything {site} keeps about the account "{username}", as of
{when} (UTC). It was made because you asked for it (your right of access and to data
portability, GDPR articles 15 and 20). The .json files are UTF-8 JSON that any text
editor or spreadsheet tool can open; times are ISO 8601 in UTC; "url" values are pages
on {origin}.

Files:
"""

README_EXTRA = """\
playlists/
    Each of your playlists as .m3u8 (Extended M3U) and .xspf (XML Shareable Playlist
    Format). Most music players and playlist-transfer services import one or the other.
pictures/
    Your profile picture and cover image as you uploaded them (and your artist image).
artist/originals/
    (Artists only) the original audio file of each of your songs, as you uploaded it.

What is not here: your password, session tokens, app password keys and the two-step
sign-in secret. They are secrets, not information about you, and are never exported.
Music by other artists is named, not copied.
"""


@dataclass(frozen=True)
class ArchiveSummary:
    """What went into a zip: its size, and how many rows each file holds."""

    path: Path
    size_bytes: int
    counts: dict[str, int]


def _write_json(archive: zipfile.ZipFile, section: Section, session: Session, user: User) -> int:
    count = 0
    entry = zipfile.ZipInfo(section.path, date_time=datetime.now(UTC).timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(entry, "w", force_zip64=True) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8") as out:
        if section.single:
            first = next(iter(section.rows(session, user)), None)
            json.dump(first, out, ensure_ascii=False, indent=2)
            return 1 if first is not None else 0
        out.write("[")
        for row in section.rows(session, user):
            out.write(",\n  " if count else "\n  ")
            json.dump(row, out, ensure_ascii=False)
            count += 1
        out.write("\n]\n" if count else "]\n")
    return count


def _readme(user: User, *, origin: str, site: str, files: list[tuple[str, str]]) -> str:
    title = f"Your data from {site}"
    text = README_INTRO.format(site=site, underline="=" * len(title), username=user.username,
                               when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"), origin=origin)
    for path, about in files:
        text += f"{path}\n" + textwrap.fill(about, 88, initial_indent="    ", subsequent_indent="    ") + "\n"
    return text + README_EXTRA


def write_archive(session: Session, *, user: User, destination: Path, store: MediaStore, origin: str,
                  site: str = "Spoticlone", progress: Progress | None = None) -> ArchiveSummary:
    """Write ``user``'s data to the zip ``destination`` (replaced if it exists); see the module doc."""
    notify = progress or (lambda done, total, stage: None)
    playlists = own_playlists(session, user)
    media = [*artist_part.picture_files(session, user, store), *artist_part.original_files(session, user, store)]
    sections = SECTIONS + plugin_data.export_sections(session)  # plugins/<name>.json for plugins' tables
    total = len(sections) + len(playlists) + len(media) + 1
    done = 0
    counts: dict[str, int] = {}
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.writestr("README.txt", _readme(user, origin=origin, site=site,
                                                   files=[(s.path, s.about) for s in sections]))
            for section in sections:
                notify(done, total, section.path)
                counts[section.path] = _write_json(archive, section, session, user)
                done += 1
            for playlist in playlists:
                notify(done, total, "playlists")
                rows = playlist_rows(session, playlist)
                stem = f"playlists/{playlist_file_stem(playlist)}"
                archive.writestr(f"{stem}.m3u8", m3u8(playlist.name, rows, origin=origin))
                archive.writestr(f"{stem}.xspf", xspf(playlist.name, rows, origin=origin,
                                                      info=f"{origin}/playlist/{playlist.id}"))
                done += 1
            for name, key in media:
                notify(done, total, name)
                # ``write`` streams the file in chunks and switches to ZIP64 for big ones.
                archive.write(store.path(key), name, compress_type=zipfile.ZIP_STORED)
                done += 1
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    notify(total, total, "done")
    return ArchiveSummary(destination, destination.stat().st_size, counts)


def export_user_archive(session: Session, *, username: str, destination: Path, store: MediaStore, origin: str,
                        progress: Progress | None = None) -> ArchiveSummary:
    """The operator's export of one account by username (``cli export-user``; archive mode loops over it).

    Raises:
        NotFound: no account has that username.
    """
    name = username.strip().lstrip("@")
    user = session.exec(select(User).where(func.lower(User.username) == name.lower())).first()
    if user is None:
        raise NotFound(f"No account has the username {name!r}.")
    return write_archive(session, user=user, destination=destination, store=store, origin=origin, progress=progress)
