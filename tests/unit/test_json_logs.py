"""SPOTICLONE_LOG_FORMAT=json: one parseable JSON object per line, with the request id and traceback."""

from __future__ import annotations

import io
import json
import logging

import pytest

from spoticlone.config import get_settings
from spoticlone.logs import REQUEST_ID, configure_logging


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    ours = logging.getLogger("spoticlone")
    saved = (list(root.handlers), root.level, ours.level)
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    ours.setLevel(saved[2])


def test_json_lines_carry_time_level_logger_message_request_id_and_exception(settings, monkeypatch, restore_logging):
    stream = io.StringIO()
    monkeypatch.setenv("SPOTICLONE_LOG_FORMAT", "json")
    configure_logging(stream=stream)
    log = logging.getLogger("spoticlone.test.json")
    token = REQUEST_ID.set("req-12345678")
    try:
        log.info("played %s", "a song\nwith a newline")
        try:
            raise ValueError("broken")
        except ValueError:
            log.exception("it failed")
    finally:
        REQUEST_ID.reset(token)
    logging.getLogger("some.library").info("library chatter stays out at INFO")
    logging.getLogger("some.library").warning("library warning")
    lines = stream.getvalue().splitlines()
    entries = [json.loads(line) for line in lines]
    assert len(entries) == 3
    first, failure, library = entries
    assert first["level"] == "INFO" and first["logger"] == "spoticlone.test.json"
    assert first["message"] == "played a song\nwith a newline" and first["request_id"] == "req-12345678"
    assert first["time"].endswith("Z") and "T" in first["time"]
    assert failure["level"] == "ERROR" and "ValueError: broken" in failure["exception"]
    assert "Traceback" in failure["exception"]
    assert library["logger"] == "some.library" and "request_id" not in library and "exception" not in library


def test_calling_it_twice_keeps_one_json_handler_and_replaces_basic_config(settings, monkeypatch, restore_logging):
    root = logging.getLogger()
    plain = logging.StreamHandler(io.StringIO())
    root.addHandler(plain)
    configure_logging("json", stream=io.StringIO())
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    assert plain not in root.handlers
    logging.getLogger("spoticlone.x").warning("once")
    assert [json.loads(line)["message"] for line in stream.getvalue().splitlines()] == ["once"]


def test_text_format_changes_nothing(settings, monkeypatch, restore_logging):
    root = logging.getLogger()
    before = list(root.handlers)
    configure_logging("text")
    monkeypatch.delenv("SPOTICLONE_LOG_FORMAT", raising=False)
    configure_logging()
    assert root.handlers == before


def test_unknown_format_is_refused(settings, monkeypatch):
    monkeypatch.setenv("SPOTICLONE_LOG_FORMAT", "xml")
    get_settings.cache_clear()
    with pytest.raises(ValueError):
        get_settings()
