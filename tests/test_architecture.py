"""Layering rules that keep the code base in the shape of docs/architecture.md.

Services and models stay framework-free so the UI, the REST API and the CLI can all
call them; pages stay database-free because page functions run at compile time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "spoticlone"
FRAMEWORKS = ("reflex", "fastapi", "starlette")


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _imported_modules(path: Path) -> set[str]:
    """Every absolute module name imported anywhere in the file (also inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _hits(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        name for name in _imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


def test_layers_have_modules():
    for folder in ("services", "models", "pages"):
        assert _modules(folder), f"spoticlone/{folder} has no modules"


@pytest.mark.parametrize("folder", ["services", "models"])
def test_services_and_models_do_not_import_web_frameworks(folder):
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in _modules(folder)
        if (hits := _hits(path, FRAMEWORKS))
    }
    assert not offenders, f"framework imports in {folder}: {offenders}"


def test_pages_do_not_touch_the_database():
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in _modules("pages")
        if (hits := _hits(path, ("spoticlone.db", "sqlmodel", "sqlalchemy")))
    }
    assert not offenders, f"pages must load data in on_load handlers: {offenders}"


def test_the_checker_sees_nested_and_aliased_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import reflex as rx\nfrom fastapi.routing import APIRouter\n")
    assert _hits(sample, FRAMEWORKS) == ["fastapi.routing", "fastapi.routing.APIRouter", "reflex"]
