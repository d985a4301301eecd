"""Liveness and readiness probe for load balancers, containers and uptime checks.

The checks themselves are in ``services.admin.health``; this route hands them the
session, the settings and the job queue, and turns a failed required part into a 503
that names it. ``status``, ``database`` and ``version`` keep the meaning they had before
the other parts were added, so existing probes keep working. The 503 also carries the
``detail`` and ``code`` (``unavailable``) of every other API error, so a client that reads
errors one way reads this one too.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from spoticlone.api.deps import SessionDep
from spoticlone.api.errors import code_for_status
from spoticlone.api.version import API_VERSION
from spoticlone.config import get_settings
from spoticlone.services.admin.health import health_report

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["health"])

#: huey storage class -> the word the report uses (never a file name or a URL).
JOB_BACKENDS = {"SqliteStorage": "embedded", "RedisStorage": "redis", "MemoryStorage": "inline"}


class PartOut(BaseModel):
    status: str
    required: bool
    detail: dict[str, int | str] = Field(default_factory=dict)


class HealthOut(BaseModel):
    status: str
    database: str
    version: str
    parts: dict[str, PartOut] = Field(default_factory=dict)
    failed: list[str] = Field(default_factory=list)


class HealthFailedOut(HealthOut):
    """The 503 answer: the whole report, plus the error body's ``detail`` and ``code``."""

    detail: str
    code: str


@router.get(
    "/health",
    response_model=HealthOut,
    summary="Health check",
    description="200 when every part the service needs works: the database, Redis (when "
    "configured), the media store (writable, with free space), mail (the outbox, or SMTP "
    "configured) and the job queue. 503 otherwise, with `failed` naming the parts that did "
    "not answer. `parts` gives each part's status (`ok`, `error`, or `off` when not "
    "configured) and a few numbers.",
    responses={503: {"model": HealthFailedOut, "description": "A required part is unavailable: the report, "
                     "with `detail` and `code` (`unavailable`) like every other error."}},
)
def health(session: SessionDep):
    from spoticlone.jobs import queue

    report = health_report(
        session, settings=get_settings(), pending_jobs=queue.pending_count,
        job_backend=JOB_BACKENDS.get(type(queue.storage).__name__, "other"),
    )
    body = HealthOut(
        status="ok" if report.ok else "error",
        database="ok" if report.parts["database"].status == "ok" else "unavailable",
        version=API_VERSION,
        parts={name: PartOut(**part.model_dump()) for name, part in report.parts.items()},
        failed=report.failed,
    )
    if not report.ok:
        logger.error("health check failed: %s", ", ".join(report.failed))
        failed = HealthFailedOut(**body.model_dump(), code=code_for_status(503),
                                 detail=f"The service is unavailable: {', '.join(report.failed)} not working.")
        return JSONResponse(failed.model_dump(), status_code=503)
    return body
