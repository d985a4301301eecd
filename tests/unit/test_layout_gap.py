"""Space between items is asked for in a way Reflex 0.10 turns into a real CSS gap.

``rx.flex`` and the stacks take ``spacing="3"`` (a Radix step). Given ``gap="3"`` instead, Reflex
passes it on as the CSS ``gap: 3``, which has no unit, so browsers drop it and the items touch.
A CSS length where one is wanted goes in ``style={"gap": "6px"}``. The check reads the syntax
tree of every UI module, so the word in a comment or a string does not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import spoticlone

PACKAGE = Path(spoticlone.__file__).parent
RADIX_LAYOUTS = frozenset({"flex", "hstack", "vstack", "stack", "grid"})


def _layout_name(func: ast.expr) -> str | None:
    """``flex`` for ``rx.flex`` (also ``rx.radix.flex`` and the like), else None."""
    if isinstance(func, ast.Attribute) and func.attr in RADIX_LAYOUTS:
        root = func.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and root.id == "rx":
            return func.attr
    return None


def gap_mistakes(source: str) -> list[int]:
    """Lines where ``gap=`` is given to a Radix layout, or as a unitless number to anything."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg != "gap":
                continue
            value = keyword.value
            unitless = isinstance(value, ast.Constant) and str(value.value).strip().isdigit()
            if _layout_name(node.func) or unitless:
                lines.append(node.lineno)
    return lines


def test_the_detector_sees_each_mistake_and_nothing_else():
    assert gap_mistakes('rx.flex(a, gap="3")') == [1]
    assert gap_mistakes('rx.hstack(a, gap="12px")') == [1]
    assert gap_mistakes('rx.box(a, display="flex", gap="2")') == [1]
    assert gap_mistakes('rx.flex(a, spacing="3")\nrx.box(a, style={"gap": "6px"})\n# gap="3"\n') == []
    assert gap_mistakes('rx.box(a, display="flex", gap="6px")') == []


def test_no_ui_module_gives_a_gap_that_does_nothing():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in gap_mistakes(path.read_text(encoding="utf-8"))
    ]
    hint = 'spacing="N" on rx.flex and the stacks, style={"gap": ...} on anything else'
    assert offenders == [], f"{hint}: {', '.join(offenders)}"
