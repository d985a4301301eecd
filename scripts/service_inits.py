"""Rewrite each ``spoticlone/services/<domain>/__init__.py`` from the functions its modules define.

Why a script: every service package exports its public functions lazily (PEP 562) so that a
sandboxed parser child importing one module does not pay for the whole domain, and the export
list must name every public function (``tests/test_architecture.py`` checks it). Writing the
three parallel lists by hand is error-prone; run ``python scripts/service_inits.py`` after adding,
renaming or removing a public service function. The package docstring is kept as written.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ROOT / "spoticlone" / "services"
LINE = 110


def _public_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = [node.name for node in tree.body
             if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")]
    return sorted(set(names) - {"main"})


def _docstring(init: Path) -> str:
    if not init.exists():
        return ""
    tree = ast.parse(init.read_text())
    if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant):
        source = init.read_text().splitlines(keepends=True)
        return "".join(source[: tree.body[0].end_lineno]) + "\n"
    return ""


def _import_line(module: str, names: list[str]) -> str:
    one = f"    from {module} import {', '.join(names)}\n"
    if len(one.rstrip("\n")) <= LINE:
        return one
    body = "".join(f"        {name},\n" for name in names)
    return f"    from {module} import (\n{body}    )\n"


def render(package: Path) -> str:
    dotted = ".".join(package.relative_to(ROOT).parts)
    homes: dict[str, str] = {}
    imports = []
    for module in sorted(package.glob("*.py")):
        if module.name == "__init__.py":
            continue
        names = _public_functions(module)
        if names:
            imports.append(_import_line(f"{dotted}.{module.stem}", names))
        for name in names:
            if name in homes:
                raise SystemExit(f"{dotted}: {name} is defined in both {homes[name]} and {module.stem}")
            homes[name] = module.stem
    text = _docstring(package / "__init__.py")
    if not homes:
        return text
    text += "from importlib import import_module\nfrom typing import TYPE_CHECKING, Any\n\n"
    text += "if TYPE_CHECKING:\n" + "".join(imports) + "\n"
    text += "#: Which module of the package defines each public function.\n_HOMES = {\n"
    text += "".join(f'    "{name}": "{homes[name]}",\n' for name in sorted(homes)) + "}\n\n"
    text += "__all__ = [\n" + "".join(f'    "{name}",\n' for name in sorted(homes)) + "]\n\n\n"
    text += (
        "def __getattr__(name: str) -> Any:\n"
        "    if name in _HOMES:\n"
        '        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)\n'
        '    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")\n'
    )
    return text


def main() -> int:
    for init in sorted(SERVICES.rglob("__init__.py")):
        if init.parent == SERVICES:
            continue
        text = render(init.parent)
        if init.read_text() != text:
            init.write_text(text)
            print(f"rewrote {init.relative_to(ROOT)}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
