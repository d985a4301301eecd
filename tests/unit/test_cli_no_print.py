"""The command line writes through ``spoticlone/cli/output.py`` only.

``say`` / ``fail`` / ``note`` / ``progress`` decide which stream a line goes to (results on stdout,
problems on stderr), so a stray ``print`` is a line that may land in a script's result. The check
reads the syntax tree, so the word ``print`` in a comment, a docstring or a string is fine, and a
method such as rich's ``console.print`` is not the builtin.
"""

from __future__ import annotations

import ast
from pathlib import Path

import spoticlone.cli

CLI_DIR = Path(spoticlone.cli.__file__).parent
OUTPUT_MODULE = "output.py"


def builtin_print_calls(source: str) -> list[int]:
    """Line numbers of calls to the builtin ``print`` (also as ``builtins.print``)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "print":
            lines.append(node.lineno)
        elif (isinstance(func, ast.Attribute) and func.attr == "print"
              and isinstance(func.value, ast.Name) and func.value.id == "builtins"):
            lines.append(node.lineno)
    return lines


def test_the_detector_sees_a_print_but_not_a_mention():
    assert builtin_print_calls("def f():\n    print('x')\n") == [2]
    assert builtin_print_calls("import builtins\nbuiltins.print('x')\n") == [2]
    assert builtin_print_calls("# print('x')\ns = \"print('x')\"\nconsole.print('x')\n") == []


def test_no_cli_module_but_output_calls_print():
    modules = sorted(CLI_DIR.rglob("*.py"))
    assert any(path.name == OUTPUT_MODULE for path in modules)
    offenders = [
        f"{path.relative_to(CLI_DIR.parent.parent)}:{line}"
        for path in modules if path.name != OUTPUT_MODULE
        for line in builtin_print_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "print() outside cli/output.py (use say/fail/note/progress): " + ", ".join(offenders)
