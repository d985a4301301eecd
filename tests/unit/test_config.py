"""Settings: safe development defaults, refusal of default secrets in production."""

import pytest
from pydantic import ValidationError

from spoticlone.config import DEV_SECRET_KEY, Settings, UnsafeConfiguration


def test_development_defaults_work_without_any_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("SPOTICLONE_ENV", raising=False)
    settings = Settings(data_dir=tmp_path)
    assert settings.env == "development"
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'spoticlone.db').resolve()}"
    assert settings.media_dir == tmp_path / "media"
    assert settings.public_origin == "http://127.0.0.1:3000"


@pytest.mark.parametrize("secret", [DEV_SECRET_KEY, "short-but-custom"])
def test_production_refuses_default_or_weak_secret(secret):
    with pytest.raises((UnsafeConfiguration, ValidationError), match="SECRET_KEY"):
        Settings(env="production", secret_key=secret)


def test_production_accepts_a_real_secret():
    settings = Settings(env="production", secret_key="x" * 48)
    assert settings.env == "production"


def test_environment_variables_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SPOTICLONE_PUBLIC_URL", "https://music.example.org/app")
    monkeypatch.setenv("SPOTICLONE_DATABASE_URL", "postgresql+psycopg://u@db/spoticlone")
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.public_origin == "https://music.example.org"
    assert settings.resolved_database_url.startswith("postgresql")
