"""Outbound HTTP for plugins, limited to the hosts a plugin declared.

``http_client(plugin)`` is an ordinary ``httpx.Client`` whose transport refuses any
request to a host outside ``plugin.http_hosts`` (redirects included, since each hop is
a new request through the same transport). Call it from a job, never from a
subscriber or a page load: the listener must not wait on someone else's server.
"""

from __future__ import annotations

from typing import Any

import httpx

from spoticlone.plugins.spec import Plugin

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class HostNotDeclared(httpx.RequestError):
    """The plugin asked for a host it did not declare in ``http_hosts``."""


def _host_allowed(host: str, port: int | None, allowed: tuple[str, ...]) -> bool:
    return host in allowed or (port is not None and f"{host}:{port}" in allowed)


class _DeclaredHostsTransport(httpx.BaseTransport):
    def __init__(self, plugin: Plugin, inner: httpx.BaseTransport) -> None:
        self._plugin = plugin
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if "http" not in self._plugin.capabilities or not _host_allowed(url.host, url.port,
                                                                          self._plugin.http_hosts):
            raise HostNotDeclared(
                f"plugin {self._plugin.name} may not call {url.host}: declare it in http_hosts",
                request=request,
            )
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def http_client(plugin: Plugin, **kwargs: Any) -> httpx.Client:
    """An ``httpx.Client`` for ``plugin`` that only reaches its declared hosts."""
    inner = kwargs.pop("transport", None) or httpx.HTTPTransport()
    kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
    kwargs.setdefault("headers", {"User-Agent": f"Spoticlone-plugin/{plugin.name} {plugin.version}"})
    return httpx.Client(transport=_DeclaredHostsTransport(plugin, inner), **kwargs)
