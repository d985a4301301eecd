"""Liveness and readiness probe for load balancers, containers and uptime checks."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from spoticlone.api.deps import SessionDep
from spoticlone.api.version import API_VERSION
from spoticlone.db import ping

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["health"])


class HealthOut(BaseModel):
    status: str
    database: str
    version: str


@router.get(
    "/health",
    response_model=HealthOut,
    summary="Health check",
    description="200 when the app and its database answer; 503 when the database does not.",
    responses={503: {"model": HealthOut, "description": "The database is unavailable."}},
)
def health(session: SessionDep):
    # The probe is infrastructure, not catalog logic, so it is ``db.ping`` rather than
    # a service; it runs on exactly the session routes get.
    if not ping(session):
        logger.error("health check: database unavailable")
        body = HealthOut(status="error", database="unavailable", version=API_VERSION)
        return JSONResponse(body.model_dump(), status_code=503)
    return HealthOut(status="ok", database="ok", version=API_VERSION)
