"""Which hosts the plugin may call: LRCLIB, plus what the operator adds in the environment.

The base URL is an admin setting, but the hosts it may point at are not: widening
outbound access is a deployment decision (``SPOTICLONE_LRCLIB_EXTRA_HOSTS``, comma
separated ``host`` or ``host:port``), so a web form can never aim the server at an
internal address. The settings form refuses a base URL on any other host.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

DEFAULT_HOST = "lrclib.net"
ENV = "SPOTICLONE_LRCLIB_EXTRA_HOSTS"


def declared_hosts() -> tuple[str, ...]:
    extra = [h.strip().lower() for h in os.environ.get(ENV, "").split(",") if h.strip()]
    return (DEFAULT_HOST, *extra)


def host_of(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.port


def allowed(url: str, hosts: tuple[str, ...]) -> bool:
    host, port = host_of(url)
    return bool(host) and (host in hosts or (port is not None and f"{host}:{port}" in hosts))
