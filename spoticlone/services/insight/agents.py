"""Browser and device names from a ``User-Agent`` header, for the dashboard's devices section.

Sign-in sessions keep the header they were opened with (``AuthSession.user_agent``). A few
ordered rules are enough for the names people recognise; the order matters because every
Chromium browser also says "Chrome" and "Safari", and Chrome on iOS says "Safari" too.
Anything unrecognised is "Other", and a session opened without a header is "Unknown".
"""

from __future__ import annotations

import re

#: (pattern, browser name), first match wins.
BROWSERS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.I), name) for p, name in (
    (r"\bEdg(e|A|iOS)?/", "Edge"),
    (r"\b(OPR|Opera)/", "Opera"),
    (r"\bSamsungBrowser/", "Samsung Internet"),
    (r"\b(Firefox|FxiOS)/", "Firefox"),
    (r"\b(CriOS|Chrome|Chromium)/", "Chrome"),
    (r"\bVersion/[\d.]+.*Safari/", "Safari"),
    (r"\b(python-requests|curl|okhttp|Go-http-client|httpx)\b", "Script or app"),
))
#: (pattern, device kind), first match wins.
DEVICES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.I), name) for p, name in (
    (r"\biPad\b", "iPad"),
    (r"\biPhone\b", "iPhone"),
    (r"\bAndroid\b.*\bMobile\b", "Android phone"),
    (r"\bAndroid\b", "Android tablet"),
    (r"\bWindows\b", "Windows computer"),
    (r"\bMacintosh\b|\bMac OS X\b", "Mac"),
    (r"\bCrOS\b", "Chromebook"),
    (r"\bLinux\b", "Linux computer"),
))
UNKNOWN = "Unknown"
OTHER = "Other"


def _first(rules: tuple[tuple[re.Pattern[str], str], ...], agent: str) -> str:
    if not agent.strip():
        return UNKNOWN
    return next((name for pattern, name in rules if pattern.search(agent)), OTHER)


def browser(agent: str) -> str:
    """``Chrome``, ``Safari``, ``Firefox``, ``Edge``... for a user-agent string."""
    return _first(BROWSERS, agent or "")


def device(agent: str) -> str:
    """``iPhone``, ``Android phone``, ``Windows computer``, ``Mac``... for a user-agent string."""
    return _first(DEVICES, agent or "")
