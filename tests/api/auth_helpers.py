"""Helpers for the auth API tests: sign up through the API and read codes from the outbox."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

PASSWORD = "night-drive-on-neon-roads"
DOB = "1995-04-02"
_CODE = re.compile(r"\b(\d{6})\b")


def outbox_messages(outbox: Path) -> list[Path]:
    return sorted(outbox.glob("*.eml")) if outbox.is_dir() else []


def latest_mail(outbox: Path):
    files = outbox_messages(outbox)
    assert files, f"no email in {outbox}"
    with open(files[-1], "rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


def code_from_outbox(outbox: Path, to: str | None = None) -> str:
    """The 6-digit code in the newest email (optionally checking its recipient)."""
    message = latest_mail(outbox)
    if to is not None:
        assert message["To"] == to
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = _CODE.search(text)
    assert match, text
    return match.group(1)


def register(api, email: str, username: str, password: str = PASSWORD):
    return api.post(
        "/api/v1/auth/register",
        json={"email": email, "username": username, "password": password, "date_of_birth": DOB},
    )


def signed_up(api, settings, email: str = "ann@example.com", username: str = "ann") -> str:
    """Register and verify an account through the API; returns its email."""
    response = register(api, email, username)
    assert response.status_code == 201, response.text
    code = code_from_outbox(settings.outbox_dir, to=email)
    verified = api.post("/api/v1/auth/verify", json={"request_id": response.json()["request_id"], "code": code})
    assert verified.status_code == 200, verified.text
    return email


def login(api, email: str, password: str = PASSWORD) -> dict:
    response = api.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
