"""``python -m spoticlone.cli new-plugin NAME``: a ready plugin package from ``scaffold_files``.

The package installs with ``pip install -e``, declares a page (with a chart of the
listener's plays), its state, an API router, settings, a table with its migration,
tests that use ``spoticlone.testing``, and a README.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from spoticlone.plugins.scaffold_files import FILES
from spoticlone.plugins.spec import NAME_PATTERN


class ScaffoldError(ValueError):
    """A name the scaffold cannot use, or a folder that is already there."""


def names(name: str) -> dict[str, str]:
    """The substitutions for ``name``: its title, state class, route and distribution name."""
    if not NAME_PATTERN.match(name):
        raise ScaffoldError(f"{name!r}: use 2-40 lowercase letters, digits or _, starting with a letter "
                            "(it becomes a Python package name)")
    words = name.split("_")
    return {
        "name": name,
        "dist": "spoticlone-" + name.replace("_", "-"),
        "title": " ".join(w.capitalize() for w in words if w),
        "state": "".join(w.capitalize() for w in words if w) + "State",
        "route": f"/p/{name}",
    }


def render(name: str) -> dict[str, str]:
    """Relative path → file text for the plugin ``name``."""
    values = names(name)
    return {Template(path).substitute(values): Template(text).substitute(values) for path, text in FILES.items()}


def write(name: str, directory: Path) -> Path:
    """Write the package into ``directory/<name>``; refuses to overwrite anything."""
    target = directory / name
    if target.exists():
        raise ScaffoldError(f"{target} already exists: pick another name or folder")
    files = render(name)
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target
