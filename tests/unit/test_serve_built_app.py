"""``serve_built_app`` (``cli serve`` and the ``make run`` supervisor's child) starts the same way
from a systemd unit as from the Makefile: the bun in ``.tools`` goes first on PATH, because
Reflex refuses an older system Node.js when the backend starts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reflex.utils import exec as reflex_exec
from reflex_base.environment import environment

from spoticlone.cli import deploy


@pytest.fixture
def built(tmp_path, monkeypatch):
    web = tmp_path / "web"
    (web / "build" / "client").mkdir(parents=True)
    (web / "build" / "client" / "index.html").write_text("<!doctype html>")
    monkeypatch.setenv("REFLEX_WEB_WORKDIR", str(web))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setattr(os, "chdir", lambda _path: None)
    seen = {}
    monkeypatch.setattr(reflex_exec, "run_backend_prod",
                        lambda host, port, *_a, **_k: seen.update(host=host, port=port, path=os.environ["PATH"],
                                                                     skip=environment.REFLEX_SKIP_COMPILE.get()))
    for name in (environment.REFLEX_SKIP_COMPILE.name, "REFLEX_ENV_MODE", "GRANIAN_WORKERS"):  # restored after the test
        monkeypatch.delenv(name, raising=False)
    return seen


def test_the_tools_bun_comes_first_on_path(built, monkeypatch):
    tools = Path(deploy.__file__).resolve().parents[2] / ".tools" / "node_modules" / ".bin"
    if not tools.is_dir():
        pytest.skip("make setup installs .tools")
    assert deploy.serve_built_app("127.0.0.1", 3999) == 0
    assert built["port"] == 3999
    assert built["path"].split(os.pathsep)[0] == str(tools)


def test_workers_do_not_compile_into_the_shared_build(built):
    """Two workers started together in one tree raced purging .web's pages; a served build is only read.

    Asked of Reflex itself: the switch has an internal name, and setting ``REFLEX_SKIP_COMPILE``
    (what this once did, and what this test once checked) changed nothing.
    """
    assert deploy.serve_built_app("127.0.0.1", 3999) == 0
    assert built["skip"] is True


def test_no_build_is_refused_with_the_next_step(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REFLEX_WEB_WORKDIR", str(tmp_path / "nothing"))
    assert deploy.serve_built_app("127.0.0.1", 3999) == 2
    assert "make build" in capsys.readouterr().err
