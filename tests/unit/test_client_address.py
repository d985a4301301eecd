"""The client-address rule: ``X-Forwarded-For`` is believed only as far as trusted proxies vouch."""

from __future__ import annotations

import pytest

from spoticlone.client_address import client_address
from spoticlone.config import Settings, UnsafeConfiguration, parse_networks

PROXIES = parse_networks("127.0.0.1, 10.0.0.0/8, ::1")


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "expected"),
    [
        ("203.0.113.5", None, PROXIES, "203.0.113.5"),
        ("127.0.0.1", "203.0.113.5", (), "127.0.0.1"),  # nothing trusted: the header is ignored
        ("198.51.100.9", "1.2.3.4", PROXIES, "198.51.100.9"),  # the peer is no proxy: a forgery
        ("127.0.0.1", "203.0.113.5", PROXIES, "203.0.113.5"),
        # Walk from the right: the client can prepend anything, only the proxies append.
        ("127.0.0.1", "6.6.6.6, 203.0.113.5", PROXIES, "203.0.113.5"),
        ("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.2.3.4", PROXIES, "203.0.113.5"),
        ("127.0.0.1", "10.9.9.9, 10.2.3.4", PROXIES, "10.9.9.9"),  # all hops are proxies: the leftmost
        ("127.0.0.1", "junk, 203.0.113.5", PROXIES, "203.0.113.5"),
        ("127.0.0.1", "203.0.113.5, junk", PROXIES, "127.0.0.1"),  # unreadable last hop: stop there
        ("127.0.0.1", "203.0.113.5:4711", PROXIES, "203.0.113.5"),
        ("::1", "[2001:db8::7]:443", PROXIES, "2001:db8::7"),
        ("::ffff:127.0.0.1", "203.0.113.5", PROXIES, "203.0.113.5"),  # IPv4 over an IPv6 socket
        ("testclient", "203.0.113.5", PROXIES, "testclient"),  # not an IP: left alone
        (None, "203.0.113.5", PROXIES, None),
    ],
)
def test_client_address(peer, forwarded_for, trusted, expected):
    assert client_address(peer, forwarded_for, trusted) == expected


def test_trusted_proxies_setting_is_parsed_and_checked(monkeypatch):
    monkeypatch.setenv("SPOTICLONE_TRUSTED_PROXIES", " 127.0.0.1 ,10.0.0.0/8,")
    assert [str(n) for n in Settings().trusted_proxy_networks] == ["127.0.0.1/32", "10.0.0.0/8"]
    assert Settings(trusted_proxies="").trusted_proxy_networks == ()
    with pytest.raises((UnsafeConfiguration, ValueError), match=r"'proxy.local' is not an IP address"):
        Settings(trusted_proxies="127.0.0.1, proxy.local")
