"""Settings: safe development defaults; no usable default secret key in any environment."""

import logging
import secrets
import stat
import threading

import pytest
from pydantic import ValidationError

from spoticlone import secret_store
from spoticlone.config import Settings, UnsafeConfiguration, get_settings
from spoticlone.secret_store import LEGACY_BUILTIN_KEY

WEAK_KEYS = [
    LEGACY_BUILTIN_KEY,
    "short-but-custom",
    "x" * 48,
    "abcdabcdabcdabcdabcdabcdabcdabcdabcd",
    "please-change-me-to-a-long-random-string-0123",
    "",
]


def test_development_defaults_work_without_any_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("SPOTICLONE_ENV", raising=False)
    settings = Settings(data_dir=tmp_path)
    assert settings.env == "development"
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'spoticlone.db').resolve()}"
    assert settings.media_dir == tmp_path / "media"
    assert settings.public_origin == "http://127.0.0.1:3000"


@pytest.mark.parametrize("env", ["development", "test", "production"])
@pytest.mark.parametrize("secret", WEAK_KEYS)
def test_a_weak_configured_secret_is_refused_in_every_environment(env, secret, tmp_path):
    with pytest.raises((UnsafeConfiguration, ValidationError), match="SECRET_KEY"):
        Settings(env=env, secret_key=secret, data_dir=tmp_path)


def test_production_refuses_to_start_without_a_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("SPOTICLONE_SECRET_KEY", raising=False)
    with pytest.raises(UnsafeConfiguration, match="SECRET_KEY must be set"):
        Settings(env="production", data_dir=tmp_path)
    assert not secret_store.key_file(tmp_path).exists()  # production never invents one


def test_production_accepts_a_real_secret(tmp_path):
    key = secrets.token_urlsafe(48)
    settings = Settings(env="production", secret_key=key, data_dir=tmp_path)
    assert settings.env == "production" and settings.secret == key
    assert key not in repr(settings) and key not in str(settings.model_dump())
    assert not secret_store.key_file(tmp_path).exists()


def test_a_hex_key_from_openssl_is_accepted(tmp_path):
    Settings(env="production", secret_key=secrets.token_hex(16), data_dir=tmp_path)


def test_first_start_generates_a_private_key_and_later_starts_reuse_it(tmp_path, monkeypatch, caplog):
    """What ``make run`` does: development, no SPOTICLONE_SECRET_KEY, a fresh data directory."""
    monkeypatch.setenv("SPOTICLONE_ENV", "development")
    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SPOTICLONE_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    try:
        with caplog.at_level(logging.INFO):
            first = get_settings().secret
        path = tmp_path / "data" / "secret_key"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text().strip() == first and secret_store.weakness(first) is None
        assert first != LEGACY_BUILTIN_KEY and len(first) >= 64
        assert f"Generated a new secret key in {path}" in caplog.text
        assert first not in caplog.text

        caplog.clear()
        get_settings.cache_clear()  # a restart
        with caplog.at_level(logging.INFO):
            assert get_settings().secret == first
        assert f"Secret key read from {path}" in caplog.text and first not in caplog.text
        assert first not in repr(get_settings())
    finally:
        get_settings.cache_clear()


def test_another_data_directory_gets_another_key(tmp_path):
    one = Settings(env="development", data_dir=tmp_path / "one").secret
    two = Settings(env="development", data_dir=tmp_path / "two").secret
    assert one != two


def test_processes_starting_together_agree_on_one_key(tmp_path):
    """Migrations, the CLI and several workers may all be the first to start."""
    racers = 8
    start = threading.Barrier(racers)
    keys: list[str] = []

    def first_start():
        start.wait(timeout=10)
        keys.append(secret_store.load_or_create(tmp_path))

    threads = [threading.Thread(target=first_start) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == racers and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left


@pytest.mark.parametrize("stored", [LEGACY_BUILTIN_KEY, "", "too-short"])
def test_a_weak_stored_key_stops_the_start(tmp_path, stored):
    secret_store.key_file(tmp_path).write_text(stored)
    with pytest.raises(UnsafeConfiguration, match="Delete the file"):
        _ = Settings(env="development", data_dir=tmp_path).secret


def test_environment_variables_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SPOTICLONE_PUBLIC_URL", "https://music.example.org/app")
    monkeypatch.setenv("SPOTICLONE_DATABASE_URL", "postgresql+psycopg://u@db/spoticlone")
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.public_origin == "https://music.example.org"
    assert settings.resolved_database_url.startswith("postgresql")
