"""Build a page component the way the app build does, and return its compiled text.

A page function runs once at build time; if it uses a var that does not exist or a
component wrongly, building it raises here, in a plain test, instead of during
``reflex run``. The text is what the frontend compiler is given, so a test can also
check that a heading or a test id is there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def render_page(component: Callable[[], Any]) -> str:
    """``component()`` built and rendered to the text Reflex compiles into the page."""
    built = component()
    return str(built.render())
