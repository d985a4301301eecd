"""What the last media sweep found: how many stray files take how much disk, for the admin page.

A sweep reads every text column of the database (``media_sweep``), too slow for a page, so
the job worker runs one weekly as a dry run (``jobs.lifecycle_tasks.weekly_media_check``)
and ``cli media-sweep`` records what it found, or what it left after ``--delete``. The backup
card on /admin/users and ``GET /api/v1/admin/backups`` show the record
(``schedule.list_backups``), so an operator learns that a crash left files behind without
having to think of running the command. Nothing is ever deleted without the operator.

The record is a small JSON file in the data folder, beside the media it describes (every
process of one deployment shares that folder), written atomically; an unreadable one is
treated as no record.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from spoticlone.integrations.atomic import atomic_write
from spoticlone.services.core.dto import DTO
from spoticlone.services.lifecycle.media_sweep import SweepReport

log = logging.getLogger(__name__)

FILE_NAME = "media-sweep.json"


class StrayMedia(DTO):
    """The last sweep: when it ran, and the stray files it found (or left) and their size."""

    checked_at: datetime
    files: int
    size_bytes: int
    temporary: int  # of ``files``, temporaries left mid-write by a crash
    older_than_hours: float


def record_sweep(data_dir: Path, report: SweepReport, *, older_than_hours: float,
                 now: datetime | None = None) -> StrayMedia:
    """Keep what ``report`` found and did not remove as the last sweep's record."""
    left = [stray for stray in report.files if stray.key not in report.removed_keys]
    status = StrayMedia(checked_at=now or datetime.now(UTC), files=len(left),
                        size_bytes=sum(stray.size for stray in left),
                        temporary=sum(1 for stray in left if stray.temporary), older_than_hours=older_than_hours)
    data_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(data_dir / FILE_NAME, lambda handle: handle.write(status.model_dump_json().encode()))
    return status


def last_sweep(data_dir: Path) -> StrayMedia | None:
    """The last sweep's record, or ``None`` when no sweep ran (or its record cannot be read)."""
    try:
        return StrayMedia.model_validate(json.loads((data_dir / FILE_NAME).read_text()))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, ValidationError):
        log.warning("the media sweep's record in %s could not be read; showing none", data_dir, exc_info=True)
        return None
