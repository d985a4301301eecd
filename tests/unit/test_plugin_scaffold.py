"""``cli new-plugin`` writes a package whose own tests pass, and the tutorial shows that code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spoticlone.cli import main
from spoticlone.plugins import scaffold

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "plugins.md"


def _dist_info(package: Path, name: str) -> None:
    """What ``pip install -e`` records, so discovery sees the entry point without installing."""
    info = package / f"spoticlone_{name}-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: spoticlone-{name}\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(f"[spoticlone.plugins]\n{name} = {name}.plugin:plugin\n")


def test_the_tutorial_shows_exactly_what_the_scaffold_writes():
    blocks = re.findall(r"\*\*`hello_board/([^`]+)`\*\*\n\n```\w+\n(.*?)```\n", TUTORIAL.read_text(), re.S)
    files = scaffold.render("hello_board")
    assert {path for path, _ in blocks} == set(files) - {"README.md", "hello_board/__init__.py"}
    for path, code in blocks:
        assert code == files[path], f"docs/plugins.md is out of date for {path}"


def test_the_scaffolded_plugin_passes_its_own_tests(tmp_path, capsys):
    assert main(["new-plugin", "class_board", "--dir", str(tmp_path)]) == 0
    assert "pip install" in capsys.readouterr().out
    package = tmp_path / "class_board"
    assert {"pyproject.toml", "README.md", "class_board/plugin.py", "class_board/state.py",
            "class_board/page.py", "class_board/api.py", "class_board/settings.py",
            "class_board/migrations/versions/0001_views.py", "tests/test_class_board.py"} <= {
        str(p.relative_to(package)) for p in package.rglob("*") if p.is_file()}
    _dist_info(package, "class_board")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(package), str(ROOT)])}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                            cwd=package, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout


@pytest.mark.parametrize("name", ["Bad", "1abc", "a", "has-dash", "x" * 41])
def test_bad_names_are_refused(tmp_path, capsys, name):
    assert main(["new-plugin", name, "--dir", str(tmp_path)]) == 2
    assert "lowercase letters" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_never_overwritten(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    assert main(["new-plugin", "taken", "--dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
