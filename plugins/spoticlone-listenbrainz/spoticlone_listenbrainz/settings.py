"""Admin settings (/admin/plugins): which ListenBrainz-compatible service to talk to.

Its host must be declared: ``api.listenbrainz.org``, or one the operator adds in
``SPOTICLONE_LISTENBRAINZ_EXTRA_HOSTS`` (comma separated ``host`` or ``host:port``), so
a web form can never aim the server at an internal address.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, field_validator

DEFAULT_HOST = "api.listenbrainz.org"
ENV = "SPOTICLONE_LISTENBRAINZ_EXTRA_HOSTS"


def declared_hosts() -> tuple[str, ...]:
    extra = [h.strip().lower() for h in os.environ.get(ENV, "").split(",") if h.strip()]
    return (DEFAULT_HOST, *extra)


def _allowed(url: str) -> bool:
    parts = urlsplit(url)
    host, hosts = (parts.hostname or "").lower(), declared_hosts()
    return bool(host) and (host in hosts or (parts.port is not None and f"{host}:{parts.port}" in hosts))


class Settings(BaseModel):
    base_url: str = Field("https://api.listenbrainz.org", max_length=200, title="Service URL",
                          description="A ListenBrainz-compatible API (its host must be declared).")

    @field_validator("base_url")
    @classmethod
    def _declared_host(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("The service URL must start with http:// or https://.")
        if not _allowed(value):
            raise ValueError(f"That host is not allowed; the operator can add it to {ENV}.")
        return value
