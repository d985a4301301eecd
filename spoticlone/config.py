"""Application settings, read once from ``SPOTICLONE_*`` environment variables.

Every field has a safe development default so ``make run`` works out of the box.
In production (``SPOTICLONE_ENV=production``) the app refuses to start while the
secret key is still the development default: a forgotten setting must fail loudly
rather than sign sessions with a key that is published in this repository.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105 - documented dev default


class UnsafeConfiguration(RuntimeError):
    """Raised when the configuration is not safe for the chosen environment."""


class Settings(BaseSettings):
    """Typed settings for Spoticlone.

    Each field maps to an environment variable ``SPOTICLONE_<FIELD>``; the README
    lists them all.
    """

    model_config = SettingsConfigDict(env_prefix="SPOTICLONE_", extra="ignore")

    env: Literal["development", "production", "test"] = Field(
        "development", description="Runtime environment; production enforces real secrets."
    )
    data_dir: Path = Field(
        PROJECT_ROOT / "data",
        description="Where the SQLite database, media files and the mail outbox live.",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL; defaults to SQLite at <data_dir>/spoticlone.db.",
    )
    public_url: str = Field(
        "http://127.0.0.1:3000",
        description="Origin listeners use to reach the app; used for share links and CORS.",
    )
    host: str = Field("127.0.0.1", description="Interface the server binds to (0.0.0.0 to expose it).")
    port: int = Field(3000, description="Port the production server listens on.")
    secret_key: str = Field(DEV_SECRET_KEY, description="Signs sessions and tokens.")
    redis_url: str | None = Field(
        None, description="Redis URL for Reflex's state manager (multi-worker deployments)."
    )
    max_upload_mb: int = Field(200, description="Largest audio upload accepted, in MiB.")
    smtp_host: str | None = Field(
        None,
        description="SMTP server for account emails; unset means the local outbox "
        "(<data_dir>/outbox/), with a loud warning in production.",
    )
    smtp_port: int = Field(587, description="SMTP port: 587 for STARTTLS, 465 for SSL.")
    smtp_user: str | None = Field(None, description="SMTP login; unset skips authentication.")
    # SecretStr: a logged or printed Settings object shows "**********", not the password.
    smtp_password: SecretStr | None = Field(
        None, description="SMTP password (for Gmail an app password, not the account password)."
    )
    smtp_sender: str = Field(
        "Spoticlone <no-reply@localhost>", description="From header of every email."
    )
    smtp_starttls: bool = Field(True, description="Upgrade the connection with STARTTLS.")
    smtp_ssl: bool = Field(
        False, description="Connect with implicit TLS (port 465); wins over STARTTLS."
    )
    google_client_id: str | None = Field(
        None, description="OAuth client id for Google sign-in; unset hides the Google button."
    )
    google_client_secret: SecretStr | None = Field(
        None, description="OAuth client secret for Google sign-in."
    )
    google_discovery_url: str = Field(
        "https://accounts.google.com/.well-known/openid-configuration",
        description="OpenID discovery document; tests point it at a local mock provider.",
    )
    access_token_minutes: int = Field(
        15, ge=1, le=1440, description="Lifetime of a REST API access token (JWT), in minutes."
    )
    session_days: int = Field(
        30, ge=1, le=365, description="Lifetime of a browser session or API refresh token, in days."
    )
    default_phone_region: str = Field(
        "US",
        min_length=2,
        max_length=2,
        description="Country (ISO 3166 alpha-2) assumed for profile phone numbers typed "
        "without a +country prefix; numbers are always stored in E.164.",
    )

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> "Settings":
        if self.env == "production":
            if self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < 32:
                raise UnsafeConfiguration(
                    "SPOTICLONE_SECRET_KEY must be set to a random value of at least 32 "
                    "characters in production (for example: python -c "
                    "'import secrets; print(secrets.token_urlsafe(48))')."
                )
        return self

    @model_validator(mode="after")
    def _check_mail(self) -> Settings:
        # A login without a password would make yagmail fall back to keyring or an
        # interactive getpass prompt, which would hang a server: refuse it up front.
        if self.smtp_host and self.smtp_user and not self.smtp_password:
            raise UnsafeConfiguration(
                "SPOTICLONE_SMTP_USER is set but SPOTICLONE_SMTP_PASSWORD is not "
                "(for Gmail, create an app password)."
            )
        # Not fatal on purpose: an instance without mail still plays music, and the
        # outbox keeps every message readable by the operator. But say it loudly.
        if self.env == "production" and not self.smtp_host:
            logging.getLogger(__name__).warning(
                "SPOTICLONE_SMTP_HOST is not set: account emails (verification and reset "
                "codes) are NOT delivered but written to %s. Configure SMTP before "
                "inviting listeners.",
                self.outbox_dir,
            )
        return self

    @functools.cached_property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite inside the data directory.

        Cached: every request asks for it (via ``db.get_engine``) and resolving the
        path costs a filesystem call.
        """
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'spoticlone.db').resolve()}"

    @property
    def media_dir(self) -> Path:
        """Private media root: outside ``assets/`` and Reflex's public upload folder."""
        return self.data_dir / "media"

    @property
    def outbox_dir(self) -> Path:
        """Where emails go when no SMTP server is configured (one .eml per message)."""
        return self.data_dir / "outbox"

    @property
    def public_origin(self) -> str:
        """Scheme and host of ``public_url`` (what CORS compares against)."""
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def google_enabled(self) -> bool:
        """Google sign-in is offered only when both halves of the client are configured."""
        return bool(self.google_client_id and self.google_client_secret)

    @property
    def cookie_secure(self) -> bool:
        """Session cookies carry ``Secure`` whenever the public URL is HTTPS."""
        return urlsplit(self.public_url).scheme == "https"

    @property
    def is_development(self) -> bool:
        return self.env == "development"


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests call ``get_settings.cache_clear()``)."""
    return Settings()
