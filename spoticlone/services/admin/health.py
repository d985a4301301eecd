"""Whether each part the service runs on works: what ``/api/health`` reports.

One check per part: the database, Redis (only when ``SPOTICLONE_REDIS_URL`` is set), the
media store (its folder takes a write and its disk has room), mail (the outbox folder
takes a write; an SMTP server is not dialled on every probe, since a load balancer probes
every few seconds and a mail server would see a login storm) and the job queue (it
answers how many jobs wait).

Each answer says only ``ok``/``error``/``off`` plus small numbers; never a path, a host,
a URL or an exception text, because the probe is public (load balancers, uptime checks).
The reason for a failure goes to the log instead.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from pydantic import Field
from sqlmodel import Session

from spoticlone.config import Settings
from spoticlone.db import ping
from spoticlone.services.core.dto import DTO

log = logging.getLogger(__name__)

REDIS_TIMEOUT_SECONDS = 1.0
#: Outbox files counted at most (a directory listing per probe must stay cheap).
OUTBOX_COUNT_CAP = 10_000


class PartHealth(DTO):
    """One part: ``ok``, ``error`` or ``off`` (not configured), whether the service needs it."""

    status: str
    required: bool
    detail: dict[str, int | str] = Field(default_factory=dict)


class HealthReport(DTO):
    """Every part by name, in the order they were checked."""

    parts: dict[str, PartHealth]

    @property
    def failed(self) -> list[str]:
        """The required parts that are not ok, in report order."""
        return [name for name, part in self.parts.items() if part.required and part.status != "ok"]

    @property
    def ok(self) -> bool:
        """Whether every required part works (what makes the probe 200)."""
        return not self.failed


def check_database(session: Session) -> PartHealth:
    """The database answers ``SELECT 1`` on the session routes get."""
    return PartHealth(status="ok" if ping(session) else "error", required=True)


def check_redis(url: str | None) -> PartHealth:
    """PING the configured Redis with a short timeout; ``off`` when none is configured."""
    if not url:
        return PartHealth(status="off", required=False)
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                  socket_timeout=REDIS_TIMEOUT_SECONDS)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        log.error("health check: Redis unavailable (%s)", type(exc).__name__)
        return PartHealth(status="error", required=True)
    finally:
        client.close()
    return PartHealth(status="ok", required=True)


def _writable(folder: Path) -> bool:
    """Create, write and remove a small file in ``folder`` (made if missing)."""
    probe = folder / f".health-{secrets.token_hex(6)}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, b"ok")
        finally:
            os.close(fd)
        probe.unlink()
    except OSError as exc:
        log.error("health check: cannot write to a data folder (%s)", type(exc).__name__)
        return False
    return True


def check_media_store(settings: Settings) -> PartHealth:
    """The media folder takes a write and its disk has ``health_min_free_mb`` free."""
    if not _writable(settings.media_dir):
        return PartHealth(status="error", required=True, detail={"problem": "not writable"})
    free_mb = shutil.disk_usage(settings.media_dir).free // (1024 * 1024)
    if free_mb < settings.health_min_free_mb:
        log.error("health check: %d MiB free for media, below %d", free_mb, settings.health_min_free_mb)
        return PartHealth(status="error", required=True, detail={"problem": "disk full", "free_mb": free_mb})
    return PartHealth(status="ok", required=True, detail={"free_mb": free_mb})


def check_mail(settings: Settings) -> PartHealth:
    """SMTP: configured, not dialled. Outbox: the folder takes a write; how many messages wait there."""
    if settings.smtp_host:
        return PartHealth(status="ok", required=False, detail={"mode": "smtp"})
    outbox = settings.outbox_dir
    if not _writable(outbox):
        return PartHealth(status="error", required=True, detail={"mode": "outbox", "problem": "not writable"})
    count = 0
    with os.scandir(outbox) as entries:
        for entry in entries:
            if entry.name.endswith(".eml"):
                count += 1
                if count >= OUTBOX_COUNT_CAP:
                    break
    return PartHealth(status="ok", required=True, detail={"mode": "outbox", "outbox_messages": count})


def check_job_queue(pending_count: Callable[[], int], backend: str) -> PartHealth:
    """The queue answers how many jobs wait (``backend``: embedded, redis or inline)."""
    try:
        pending = int(pending_count())
    except Exception as exc:  # noqa: BLE001 - any storage failure means the queue cannot take work
        log.error("health check: job queue unavailable (%s)", type(exc).__name__)
        return PartHealth(status="error", required=True, detail={"backend": backend})
    return PartHealth(status="ok", required=True, detail={"backend": backend, "pending": pending})


def health_report(
    session: Session, *, settings: Settings, pending_jobs: Callable[[], int], job_backend: str,
) -> HealthReport:
    """Every check, in a fixed order (database first: the rest matter little without it)."""
    return HealthReport(parts={
        "database": check_database(session),
        "redis": check_redis(settings.redis_url),
        "media": check_media_store(settings),
        "mail": check_mail(settings),
        "jobs": check_job_queue(pending_jobs, job_backend),
    })
