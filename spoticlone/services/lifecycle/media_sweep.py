"""Finding and removing media files that no row names: what a crash can leave in the store.

Every writer stores a file before the row that names it is committed, and deletes it again
if that row is not: an upload, a cover, a bulk import's batch. A process killed in between
(power loss, ``kill -9``, the machine's out-of-memory killer) leaves the file with no row,
and so does a crash inside ``atomic_write`` (its ``.incoming-*`` temporary file). Nothing
else ever learns such a file's random key, so it can never be named later: it only takes
disk space, and a backup copies it.

The sweep is careful in three ways, since deleting a file still in use loses an artist's
music:

- **References are looked for everywhere**: every text column of every table in the
  database (the core's, plugins', any added later), matched anywhere inside the value (a
  JSON payload counts), not only the columns known to hold keys;
- **only files older than ``older_than``** (a day by default, at least an hour) are
  candidates, so a file written for a row not committed yet (an upload being processed, an
  import's open batch) is never one;
- **a dry run by default**: ``find_orphans`` only reports; ``remove_orphans`` deletes through
  the media store, which keeps a copy for a backup that is running (``media_hold``).
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import String, Text, inspect, text
from sqlalchemy.types import JSON
from sqlmodel import Session

from spoticlone.integrations.atomic import TEMPORARY_PREFIX
from spoticlone.integrations.media_store import KINDS, LocalMediaStore, is_valid_key
from spoticlone.services.core.errors import Invalid

log = logging.getLogger(__name__)

#: A media key anywhere inside a text (``media_store.new_key``'s shape).
KEY_ANYWHERE = re.compile("(?:" + "|".join(KINDS) + r")/[0-9a-f]{2}/[0-9a-f]{32}\.[a-z0-9]{2,5}")
DEFAULT_AGE = timedelta(hours=24)
MINIMUM_AGE = timedelta(hours=1)
#: Values read per round trip while looking for references.
FETCH = 5000


@dataclass(frozen=True)
class StrayFile:
    """One file no row names (``key``), or a temporary file left by a crash (``key`` is its path)."""

    key: str
    size: int
    temporary: bool = False


@dataclass
class SweepReport:
    """What a sweep found (and, after ``remove_orphans``, removed)."""

    files: list[StrayFile] = field(default_factory=list)
    scanned: int = 0  # media files looked at
    referenced: int = 0  # keys the database names
    removed: int = 0
    removed_keys: set[str] = field(default_factory=set)  # of ``files`` (``sweep_status`` keeps the rest)

    @property
    def size(self) -> int:
        """Bytes the stray files take."""
        return sum(f.size for f in self.files)


def referenced_keys(session: Session) -> set[str]:
    """Every media key named anywhere in the database's text columns (JSON ones too)."""
    bind = session.connection()
    inspector = inspect(bind)
    keys: set[str] = set()
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if not isinstance(column["type"], (String, Text, JSON)):
                continue
            value = f'CAST("{column["name"]}" AS TEXT)'
            # Only values with a slash (a key has two): the database skips the rest of a large table.
            rows = bind.execute(text(f'SELECT {value} FROM "{table}" WHERE {value} LIKE :slash'),
                                {"slash": "%/%"}).yield_per(FETCH)
            for (found,) in rows:
                keys.update(KEY_ANYWHERE.findall(found))
    return keys


def find_orphans(session: Session, store: LocalMediaStore, *, older_than: timedelta = DEFAULT_AGE,
                 now: float | None = None) -> SweepReport:
    """The media files older than ``older_than`` that no row names, and old temporary files.

    Raises ``Invalid`` for an age under ``MINIMUM_AGE``: younger files may belong to rows
    being written right now.
    """
    if older_than < MINIMUM_AGE:
        raise Invalid(f"Only files older than {int(MINIMUM_AGE.total_seconds() // 3600)} hour may be swept: "
                      "younger ones may belong to an upload or import still being saved.")
    cutoff = (time.time() if now is None else now) - older_than.total_seconds()
    report = SweepReport()
    candidates: list[StrayFile] = []
    for kind in KINDS:
        folder = store.root / kind
        if not folder.is_dir():
            continue
        for path in folder.glob("*/*"):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            if not path.is_file():
                continue
            key = path.relative_to(store.root).as_posix()
            if path.name.startswith(TEMPORARY_PREFIX):
                if stat.st_mtime < cutoff:
                    candidates.append(StrayFile(key, stat.st_size, temporary=True))
                continue
            if not is_valid_key(key):
                continue  # not a file the store wrote: never ours to delete
            report.scanned += 1
            if stat.st_mtime < cutoff:
                candidates.append(StrayFile(key, stat.st_size))
    # References are read after the files are listed. A row is committed after its file is
    # written, so a file listed above whose row was committed meanwhile is younger than the
    # cutoff, not a candidate; and no one can name an old stray file later (its key is known
    # to no row).
    named = referenced_keys(session)
    report.referenced = len(named)
    report.files = [f for f in candidates if f.temporary or f.key not in named]
    return report


def remove_orphans(session: Session, store: LocalMediaStore, report: SweepReport) -> SweepReport:
    """Delete the files of ``report`` still named by no row (checked again just before)."""
    named = referenced_keys(session)
    for stray in report.files:
        if not stray.temporary and stray.key in named:
            continue
        try:
            if stray.temporary:
                (store.root / stray.key).unlink(missing_ok=True)
            else:
                store.delete(stray.key)
        except OSError:
            log.exception("could not delete %s", stray.key)
            continue
        report.removed += 1
        report.removed_keys.add(stray.key)
    log.info("media sweep removed %d file(s)", report.removed)
    return report

