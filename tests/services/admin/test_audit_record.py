"""The audit log's writer: what it keeps, what it hides, and that it lives in the caller's transaction."""

from __future__ import annotations

import json

from sqlmodel import select

from spoticlone.models import AuditEntry, Role
from spoticlone.services.admin import audit
from tests.factories import make_user


def test_an_entry_names_the_admin_the_target_and_both_sides(session):
    admin = make_user(session, username="boss", role=Role.ADMIN)
    audit.record(session, actor=admin, action="user.role", target_type="user", target_id=42,
                 before={"role": Role.LISTENER}, after={"role": Role.ARTIST}, summary="made an artist")
    session.commit()

    entry = session.exec(select(AuditEntry)).one()
    assert (entry.actor_id, entry.actor_name, entry.action, entry.target_type, entry.target_id) == (
        admin.id, "boss", "user.role", "user", "42")
    assert json.loads(entry.before_json) == {"role": "listener"}
    assert json.loads(entry.after_json) == {"role": "artist"}
    assert entry.summary == "made an artist"


def test_secret_looking_fields_are_hidden_and_long_text_is_cut(session):
    audit.record(session, actor=None, action="user.edit", target_type="user", target_id=1,
                 before={"password_hash": "argon2$abc", "totp_secret": "", "bio": "x" * 2000},
                 after={"password_hash": "argon2$def", "api_key": None})
    session.commit()

    entry = session.exec(select(AuditEntry)).one()
    before, after = json.loads(entry.before_json), json.loads(entry.after_json)
    assert before["password_hash"] == "(hidden)" and after["password_hash"] == "(hidden)"
    assert before["totp_secret"] == "" and after["api_key"] is None  # nothing to hide
    assert len(before["bio"]) == audit.MAX_VALUE_CHARS + 1 and before["bio"].endswith("…")
    assert entry.actor_name == "system" and entry.actor_id is None


def test_a_rolled_back_change_leaves_no_entry(session):
    admin = make_user(session, role=Role.ADMIN)
    session.commit()
    audit.record(session, actor=admin, action="setting.archive", target_type="setting", target_id="archive")
    session.rollback()
    assert session.exec(select(AuditEntry)).all() == []


def test_changed_fields_keeps_only_what_differs():
    before, after = audit.changed_fields({"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 5, "c": 3})
    assert (before, after) == ({"b": 2}, {"b": 5})
