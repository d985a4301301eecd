"""Every module stays at or under the project's 400-line limit.

Why: a module past that size has usually grown a second concern; splitting it along that seam
keeps each concern findable by its file name. The test names each offender and its length so
the fix starts from the failure message.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("spoticlone", "plugins")
LIMIT = 400


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _oversized(root: Path, folders: tuple[str, ...] = FOLDERS, limit: int = LIMIT) -> list[str]:
    """``"<path>: <n> lines"`` for each ``.py`` file under ``folders`` longer than ``limit``."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            if (length := _line_count(path)) > limit:
                found.append(f"{path.relative_to(root).as_posix()}: {length} lines")
    return found


def test_no_module_exceeds_the_line_limit():
    oversized = _oversized(ROOT)
    assert not oversized, (f"modules over {LIMIT} lines; split each along a real seam:\n"
                           + "\n".join(oversized))


def test_the_size_check_names_the_file_and_its_length(tmp_path):
    (tmp_path / "spoticlone" / "deep").mkdir(parents=True)
    (tmp_path / "plugins").mkdir()
    (tmp_path / "spoticlone" / "deep" / "big.py").write_text("x = 1\n" * (LIMIT + 1))
    (tmp_path / "spoticlone" / "fits.py").write_text("x = 1\n" * LIMIT)
    (tmp_path / "plugins" / "long.py").write_text("x = 1\n" * (LIMIT + 5))
    (tmp_path / "plugins" / "notes.txt").write_text("x\n" * (LIMIT + 5))
    assert _oversized(tmp_path) == ["spoticlone/deep/big.py: 401 lines", "plugins/long.py: 405 lines"]
