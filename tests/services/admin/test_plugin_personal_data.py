"""Plugins' share of "Export my data" and of account erasure, with fake plugins.

A failing export is noted in the plugin's file and the rest of the export goes on; a failing
erasure stops that account's erasure (it stays pending, nothing is half-deleted), shows on
the plugin's card, lets the other accounts be erased, and fails the job so it runs again.
"""

from __future__ import annotations

import json
import sys
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from spoticlone.integrations.media_store import LocalMediaStore
from spoticlone.models import AccountDeletion, PluginState, User
from spoticlone.plugins import personal_data
from spoticlone.services.accounts.data_export_archive import write_archive
from spoticlone.services.accounts.deletion_erase import erase_due
from tests import factories
from tests.plugin_helpers import fake_plugins, forget_plugins

KEEPER = '''
from spoticlone.plugins import PersonalData, Plugin

ERASED = []
FAIL = {"export": False, "erase": False, "erase_only": None}


def export_user(session, user_id):
    if FAIL["export"]:
        raise RuntimeError("the notes table is missing")
    return {"notes": [f"note of {user_id}"], "token": "a token is stored; not exported"}


def erase_user(session, user_id):
    if FAIL["erase"] or FAIL["erase_only"] == user_id:
        raise RuntimeError("the notes table is locked")
    ERASED.append(user_id)


plugin = Plugin(name="keeper", version="1.0.0", requires_core=">=0.1", capabilities=frozenset({"personal_data"}),
                personal_data=PersonalData("Notes you wrote.", export_user, erase_user))
'''
NEVER_ON = KEEPER.replace('name="keeper"', 'name="never_on"')


@pytest.fixture
def keeper(monkeypatch, tmp_path, session):
    catalog = fake_plugins(monkeypatch, tmp_path, {"keeper_plugin": KEEPER, "never_on_plugin": NEVER_ON},
                           {"keeper": "keeper_plugin:plugin", "never_on": "never_on_plugin:plugin"})
    assert catalog["keeper"].usable, catalog["keeper"].problems
    session.add(PluginState(name="keeper", enabled=False))  # on once, off since: its tables still hold data
    session.commit()
    yield sys.modules["keeper_plugin"]
    forget_plugins()


def _export(session, user, tmp_path) -> zipfile.ZipFile:
    path = tmp_path / f"export-{user.id}.zip"
    write_archive(session, user=user, destination=path, store=LocalMediaStore(tmp_path / "media"),
                  origin="http://127.0.0.1")
    return zipfile.ZipFile(path)


def test_the_export_has_a_file_per_plugin_that_ever_held_data(session, keeper, tmp_path):
    user = factories.make_user(session)
    with _export(session, user, tmp_path) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("plugins/keeper.json"))
        readme = archive.read("README.txt").decode()
    assert data == {"notes": [f"note of {user.id}"], "token": "a token is stored; not exported"}
    assert "plugins/never_on.json" not in names  # never enabled: no tables, nothing to say
    assert "Kept by the keeper plugin: Notes you wrote." in readme


def test_a_failing_plugin_export_is_noted_and_the_rest_of_the_export_goes_on(session, keeper, tmp_path):
    keeper.FAIL["export"] = True
    user = factories.make_user(session)
    with _export(session, user, tmp_path) as archive:
        data = json.loads(archive.read("plugins/keeper.json"))
        profile = json.loads(archive.read("profile.json"))
    assert "could not export" in data["error"] and "the notes table is missing" in data["error"]
    assert profile["username"] == user.username


def _due(session, user) -> int:
    row = AccountDeletion(user_id=user.id, due_at=datetime.now(UTC) - timedelta(minutes=1))
    session.add(row)
    session.commit()
    return row.id


def test_erasure_runs_every_plugin_that_ever_held_data(session, keeper):
    user = factories.make_user(session)
    _due(session, user)
    assert erase_due(session) == 1
    assert keeper.ERASED == [user.id]
    assert sys.modules["never_on_plugin"].ERASED == []


def test_a_failing_plugin_erasure_keeps_the_account_pending_and_says_so(session, keeper):
    keeper.FAIL["erase"] = True
    user = factories.make_user(session)
    deletion_id = _due(session, user)
    with pytest.raises(personal_data.PluginErasureFailed) as raised:
        erase_due(session)
    assert "keeper" in str(raised.value) and "Nothing was deleted" in str(raised.value)
    session.expire_all()
    assert session.get(User, user.id) is not None  # nothing half-deleted
    assert session.get(AccountDeletion, deletion_id).status == "pending"  # the next run tries again
    assert "the notes table is locked" in session.get(PluginState, "keeper").last_error

    keeper.FAIL["erase"] = False  # fixed: the next run of the job erases it
    assert erase_due(session) == 1
    session.expire_all()
    assert session.get(User, user.id) is None and keeper.ERASED == [user.id]


def test_one_failing_account_does_not_hold_up_the_others(session, keeper):
    stuck, free = factories.make_user(session), factories.make_user(session)
    _due(session, stuck)
    _due(session, free)
    keeper.FAIL["erase_only"] = stuck.id
    with pytest.raises(personal_data.PluginErasureFailed):
        erase_due(session)
    session.expire_all()
    assert session.get(User, stuck.id) is not None and session.get(User, free.id) is None
