"""What the studio page's states share: DTOs turned into flat view dicts, times in the
browser's zone, and the one way they call a service as the signed-in account.

The studio's states (``releases.py`` for the lists and the builder's release,
``builder_tracks.py`` for song rows and their order, ``covers.py``, ``featured.py``) each
handle one concern and put results into ``StudioState``'s release and tracks through
``show_release``, so the page draws from one place.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import reflex as rx

from spoticlone import routes
from spoticlone.branding import kind_label
from spoticlone.services.core.errors import Invalid
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import call_service, dump

STUDIO = routes.STUDIO
UPLOAD_PAGE = "/studio/upload"
ANALYTICS_PAGE = "/studio/analytics"
KINDS = (("album", "Album"), ("ep", "EP"), ("single", "Single"))
STATUS_LABELS = {"draft": "Draft", "scheduled": "Scheduled", "published": "Published", "unpublished": "Unpublished"}
STATUS_HINTS = {
    "draft": "Only you can see it. Publish it when it is ready.",
    "scheduled": "Listeners will find it at the time below; until then only you can see it.",
    "published": "Out now: listeners can find and play it. You can still edit it.",
    "unpublished": "Taken down: listeners cannot find it. Publish it again, or delete it.",
}
#: Asks the browser for its time zone name, for the schedule form's label.
TZ_SCRIPT = "Intl.DateTimeFormat().resolvedOptions().timeZone || ''"
BUILDER_SCRIPT = "/studio_builder.js"
#: Loads the drag-and-drop glue once per page view (it listens on ``document``).
LOAD_BUILDER_SCRIPT = (
    "if (!window.scStudioBuilder) { var s = document.createElement('script'); "
    f"s.src = '{BUILDER_SCRIPT}'; document.head.appendChild(s); }}"
)
BAD_TIME = "Choose a date and a time for the release."


def size_text(size: int) -> str:
    """A file size for people: ``3.4 MB``, ``820 KB``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def zone_of(name: str) -> timezone | ZoneInfo:
    """The browser's named time zone, or UTC if the name is unknown here."""
    try:
        return ZoneInfo(name) if name and len(name) <= 64 else UTC
    except (ValueError, KeyError, OSError):
        return UTC


def local_time_text(value: str | None, tz_name: str) -> str:
    """An ISO datetime from a DTO, shown in the browser's time zone: ``Fri 1 Jan 2027, 09:00``."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = zone_of(tz_name)
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({tz_name if isinstance(zone, ZoneInfo) else 'UTC'})"


def date_text(value: str | None) -> str:
    if not value:
        return ""
    day = date.fromisoformat(value)
    return f"{day.day} {day:%b %Y}"


def aware_time(local: Any, offset_minutes: Any) -> datetime:
    """``2027-01-01T09:00`` typed in a zone ``offset_minutes`` east of UTC, as an aware datetime."""
    if not isinstance(local, str) or not local.strip() or len(local) > 40:
        raise Invalid(BAD_TIME)
    if isinstance(offset_minutes, bool) or not isinstance(offset_minutes, (int, float)) \
            or not -16 * 60 <= offset_minutes <= 16 * 60:
        raise Invalid(BAD_TIME)
    try:
        moment = datetime.fromisoformat(local.strip())
    except ValueError:
        raise Invalid(BAD_TIME) from None
    return moment.replace(tzinfo=timezone(timedelta(minutes=int(offset_minutes))))


def when_text(data: dict[str, Any], tz_name: str) -> str:
    if data.get("release_at"):
        return f"Comes out {local_time_text(data['release_at'], tz_name)}"
    return date_text(data["release_date"]) if data.get("release_date") else "No release date"


def release_view(dto: Any, tz_name: str) -> dict[str, Any]:
    data = dump(dto)
    data.pop("tracks", None)
    data["kind_label"] = kind_label(data["kind"])
    data["status_label"] = STATUS_LABELS.get(data["status"], data["status"].title())
    data["status_hint"] = STATUS_HINTS.get(data["status"], "")
    data["when"] = when_text(data, tz_name)
    data["href"] = f"{STUDIO}?release={data['id']}"
    data["cover_url"] = data.get("cover_url") or ""
    data["genre_id"] = str(data["genre_id"]) if data.get("genre_id") is not None else ""
    data["release_date"] = data.get("release_date") or ""
    return data


def track_view(dto: Any, files: dict[int, str]) -> dict[str, Any]:
    data = dump(dto)
    created = datetime.fromisoformat(data["created_at"])
    info = [data["duration"], f"added {created.day} {created:%b %Y}"]
    if data["id"] in files:
        info.insert(0, files[data["id"]])
    data["file_info"] = " · ".join(info)
    data["album_title"] = data.get("album_title") or ""
    data["isrc"] = data.get("isrc") or ""
    data["licence_url"] = data.get("licence_url") or ""
    data["cover_url"] = data.get("cover_url") or ""
    data["lyrics_url"] = routes.studio_lyrics_url(data["id"])
    data["status_label"] = STATUS_LABELS.get(data["status"], data["status"].title())
    data["featured"] = [{"id": a["id"], "name": a["name"]} for a in data.get("featured", [])]
    return data


def show_release(studio: Any, detail: Any, *, redraw: bool = True) -> None:
    """Put a ``ReleaseDetail`` into ``StudioState``'s release and numbered tracks.

    ``redraw`` bumps ``form_version`` so uncontrolled inputs show the saved values; a
    song's own fields are keyed on their values, so editing one redraws only it.
    """
    studio.release = release_view(detail, studio.tz_name)
    studio.tracks = [dict(track_view(t, {}), number=n) for n, t in enumerate(detail.tracks, start=1)]
    studio.release_id = detail.id
    if redraw:
        studio.form_version += 1


async def call_as_user(state: rx.State, fn: Any, **kwargs: Any) -> Any:
    """``fn`` as the signed-in account of ``state``'s connection; raises ``DomainError``
    (the sign-in refusal included)."""
    user_id = await signed_in_user_id(state)
    return await call_service(as_actor(fn), user_id=user_id, **kwargs)
