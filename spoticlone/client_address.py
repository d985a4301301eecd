"""Which address a request really comes from: one rule for the REST API and the pages.

Sign-in throttling, the sessions list and play counting key on the client address.
``X-Forwarded-For`` is written by whoever sent the request, so it is believed only as
far as a chain of *configured* proxies (``SPOTICLONE_TRUSTED_PROXIES``) vouches for
it: starting from the connection's peer, while the current hop is a trusted proxy,
step one entry left in the header (each proxy appends the address it saw). The first
untrusted hop is the client. With no trusted proxies the peer is the client, whatever
the header says, so nobody can pick their own address to dodge a throttle.

Framework-free on purpose: ``api.routers.auth.common`` passes Starlette's peer and
header, ``state.auth.signed_in`` passes the websocket handshake's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

log = logging.getLogger(__name__)

Network = IPv4Network | IPv6Network
_warned_untrusted_forwarding: set[str] = set()


def _parse(raw: str | None) -> IPv4Address | IPv6Address | None:
    """An address from a peer or header entry; ports and IPv6 brackets are dropped."""
    text = (raw or "").strip().strip('"')
    if not text:
        return None
    if text.startswith("["):  # "[2001:db8::1]:443"
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # "203.0.113.9:51234"
        text = text.split(":", 1)[0]
    try:
        address = ip_address(text)
    except ValueError:
        return None
    # An IPv4 client seen over an IPv6 socket: throttle it as the IPv4 address it is.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address: IPv4Address | IPv6Address, proxies: Iterable[Network]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: Iterable[Network]) -> str | None:
    """The client's address as text, or ``peer`` unchanged if it is not an IP (tests, sockets).

    Args:
        peer: the address of the direct connection.
        forwarded_for: the ``X-Forwarded-For`` header, if any (several headers joined by ",").
        trusted_proxies: the networks of the reverse proxies in front of the server.
    """
    proxies = tuple(trusted_proxies)
    current = _parse(peer)
    if current is None:
        return peer or None
    if not proxies or not _trusted(current, proxies):
        if forwarded_for and current.is_loopback and str(current) not in _warned_untrusted_forwarding:
            # The classic misconfiguration: a local reverse proxy that is not trusted makes
            # every listener share one address (and one sign-in throttle).
            _warned_untrusted_forwarding.add(str(current))
            log.warning(
                "X-Forwarded-For received from %s, which is not in SPOTICLONE_TRUSTED_PROXIES: "
                "every client behind that proxy shares one address for throttling", current,
            )
        return str(current)
    for hop in reversed((forwarded_for or "").split(",")):
        address = _parse(hop)
        if address is None:
            # A trusted proxy wrote something unreadable: stop at the last hop we could vouch for.
            break
        current = address
        if not _trusted(current, proxies):
            break
    return str(current)
