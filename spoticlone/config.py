"""Application settings, read once from ``SPOTICLONE_*`` environment variables.

Every field has a safe development default so ``make run`` works out of the box,
except the secret key, which has no default at all: a key published in this
repository would let anyone sign API tokens. Outside production an unset key is
generated on first start and kept in the data directory (``secret_store``); in
production (``SPOTICLONE_ENV=production``) the app refuses to start without one, and
a weak configured key is refused in every environment.
"""

from __future__ import annotations

import functools
import logging
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from spoticlone import secret_store

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class UnsafeConfiguration(RuntimeError):
    """Raised when the configuration is not safe for the chosen environment."""


def parse_networks(raw: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """``"10.0.0.1, 192.168.0.0/16"`` as networks; ``ValueError`` names a bad entry."""
    networks = []
    for entry in (part.strip() for part in (raw or "").split(",")):
        if not entry:
            continue
        try:
            networks.append(ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network (CIDR)") from None
    return tuple(networks)


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
    header_timeout_seconds: float = Field(
        10,
        ge=1,
        le=300,
        description="Seconds a client has to send a request's headers after connecting, "
        "after sending part of them, or after its previous response on a kept-alive "
        "connection; then the server closes the connection (Granian's HTTP/1 header read "
        "timeout, set in spoticlone/server_limits.py).",
    )
    # SecretStr: a logged or printed Settings object shows "**********". Read it as ``secret``.
    secret_key: SecretStr | None = Field(
        None,
        description="Signs API tokens, email codes and the Google sign-in cookie, and encrypts "
        "authenticator secrets. Unset: generated on first start into <data_dir>/secret_key "
        "(required in production).",
    )
    redis_url: str | None = Field(
        None,
        description="Redis URL for Reflex's state manager and the job queue (multi-worker "
        "deployments); unset keeps both embedded.",
    )
    jobs_immediate: bool | None = Field(
        None,
        description="Run background jobs inline instead of queueing them for the worker; "
        "defaults to on only when SPOTICLONE_ENV=test.",
    )
    max_upload_mb: int = Field(
        500,
        ge=1,
        le=2047,
        description="Largest audio upload accepted, in MiB; refused while it is being received "
        "(at most 2047, the largest file size a track records).",
    )
    artist_quota_mb: int = Field(
        20480,
        ge=1,
        le=16 * 1024 * 1024,
        description="Storage each artist may fill with uploaded audio, in MiB (their tracks "
        "plus uploads still being processed).",
    )
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
    deletion_grace_days: int = Field(
        14, ge=0, le=90, description="Days between a request to delete an account and its erasure; "
        "signing in during them cancels the deletion.",
    )
    default_phone_region: str = Field(
        "US",
        min_length=2,
        max_length=2,
        description="Country (ISO 3166 alpha-2) assumed for profile phone numbers typed "
        "without a +country prefix; numbers are always stored in E.164.",
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses or networks (CIDR) of your reverse proxies, "
        "e.g. '127.0.0.1,10.0.0.0/8'. Only requests from these peers have their client "
        "address taken from X-Forwarded-For (sign-in throttling, session lists). Empty: "
        "trust none, use the connection's address.",
    )
    backup_dir: Path | None = Field(
        None,
        description="Folder for scheduled backups (daily at 03:23 by the job worker, each one "
        "verified after writing); unset turns scheduled backups off.",
    )
    backup_keep_daily: int = Field(
        7, ge=1, le=366, description="Scheduled backups kept: the newest of each of this many days."
    )
    backup_keep_weekly: int = Field(
        4, ge=0, le=520, description="Scheduled backups kept besides: the newest of each of this many weeks."
    )
    metrics_token: SecretStr | None = Field(
        None,
        description="Bearer token that opens /metrics (Prometheus) from any address; unset: only "
        "addresses in SPOTICLONE_METRICS_ALLOW may read it.",
    )
    metrics_allow: str = Field(
        "127.0.0.1/32,::1/128",
        description="Comma-separated addresses or networks (CIDR) that may read /metrics without "
        "the token (loopback by default; empty: token only). Everyone else gets 404.",
    )
    log_format: Literal["text", "json"] = Field(
        "text",
        description="'json' writes one JSON object per log line (time, level, logger, message, "
        "request_id, exception) for log collectors; 'text' leaves logging as it is.",
    )
    nginx_media_location: str | None = Field(
        None,
        pattern=r"^/[A-Za-z0-9_\-/]*/$",
        description="The internal nginx location that serves the media folder (e.g. /_media/, as in "
        "the config `cli nginx-config` writes). Set: the stream route checks access, then answers "
        "with X-Accel-Redirect and nginx sends the bytes and answers ranges. Unset: Python serves them.",
    )
    health_min_free_mb: int = Field(
        100, ge=0, le=1024 * 1024 * 1024,
        description="/api/health answers 503 when the media folder's disk has less free space (MiB).",
    )
    gc_thresholds: str = Field(
        "50000,20,1",
        pattern=r"^(?i:off|\d+,\d+,\d+)$",
        description="The server worker's garbage collector (spoticlone/server_gc.py): after start-up it "
        "freezes the app's objects and uses these generation thresholds, so full collections (a pause "
        "for every listener) stay short and rare under load. 'off' keeps CPython's defaults (700,10,10).",
    )
    gil_switch_ms: float = Field(
        1.0,
        ge=0.1,
        le=100.0,
        description="The server worker's GIL switch interval in milliseconds (spoticlone/server_gc.py): how "
        "long the event loop may wait for a worker thread running a query to hand over the interpreter. "
        "CPython's default is 5.",
    )

    @model_validator(mode="after")
    def _refuse_unsafe_secret_key(self) -> Settings:
        # Every environment: a weak key set on purpose is as forgeable as a default one.
        if self.secret_key is not None:
            problem = secret_store.weakness(self.secret_key.get_secret_value())
            if problem:
                raise UnsafeConfiguration(
                    f"SPOTICLONE_SECRET_KEY {problem}. Set it to a random value of at least "
                    f"{secret_store.MIN_LENGTH} characters ({secret_store.HOW_TO_GENERATE}), "
                    "or unset it outside production to use a generated key."
                )
        elif self.env == "production":
            raise UnsafeConfiguration(
                "SPOTICLONE_SECRET_KEY must be set to a random value of at least "
                f"{secret_store.MIN_LENGTH} characters in production (for example: "
                f"{secret_store.HOW_TO_GENERATE})."
            )
        return self

    @model_validator(mode="after")
    def _check_trusted_proxies(self) -> Settings:
        # A typo here would silently trust nobody (or worse, be read differently later):
        # refuse to start and name the entry.
        try:
            parse_networks(self.trusted_proxies)
        except ValueError as exc:
            raise UnsafeConfiguration(f"SPOTICLONE_TRUSTED_PROXIES: {exc}") from None
        return self

    @model_validator(mode="after")
    def _check_metrics_allow(self) -> Settings:
        try:
            parse_networks(self.metrics_allow)
        except ValueError as exc:
            raise UnsafeConfiguration(f"SPOTICLONE_METRICS_ALLOW: {exc}") from None
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

    @functools.cached_property
    def secret(self) -> str:
        """The secret key: ``SPOTICLONE_SECRET_KEY``, else the generated one in the data directory.

        Resolved once per Settings (``get_settings`` does it at startup, so a weak stored
        key stops the server before it serves anything). Never log it.
        """
        if self.secret_key is not None:
            log.info("Secret key taken from SPOTICLONE_SECRET_KEY")
            return self.secret_key.get_secret_value()
        try:
            return secret_store.load_or_create(self.data_dir)
        except secret_store.WeakSecretKey as exc:
            raise UnsafeConfiguration(str(exc)) from exc

    @functools.cached_property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        """``trusted_proxies`` parsed (checked at startup by ``_check_trusted_proxies``)."""
        return parse_networks(self.trusted_proxies)

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
    """The process-wide settings (cached; tests call ``get_settings.cache_clear()``).

    Resolves the secret key right away, so a first start generates it (and says where)
    before any request needs it.
    """
    settings = Settings()
    _ = settings.secret
    return settings
