"""A playlist as M3U8 and as XSPF, the two formats other music players import.

Both carry each song's title, artist, length and its page on this server (the location a
player can follow). XSPF is built with ElementTree, so a title like ``<b>&`` is escaped;
M3U8 is line-based, so line breaks in names are flattened to spaces.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

XSPF_NS = "http://xspf.org/ns/0/"


def _line(text: str) -> str:
    return " ".join(str(text).split())


def _location(origin: str, row: dict[str, Any]) -> str | None:
    return f"{origin.rstrip('/')}{row['url']}" if row.get("url") else None


def m3u8(name: str, rows: list[dict[str, Any]], *, origin: str) -> str:
    """Extended M3U (UTF-8): ``#EXTINF:<seconds>,<artist> - <title>`` then the song's URL."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_line(name)}"]
    for row in rows:
        seconds = round((row.get("duration_ms") or 0) / 1000)
        lines.append(f"#EXTINF:{seconds},{_line(row.get('artist') or '')} - {_line(row.get('title') or '')}")
        lines.append(_location(origin, row) or "# (no longer available)")
    return "\n".join(lines) + "\n"


def xspf(name: str, rows: list[dict[str, Any]], *, origin: str, info: str | None = None) -> bytes:
    """XSPF 1 (XML Shareable Playlist Format) with title, creator, album, duration and location."""
    ET.register_namespace("", XSPF_NS)
    root = ET.Element(f"{{{XSPF_NS}}}playlist", version="1")
    ET.SubElement(root, f"{{{XSPF_NS}}}title").text = name
    if info:
        ET.SubElement(root, f"{{{XSPF_NS}}}info").text = info
    tracks = ET.SubElement(root, f"{{{XSPF_NS}}}trackList")
    for row in rows:
        track = ET.SubElement(tracks, f"{{{XSPF_NS}}}track")
        location = _location(origin, row)
        if location:
            ET.SubElement(track, f"{{{XSPF_NS}}}location").text = location
        ET.SubElement(track, f"{{{XSPF_NS}}}title").text = row.get("title") or ""
        ET.SubElement(track, f"{{{XSPF_NS}}}creator").text = row.get("artist") or ""
        if row.get("album"):
            ET.SubElement(track, f"{{{XSPF_NS}}}album").text = row["album"]
        ET.SubElement(track, f"{{{XSPF_NS}}}duration").text = str(int(row.get("duration_ms") or 0))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
