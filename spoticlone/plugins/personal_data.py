"""Plugins' share of a person's data: a file in "Export my data", and the account's erasure.

The core's export (``services/accounts/data_export_archive.py``) and erasure
(``services/accounts/deletion_erase.py``) call this module; a plugin declares its part with
``spoticlone.plugins.PersonalData``. Both run for every installed plugin that was ever
enabled (it has a ``PluginState`` row): a plugin switched off since still has its tables.

A failing export never breaks the person's export: the plugin's file says it failed and why.
A failing erasure is different: reporting "erased" while a plugin still holds the person's
data would be a lie, so ``erase_user`` raises ``PluginErasureFailed``, the account's whole
erasure is rolled back (the account stays pending, nothing is half-deleted), the failure is
logged and shown on the plugin's card on ``/admin/plugins``, and the next run of the hourly
deletion job tries again.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlmodel import Session, select

from spoticlone.models import PluginState
from spoticlone.plugins import installed
from spoticlone.services.core.errors import Conflict

log = logging.getLogger(__name__)

EXPORT_FOLDER = "plugins"


class PluginErasureFailed(Conflict):
    """A plugin could not erase its data about an account: the erasure must not go on."""

    def __init__(self, failures: dict[str, str]) -> None:
        self.failures = dict(failures)
        names = ", ".join(sorted(failures))
        super().__init__(f"The account was not erased: the plugin {names} could not remove its data about it "
                         f"({'; '.join(failures.values())}). Nothing was deleted; the hourly deletion job "
                         "tries again, and the plugin's card on /admin/plugins shows the error.")


def _holders(session: Session) -> list[installed.Installed]:
    """Usable plugins with a ``personal_data`` part that were enabled at some point."""
    switched = set(session.exec(select(PluginState.name)).all())
    return [item for item in installed.catalog().values()
            if item.usable and item.plugin is not None and item.plugin.personal_data is not None
            and (item.builtin or item.name in switched)]


def export_path(name: str) -> str:
    return f"{EXPORT_FOLDER}/{name}.json"


def export_sections(session: Session) -> tuple[Any, ...]:
    """One export ``Section`` per plugin holding personal data (the archive writes them as files)."""
    from spoticlone.services.accounts.data_export_sections import Section

    sections = []
    for item in _holders(session):
        assert item.plugin is not None and item.plugin.personal_data is not None
        about = f"Kept by the {item.name} plugin: {item.plugin.personal_data.about}"
        sections.append(Section(export_path(item.name), about, frozenset(), _export_rows(item), single=True))
    return tuple(sections)


def _export_rows(item: installed.Installed):
    def rows(session: Session, user: Any):
        yield export_one(session, item, user.id)
    return rows


def export_one(session: Session, item: installed.Installed, user_id: int) -> dict[str, Any]:
    """The plugin's data about ``user_id``, or a note saying why it could not be read."""
    assert item.plugin is not None and item.plugin.personal_data is not None
    try:
        with session.begin_nested():
            data = item.plugin.personal_data.export_user(session, user_id)
            if not isinstance(data, dict):
                raise TypeError(f"export_user returned a {type(data).__name__}, not a dict")
            return json.loads(json.dumps(data, default=str))
    except Exception as exc:  # one plugin never breaks a person's export
        log.exception("plugin %s: exporting the data of account %s failed", item.name, user_id)
        return {"error": f"The {item.name} plugin could not export its data ({type(exc).__name__}: {exc}). "
                         "Ask the administrators: they see this error on their plugins page."}


def erase_user(session: Session, user_id: int) -> int:
    """Run every holder's ``erase_user`` in the caller's transaction; returns how many ran.

    Raises:
        PluginErasureFailed: at least one plugin raised; the caller must roll back.
    """
    failures: dict[str, str] = {}
    holders = _holders(session)
    for item in holders:
        assert item.plugin is not None and item.plugin.personal_data is not None
        try:
            with session.begin_nested():
                item.plugin.personal_data.erase_user(session, user_id)
        except Exception as exc:  # collected, then the whole erasure stops
            log.exception("plugin %s: erasing the data of account %s failed", item.name, user_id)
            failures[item.name] = f"{type(exc).__name__}: {exc}"[:500]
    if failures:
        raise PluginErasureFailed(failures)
    return len(holders)


def record_failures(session: Session, error: PluginErasureFailed) -> None:
    """Show each failed erasure on its plugin's card (after the caller rolled the erasure back)."""
    from spoticlone.services.admin import plugins as service

    for name, message in error.failures.items():
        service.record_error(session, name=name, error=f"erasing an account's data failed: {message}")
