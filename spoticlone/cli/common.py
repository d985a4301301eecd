"""What several commands share: the schema check, one transaction per command, a progress line."""

from __future__ import annotations

from spoticlone.cli.output import fail, progress


def require_schema(engine) -> bool:
    from sqlalchemy import inspect

    if inspect(engine).has_table("track"):
        return True
    fail("The database has no tables yet. Apply the migrations first (make migrate).")
    return False


def run_in_session(action) -> int:
    """Run ``action(session)`` in one transaction; a domain error becomes a message and exit 1."""
    from spoticlone.db import get_engine, session_scope
    from spoticlone.services.core.errors import DomainError

    engine = get_engine()
    if not require_schema(engine):
        return 2
    try:
        with session_scope(engine) as session:
            action(session)
    except DomainError as exc:
        fail(f"Error: {exc.message}")
        return 1
    return 0


def progress_counter(label: str):
    """A one-line counter on stderr for long copies (``done of total``)."""
    def show(stage: str, done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            progress(f"{label}: {stage} {done} of {total} files", last=done == total)
    return show
