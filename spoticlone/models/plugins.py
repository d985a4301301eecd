"""Installed plugins as the administrator left them: on or off, their settings, their last error."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class PluginState(SQLModel, table=True):
    """One row per plugin an administrator has touched; no row means "off, default settings".

    The state lives in the database, not in a file, so every process (web server, job
    worker, CLI) sees the same answer, and a fresh install starts with everything off.
    """

    name: str = Field(primary_key=True, max_length=80)
    enabled: bool = False
    #: The validated settings as JSON (the plugin's pydantic model); "" for its defaults.
    settings_json: str = Field(default="", max_length=20000)
    #: The last failure seen in a subscriber or migration, for the admin page.
    last_error: str = Field(default="", max_length=2000)
    error_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)
