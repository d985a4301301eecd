"""The named registries the core's own parts are found through, and what a plugin can add.

Each test adds a part the way a plugin would, checks the core uses it, and removes it again.
"""

from __future__ import annotations

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from spoticlone import routes
from spoticlone.api.app import CORE_ROUTERS, create_api
from spoticlone.api.routers import ROUTERS
from spoticlone.components import layout, template
from spoticlone.services.core.registry import Registry
from spoticlone.services.media import audio_probe
from tests.data.audio import make_samples


def test_the_api_is_built_from_the_router_registry():
    assert ROUTERS.names()[: len(CORE_ROUTERS)] == [name for name, _ in CORE_ROUTERS]
    extra = APIRouter(prefix=f"{routes.API_PREFIX}/v1/hello")

    @extra.get("")
    def hello() -> dict:
        return {"hello": "plugin"}

    ROUTERS.register("hello-plugin", extra)
    try:
        with TestClient(create_api()) as client:
            assert client.get(f"{routes.API_PREFIX}/v1/hello").json() == {"hello": "plugin"}
    finally:
        ROUTERS.unregister("hello-plugin")
    with TestClient(create_api()) as client:
        assert client.get(f"{routes.API_PREFIX}/v1/hello").status_code == 404


def test_a_core_router_name_cannot_be_taken_over():
    with pytest.raises(ValueError, match="already registered"):
        ROUTERS.register("catalog", APIRouter())


def test_every_page_is_in_the_page_registry_and_a_route_is_taken_once():
    import spoticlone.pages  # noqa: F401  - registers the pages

    assert routes.HOME in template.PAGES and routes.SEARCH in template.PAGES
    with pytest.raises(ValueError, match="already registered"):
        template.page(routes.HOME, "Another home", "A second page at a taken route.")(lambda: None)


def test_the_navigation_is_built_from_the_sidebar_registry():
    desktop = [entry.label for entry in layout.nav_entries("desktop")]
    phone = [entry.label for entry in layout.nav_entries("phone")]
    assert desktop == ["Home", "Search", "Browse", "Charts", "Playlists"]
    assert phone == ["Home", "Search", "Browse", "Charts", "Your Library"]
    layout.SIDEBAR.register("Radio", layout.NavEntry("Radio", "/radio", "radio", where="desktop"))
    try:
        assert [entry.label for entry in layout.nav_entries("desktop")][-1] == "Radio"
        assert "Radio" not in [entry.label for entry in layout.nav_entries("phone")]
        assert "/radio" in str(layout.sidebar())
    finally:
        layout.SIDEBAR.unregister("Radio")


def test_the_probe_reads_only_registered_audio_formats(tmp_path, monkeypatch):
    assert audio_probe.AUDIO_FORMATS.names() == ["mp3", "flac", "ogg", "opus", "wav", "m4a", "aiff"]
    path = make_samples(tmp_path)["wav"]
    assert audio_probe.probe_in_process(str(path), None)["mime_type"] == "audio/wav"
    without_wav: Registry[audio_probe.AudioFormat] = Registry("audio formats")
    for name, audio_format in audio_probe.AUDIO_FORMATS.items():
        if name != "wav":
            without_wav.register(name, audio_format)
    monkeypatch.setattr(audio_probe, "AUDIO_FORMATS", without_wav)
    with pytest.raises(audio_probe.ProbeError) as refused:
        audio_probe.probe_in_process(str(path), None)
    assert refused.value.reason == "not_audio"
