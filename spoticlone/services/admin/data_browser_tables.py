"""What the admin data browser knows about each table: its domain, its secrets, why it is read-only.

The browser reads every table generically, so the policy lives here, in one place a test
can walk: every table of ``SQLModel.metadata`` must resolve to a domain of
``docs/architecture.md``; every column whose name looks secret is hidden (the same words
the audit log hides, plus a few columns that carry a credential under another name); and
a table without an editor says why editing it from here would break something.
"""

from __future__ import annotations

from sqlalchemy import Column, Table

from spoticlone.services.admin.audit import SECRET_WORDS

#: The domains, in the order the browser lists them (docs/architecture.md, "Domains").
DOMAIN_ORDER = (
    "accounts", "auth", "catalog", "studio", "media", "library", "listening", "discovery",
    "search", "insight", "notifications", "support", "moderation", "subsonic", "admin",
    "lifecycle", "core", "plugins",
)

#: Table name -> domain. A table missing here falls back to ``MODULE_DOMAINS`` (by the
#: module that defines its model), so a new feature's tables land in its domain.
TABLE_DOMAINS: dict[str, str] = {
    "user": "accounts", "artistprofile": "accounts", "artistlink": "studio", "artistslugalias": "studio",
    "accountdeletion": "accounts", "dataexport": "accounts", "legaldocument": "accounts",
    "legalacceptance": "accounts", "externalidentity": "auth", "authsession": "auth",
    "authticket": "auth", "emailcode": "auth", "recoverycode": "auth", "retiredrefreshtoken": "auth",
    "apppassword": "auth", "ratelimitcounter": "core",
    "genre": "catalog", "album": "catalog", "track": "catalog", "trackfeaturedartist": "catalog",
    "audioupload": "studio", "uploadsession": "studio", "artistlistener": "studio",
    "artistlistenerdaily": "studio", "trackplaysdaily": "studio",
    "trackloudness": "media", "trackrendition": "media",
    "tracklike": "library", "savedalbum": "library", "follow": "library", "artistfollow": "library",
    "playlist": "library", "playlisttrack": "library", "playlistcollaborator": "library",
    "playlistfollow": "library", "rating": "library", "smartplaylist": "library",
    "playevent": "listening", "chartdaily": "listening", "listenersettings": "listening",
    "savedplayqueue": "subsonic",
    "recommendation": "discovery", "notinterested": "discovery", "tastepick": "discovery",
    "radiostation": "discovery", "editorialfeature": "discovery",
    "recentsearch": "search",
    "auditentry": "admin", "pluginstate": "admin", "syntheticuser": "admin", "jobfailure": "admin",
    "backuprun": "lifecycle", "archiveswitch": "lifecycle", "bulkexportrun": "lifecycle",
}

#: Words in a model's module name -> domain, for tables not named in ``TABLE_DOMAINS``.
MODULE_DOMAINS: dict[str, str] = {
    "support": "support", "notification": "notifications", "insight": "insight",
    "rollup": "insight", "moderation": "moderation", "report": "moderation",
    "subsonic": "subsonic", "bookmark": "subsonic", "audit": "admin",
}

#: Columns that hold a credential under a name the secret words do not catch: a bare name
#: anywhere, or ``table.column`` (an email's body carries its signed unsubscribe link).
EXTRA_SECRET_COLUMNS = frozenset({
    "payload", "settings_json", "handle", "temp_name", "nonce", "emailcode.request_id",
    "notificationemail.text", "notificationemail.html",
})
#: Columns that match a secret word but only say *whether* something is set.
NOT_SECRET_COLUMNS = frozenset({"totp_enabled"})

DEFAULT_READ_ONLY = ("Editing this table from here would skip the rules of the page that owns it; "
                     "the rows are kept consistent by the app itself.")

#: Why a table is read-only, when the reason is more specific than the default.
READ_ONLY_REASONS: dict[str, str] = {
    "auditentry": "The audit log is a record of what happened: editing it would make it worthless.",
    "playevent": "Plays are history: editing them would break charts, statistics and artists' analytics.",
    "chartdaily": "Chart rows are computed from plays: editing one would make the charts disagree with the plays.",
    "trackplaysdaily": "Daily counts are computed from plays: editing one would break artists' analytics.",
    "artistlistener": "Listener counts are computed from plays: editing them would break artists' analytics.",
    "artistlistenerdaily": "Listener counts are computed from plays: editing them would break artists' analytics.",
    "track": "Only a song's artist edits its details (in the Studio): editing it here would skip their say "
             "and the search index.",
    "album": "Only the artist edits a release (in the Studio): editing it here would skip publishing rules.",
    "authsession": "Editing a session would break sign-in; suspend the account instead to end its sessions.",
    "authticket": "Sign-in steps are single-use and short-lived: editing one would break sign-in.",
    "emailcode": "Email codes are single-use and short-lived: editing one would break verification.",
    "recoverycode": "Recovery codes belong to their owner's two-step setup: editing one would lock them out.",
    "retiredrefreshtoken": "Retired tokens detect stolen refresh tokens: editing one would hide a theft.",
    "apppassword": "App passwords belong to their owner's devices: editing one would break their apps.",
    "playlist": "Playlists belong to their owners: editing one here would skip their say and its cover.",
    "playlisttrack": "Playlist order is kept dense by the playlist editor: editing a row would break it.",
    "archiveswitch": "Use the Archive mode page: it checks the message and writes the whole switch at once.",
    "pluginstate": "Use the Plugins page: it checks each plugin's settings before saving them.",
    "editorialfeature": "Use the Editorial page: it keeps each shelf's order and periods consistent.",
    "legaldocument": "Published versions are what people accepted: editing one would rewrite history. "
                     "Publish a new version on the Legal pages instead.",
    "legalacceptance": "Acceptances are people's consent: editing one would misstate what they agreed to.",
    "backuprun": "Backup runs are written by the backup job: editing one would misreport a backup.",
    "bulkexportrun": "Export runs are written by the export job: editing one would misreport an export.",
    "accountdeletion": "Deletions follow their grace period: use the account's own deletion controls.",
    "dataexport": "Data exports are written by the export job: editing one would break its download link.",
    "trackloudness": "Loudness is measured from the audio file: editing it would make playback too loud or quiet.",
    "trackrendition": "Renditions describe files on disk: editing one would break streaming.",
    "audioupload": "Uploads are tracked by the ingestion job: editing one would break it.",
    "uploadsession": "Resumable uploads are tracked byte by byte: editing one would corrupt the file.",
    "ratelimitcounter": "Rate-limit counters protect sign-in from guessing: editing one would weaken that.",
}


def domain_of(table: Table, module: str = "") -> str:
    """The domain a table belongs to (``module`` is its model's module, for the fallback)."""
    if table.name in TABLE_DOMAINS:
        return TABLE_DOMAINS[table.name]
    lowered = module.lower() + " " + table.name.lower()
    for word, domain in MODULE_DOMAINS.items():
        if word in lowered:
            return domain
    if "_" in table.name:  # a plugin's own tables are named ``<plugin>_...``
        return "plugins"
    return ""


def is_secret(column: Column | str, table: str = "") -> bool:
    """Whether a column's values are never shown (nor searched, filtered or sorted on)."""
    if isinstance(column, str):
        name = column.lower()
    else:
        name, table = column.name.lower(), table or getattr(column.table, "name", "")
    if name in NOT_SECRET_COLUMNS:
        return False
    return (name in EXTRA_SECRET_COLUMNS or f"{table}.{name}" in EXTRA_SECRET_COLUMNS
            or any(word in name for word in SECRET_WORDS))


def read_only_reason(table_name: str) -> str:
    """Why rows of ``table_name`` cannot be edited from the data browser."""
    return READ_ONLY_REASONS.get(table_name, DEFAULT_READ_ONLY)
