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


def test_no_module_of_the_package_calls_print():
    """The command line writes through ``cli/output.py``'s streams; library code logs."""
    package = CLI_DIR.parent
    modules = sorted(package.rglob("*.py"))
    assert (CLI_DIR / OUTPUT_MODULE) in modules
    offenders = [
        f"{path.relative_to(package.parent)}:{line}"
        for path in modules
        for line in builtin_print_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "print() in the package (use cli.output's say/fail/note/progress, or logging): " + \
        ", ".join(offenders)
