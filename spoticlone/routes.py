"""Every page route and every shareable URL, in one place.

Pages register themselves with the ``*_ROUTE`` constants; components and share
links build URLs with the functions below, so a URL scheme changes in one file.
Entity URLs carry a numeric id (stable across renames) plus a slug (readable);
only the id is used to look things up, so an old slug still resolves.
"""

from __future__ import annotations

import re

HOME = "/"
BROWSE = "/browse"
SEARCH = "/search"
NOT_FOUND = "/404"

# Dynamic routes. The bracketed name becomes a router param on the root state.
GENRE_ROUTE = "/genre/[genre_slug]"
ARTIST_ROUTE = "/artist/[artist_slug]"
ALBUM_ROUTE = "/album/[album_ref]"
TRACK_ROUTE = "/track/[track_ref]"

# Accounts.
SIGN_IN = "/signin"
SIGN_UP = "/signup"
VERIFY_EMAIL = "/verify"
RESET_PASSWORD = "/reset-password"
GOOGLE_SIGN_UP = "/signup/google"
SETTINGS = "/settings"  # profile
SETTINGS_SECURITY = "/settings/security"  # password, email, sessions
SETTINGS_TWO_STEP = "/settings/two-step"  # authenticator app
SETTINGS_PLAYBACK = "/settings/playback"  # streaming quality, volume normalisation
SETTINGS_PRIVACY = "/settings/privacy"  # your data: ask for a copy, follow it, download it
SETTINGS_DELETE = "/settings/delete"  # delete my account (the danger zone)
SETTINGS_NOTIFICATIONS = "/settings/notifications"  # per-kind in-app and email switches
NOTIFICATIONS = "/notifications"  # the bell's list: mark read, mark all read
ACCOUNT_DELETION_REQUESTED = "/goodbye"  # ?on=YYYY-MM-DD: after asking, signed out
ADMIN_USERS = "/admin/users"
ADMIN_EDITORIAL = "/admin/editorial"  # featured playlists on Home and Browse
ADMIN_PLUGINS = "/admin/plugins"  # installed plugins: enable, settings, errors
USER_ROUTE = "/user/[username]"
TERMS = "/terms"  # ?version=<n> shows an earlier version
PRIVACY = "/privacy"
LICENCES = "/licences"
ADMIN_LEGAL = "/admin/legal"  # edit, preview and publish Terms, Privacy, Licences
ADMIN_ARCHIVE = "/admin/archive"  # archive (end-of-life) mode: the read-only switch
ADMIN_DATA = "/admin/data"  # ?table=user&id=5, &q= &sort= &order= &page= &f_<column>=: the data browser
ADMIN_AUDIT = "/admin/audit"  # ?action= &admin= &target_type= &target_id= &since= &until= &page=
ME_STATS = "/me/stats"  # ?period=month|12m|all or ?month=YYYY-MM: your own listening
YEAR_REVIEW_ROUTE = "/me/year/[review_year]"  # your year in review
WRAPPED_ROUTE = "/wrapped/[share_token]"  # a year in review its listener chose to share
ADMIN_REPORTS = "/admin/reports"  # reports of content: hide, dismiss, restore after a counter-notice
HELP = "/help"  # answers to common questions, and the way to contact support
SUPPORT = "/support"  # my support requests
SUPPORT_NEW = "/support/new"  # contact support: ?from=<path> names the page the listener came from
SUPPORT_REQUEST_ROUTE = "/support/requests/[support_request_id]"  # one of my requests: the conversation
ADMIN_SUPPORT = "/admin/support"  # the support inbox: ?status=open|waiting|closed|all&assigned=me|nobody|anyone
ADMIN_SUPPORT_REQUEST_ROUTE = "/admin/support/[admin_request_id]"  # one request: reply, assign, status
ADMIN_HELP = "/admin/help"  # edit the Help page's answers and the canned answers
ADMIN_ANALYTICS = "/admin/analytics"  # ?range=7d|28d|90d|365d or ?from=YYYY-MM-DD&to=YYYY-MM-DD

# Library and social.
LIBRARY = "/library"
CHARTS = "/charts"
PLAYLISTS = "/playlists"  # browse public playlists (by genre, artist, popularity)
PLAYLIST_ROUTE = "/playlist/[playlist_ref]"
MIX_ROUTE = "/mix/[mix_id]"  # a made-for-you mix (daily mix, Discover Weekly, Release Radar)
WELCOME_TASTES = "/welcome/tastes"  # onboarding: pick a few genres and artists
MY_RADIO = "/radio"  # "My radio": a station from the listener's own taste
RADIO_ROUTE = "/radio/[radio_kind]/[radio_ref]"  # a shared station: opening it starts it
SMART_NEW = "/smart/new"  # the smart playlist builder, empty
SMART_ROUTE = "/smart/[smart_ref]"  # a smart playlist, evaluated when opened
SMART_EDIT_ROUTE = "/smart/edit/[smart_edit_ref]"  # the builder on a saved one

# Artist studio.
STUDIO = "/studio"  # drafts, releases, ?release=<id> opens the album builder
STUDIO_LYRICS_ROUTE = "/studio/lyrics/[studio_track_id]"  # the lyrics sync editor
STUDIO_ANALYTICS = "/studio/analytics"  # ?range=7d|28d|365d|all
STUDIO_UPLOAD = "/studio/upload"  # send audio files, follow them until they are drafts
STUDIO_PROFILE = "/studio/profile"  # the artist's page: name, address, bio, picture, links

ALL_ROUTES = (
    HOME, BROWSE, SEARCH, NOT_FOUND, GENRE_ROUTE, ARTIST_ROUTE, ALBUM_ROUTE, TRACK_ROUTE,
    SIGN_IN, SIGN_UP, VERIFY_EMAIL, RESET_PASSWORD, GOOGLE_SIGN_UP, SETTINGS, SETTINGS_SECURITY,
    SETTINGS_TWO_STEP, ADMIN_USERS, USER_ROUTE, LIBRARY, CHARTS, PLAYLISTS, PLAYLIST_ROUTE,
    STUDIO_LYRICS_ROUTE, STUDIO,
    STUDIO_ANALYTICS,
    STUDIO_UPLOAD,
    SETTINGS_PLAYBACK,
    SETTINGS_PRIVACY,
    SETTINGS_DELETE, ACCOUNT_DELETION_REQUESTED,
    STUDIO_PROFILE,
    MIX_ROUTE,
    WELCOME_TASTES,
    MY_RADIO, RADIO_ROUTE,
    SMART_NEW, SMART_ROUTE, SMART_EDIT_ROUTE,
    ADMIN_EDITORIAL,
    ADMIN_PLUGINS,
    TERMS, PRIVACY, LICENCES, ADMIN_LEGAL, ADMIN_ARCHIVE, ADMIN_REPORTS,
    ADMIN_DATA, ADMIN_AUDIT,
    ME_STATS, YEAR_REVIEW_ROUTE, WRAPPED_ROUTE,
    SETTINGS_NOTIFICATIONS, NOTIFICATIONS,
    HELP, SUPPORT, SUPPORT_NEW, SUPPORT_REQUEST_ROUTE, ADMIN_SUPPORT, ADMIN_SUPPORT_REQUEST_ROUTE, ADMIN_HELP,
    ADMIN_ANALYTICS,
)

# Browser sign-in plumbing (HttpOnly cookies can only be set by HTTP responses).
BROWSER_SIGN_IN_COMPLETE = "/api/v1/auth/browser/complete"  # ?ticket=...&next=/path
BROWSER_SIGN_OUT = "/api/v1/auth/browser/signout"  # POST
GOOGLE_START = "/api/v1/auth/google/start"  # ?next=/path
GOOGLE_CALLBACK = "/api/v1/auth/google/callback"

API_PREFIX = "/api"
API_V1 = "/api/v1"

_REF = re.compile(r"^(\d+)(?:-[a-z0-9-]*)?$")


def genre_url(slug: str) -> str:
    return f"/genre/{slug}"


def artist_url(slug: str) -> str:
    return f"/artist/{slug}"


def album_url(album_id: int, slug: str) -> str:
    return f"/album/{album_id}-{slug}"


def track_url(track_id: int, slug: str) -> str:
    return f"/track/{track_id}-{slug}"


def parse_ref(ref: str | None) -> int | None:
    """The numeric id at the front of ``"12-some-slug"`` (or ``None`` if malformed)."""
    match = _REF.match((ref or "").strip().lower())
    return int(match.group(1)) if match else None


def playlist_url(playlist_id: int, slug: str) -> str:
    return f"/playlist/{playlist_id}-{slug}"


def smart_playlist_url(smart_id: int) -> str:
    return f"/smart/{smart_id}"


def smart_edit_url(smart_id: int) -> str:
    return f"/smart/edit/{smart_id}"


def mix_url(mix_id: str) -> str:
    return f"/mix/{mix_id}"


def radio_url(kind: str, ref: str) -> str:
    """A station anyone signed in can open (``my`` radio is the opener's own taste)."""
    return MY_RADIO if kind == "my" else f"/radio/{kind}/{ref}"


def user_url(username: str) -> str:
    return f"/user/{username}"


def sign_in_url(next_path: str | None = None) -> str:
    """The sign-in page, returning to ``next_path`` afterwards."""
    from urllib.parse import quote

    return f"{SIGN_IN}?next={quote(next_path, safe='/')}" if next_path else SIGN_IN


def safe_next(next_path: str | None, default: str = HOME) -> str:
    """``next_path`` if it is a path on this site, else ``default`` (no open redirects)."""
    path = (next_path or "").strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path or path.startswith("/api/"):
        return default
    if any(ch in path for ch in "\r\n\t\\"):
        return default
    return path


def media_url(key: str | None) -> str | None:
    """Public URL of a cover or artist image held in the media store."""
    return f"{API_V1}/media/{key}" if key else None


def studio_lyrics_url(track_id: int) -> str:
    """The lyrics sync editor of one song."""
    return f"/studio/lyrics/{track_id}"


def stream_url(track_id: int) -> str:
    return f"{API_V1}/tracks/{track_id}/stream"


def normalisation_url(track_id: int) -> str:
    """A track's loudness and normalisation gain (the player fetches it as it loads the track)."""
    return f"{API_V1}/tracks/{track_id}/normalisation"


def year_review_url(year: int) -> str:
    """The signed-in listener's own year in review."""
    return f"/me/year/{year}"


def wrapped_url(token: str) -> str:
    """A shared year in review (the token is the share's, never a user id)."""
    return f"/wrapped/{token}"


def year_card_url(year: int, variant: str = "og") -> str:
    """The listener's own year card as a PNG (``og`` 1200x630, ``story`` 1080x1920)."""
    return f"{API_V1}/me/year/{year}/card.png" + ("" if variant == "og" else f"?variant={variant}")


def wrapped_card_url(token: str, variant: str = "og") -> str:
    """A shared year's card as a PNG, for anyone (Open Graph image of the share page)."""
    return f"{API_V1}/wrapped/{token}/card.png" + ("" if variant == "og" else f"?variant={variant}")


def support_request_url(request_id: int) -> str:
    """One of the listener's own support requests."""
    return f"/support/requests/{request_id}"


def admin_support_request_url(request_id: int) -> str:
    """A support request in the admins' inbox."""
    return f"/admin/support/{request_id}"


def _with_query(path: str, params: dict[str, object]) -> str:
    from urllib.parse import urlencode

    kept = {k: str(v) for k, v in params.items() if v not in (None, "") and not (k == "page" and v == 1)}
    return f"{path}?{urlencode(kept)}" if kept else path


def admin_data_url(table: str = "", row: object = "", **params: object) -> str:
    """The data browser: every table, one table (``q``, ``sort``, ``order``, ``page``,
    ``f_<column>`` filters) or one row (``row``: its id, or key columns joined by commas)."""
    return _with_query(ADMIN_DATA, {"table": table, "id": row, **params})


def admin_audit_url(**params: object) -> str:
    """The audit log with filters (``action``, ``admin``, ``target_type``, ``target_id``, ``since``, ``until``)."""
    return _with_query(ADMIN_AUDIT, params)


def absolute(base_url: str, path: str) -> str:
    """Join the configured public URL and a path (share links, Open Graph tags)."""
    return base_url.rstrip("/") + path
