"""/api/health: every part the service runs on, 503 naming the part that failed, nothing internal shown."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, create_engine

from spoticlone.api.app import create_api
from spoticlone.api.deps import get_session
from spoticlone.config import get_settings

PARTS = {"database", "redis", "media", "mail", "jobs"}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reconfigure(monkeypatch, **env: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(f"SPOTICLONE_{name.upper()}", value)
    get_settings.cache_clear()


def test_all_parts_ok(api, settings):
    response = api.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["failed"] == []
    assert set(body["parts"]) == PARTS
    assert body["parts"]["redis"] == {"status": "off", "required": False, "detail": {}}
    assert body["parts"]["media"]["status"] == "ok" and body["parts"]["media"]["detail"]["free_mb"] > 0
    assert body["parts"]["mail"]["detail"] == {"mode": "outbox", "outbox_messages": 0}
    assert body["parts"]["jobs"]["status"] == "ok" and body["parts"]["jobs"]["detail"]["pending"] == 0
    assert str(settings.data_dir) not in response.text
    # The write probe leaves nothing behind.
    assert not [p for p in settings.data_dir.rglob(".health-*")]


def test_database_down_is_503_naming_it(settings, tmp_path):
    broken = create_engine(f"sqlite:///{tmp_path}")  # a directory: every connection fails
    app = create_api()

    def broken_session():
        with Session(broken) as session:
            yield session

    app.dependency_overrides[get_session] = broken_session
    response = TestClient(app).get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["database"] == "unavailable"
    assert body["failed"] == ["database"]
    assert body["parts"]["media"]["status"] == "ok"
    # Like every other API error (``api/errors.py``), beside the report's own fields.
    assert body["code"] == "unavailable" and "database" in body["detail"]


def test_a_503_has_the_error_fields_and_the_openapi_document_says_so(api, monkeypatch):
    from spoticlone.jobs import queue

    def broken() -> int:
        raise OSError("storage gone")

    monkeypatch.setattr(queue, "pending_count", broken)
    body = api.get("/api/health").json()
    assert body["code"] == "unavailable" and isinstance(body["detail"], str) and "jobs" in body["detail"]
    assert {"status", "database", "version", "parts", "failed"} <= set(body)
    document = api.get("/api/openapi.json").json()
    documented = document["paths"]["/api/health"]["get"]["responses"]["503"]
    schema = documented["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"detail", "code", "failed", "parts"} <= set(document["components"]["schemas"][schema]["required"]) | set(
        document["components"]["schemas"][schema]["properties"])
    assert {"detail", "code"} <= set(document["components"]["schemas"][schema]["required"])


def test_redis_configured_but_unreachable_is_503(api, settings, monkeypatch):
    url = f"redis://:hunter2secret@127.0.0.1:{_closed_port()}/0"
    _reconfigure(monkeypatch, redis_url=url)
    response = api.get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["redis"]
    assert body["parts"]["redis"] == {"status": "error", "required": True, "detail": {}}
    assert "hunter2" not in response.text and "127.0.0.1" not in response.text


def test_unwritable_media_folder_is_503(api, settings):
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.media_dir.write_bytes(b"a file where the folder should be")
    response = api.get("/api/health")
    assert response.status_code == 503
    assert response.json()["failed"] == ["media"]
    assert response.json()["parts"]["media"]["detail"] == {"problem": "not writable"}


def test_full_disk_is_503(api, settings, monkeypatch):
    _reconfigure(monkeypatch, data_dir=str(settings.data_dir), health_min_free_mb=str(1024 * 1024 * 1024))
    response = api.get("/api/health")
    assert response.status_code == 503
    assert response.json()["failed"] == ["media"]
    assert response.json()["parts"]["media"]["detail"]["problem"] == "disk full"


def test_job_queue_that_does_not_answer_is_503(api, monkeypatch):
    from spoticlone.jobs import queue

    def broken() -> int:
        raise OSError("storage gone")

    monkeypatch.setattr(queue, "pending_count", broken)
    response = api.get("/api/health")
    assert response.status_code == 503
    assert response.json()["failed"] == ["jobs"]
    assert "storage gone" not in response.text


def test_outbox_counts_waiting_messages_and_smtp_is_not_dialled(api, settings, monkeypatch):
    settings.outbox_dir.mkdir(parents=True)
    for n in range(3):
        (settings.outbox_dir / f"{n}.eml").write_text("x")
    assert api.get("/api/health").json()["parts"]["mail"]["detail"]["outbox_messages"] == 3
    _reconfigure(monkeypatch, data_dir=str(settings.data_dir), smtp_host=f"127.0.0.1:{_closed_port()}")
    response = api.get("/api/health")
    assert response.status_code == 200
    assert response.json()["parts"]["mail"] == {"status": "ok", "required": False, "detail": {"mode": "smtp"}}


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_health_is_read_only(api, method):
    assert api.request(method, "/api/health").status_code == 405
