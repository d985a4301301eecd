"""The settings an administrator edits on /admin/plugins (every field has a default)."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from lrclib.hosts import ENV, allowed, declared_hosts


class Settings(BaseModel):
    base_url: str = Field("https://lrclib.net", max_length=200, title="Service URL",
                          description="An LRCLIB-compatible service (its host must be declared).")
    found_days: int = Field(90, ge=1, le=365, title="Keep found lyrics (days)")
    not_found_days: int = Field(14, ge=1, le=365, title="Ask again after a miss (days)")
    min_interval_ms: int = Field(1000, ge=1000, le=60_000, title="Minimum gap between requests (ms)")

    @field_validator("base_url")
    @classmethod
    def _declared_host(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("The service URL must start with http:// or https://.")
        if not allowed(value, declared_hosts()):
            raise ValueError(f"That host is not allowed; the operator can add it to {ENV}.")
        return value
