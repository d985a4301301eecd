"""AdminDataState and AdminAuditState: admins browse, edit and read the log; others get nothing."""

from __future__ import annotations

from sqlmodel import select

from spoticlone import routes
from spoticlone.models import AuditEntry, Role, User
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.admin.audit import AdminAuditState
from spoticlone.state.admin.data_browser import AdminDataState
from spoticlone.testing.driver import call, redirect_target, run
from tests.factories import make_user
from tests.state.conftest import make_state


def _data(session, user=None, **params):
    token = create_session(session, user_id=user.id) if user else None
    path = routes.admin_data_url(**params) if params else routes.ADMIN_DATA
    query = {("id" if k == "row" else k): str(v) for k, v in params.items()}
    return make_state(AdminDataState, routes.ADMIN_DATA, path, query, session_token=token)


def _audit(session, user=None, **params):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(AdminAuditState, routes.ADMIN_AUDIT, routes.admin_audit_url(**params),
                      {k: str(v) for k, v in params.items()}, session_token=token)


def test_listeners_and_strangers_get_no_data(session):
    target = make_user(session, username="victim")
    for actor in (make_user(session), None):
        state = _data(session, actor, table="user", row=target.id)
        run(AdminDataState.load, state)
        assert not state.allowed and state.tables == [] and state.fields == [] and state.rows == []
        run(AdminDataState.save_field, state, {"column": "role", "value": "admin"})
        assert state.fields == []
        log = _audit(session, actor)
        run(AdminAuditState.load, log)
        assert not log.allowed and log.entries == []
    session.expire_all()
    assert session.get(User, target.id).role == Role.LISTENER
    assert session.exec(select(AuditEntry)).all() == []


def test_admin_sees_tables_with_counts_and_a_table_page(session):
    admin = make_user(session, username="boss", role=Role.ADMIN)
    for n in range(3):
        make_user(session, username=f"fan{n}", role=Role.ARTIST if n else Role.LISTENER)
    state = _data(session, admin, table="user", q="fan", f_role="artist", sort="username", order="asc")
    run(AdminDataState.load, state)
    assert state.allowed
    users = next(t for t in state.tables if t.name == "user")
    assert users.rows == 4 and users.label == "4" and users.current and users.domain == "Accounts"
    assert [r.cells[2] for r in state.rows] == ["fan1", "fan2"]
    assert (state.total_label, state.pages_label) == ("2", "1")
    assert all("hidden" not in cell for r in state.rows for cell in r.cells)
    assert "password_hash" not in [h.name for h in state.headers]
    assert {f.name: f.value for f in state.filters}["role"] == "artist"
    assert state.rows[0].href == routes.admin_data_url("user", state.rows[0].key)
    target = redirect_target(call(AdminDataState.search, state, {"q": "fan2"})) or ""
    assert target.startswith("/admin/data?table=user&q=fan2") and "f_role=artist" in target


def test_a_huge_table_says_it_was_counted_only_so_far(session, monkeypatch):
    from spoticlone.services.admin import data_browser_counts, data_browser_rows

    admin = make_user(session, username="boss", role=Role.ADMIN)
    session.add_all([User(email=f"fan{n}@example.test", username=f"fan{n}", password_hash="-") for n in range(29)])
    session.commit()
    monkeypatch.setattr(data_browser_counts, "EXACT_UP_TO", 3)
    monkeypatch.setattr(data_browser_rows, "LIST_COUNT_AHEAD", 2)  # a page of 25 and 2 more: 27 counted of 30
    state = _data(session, admin, table="user", sort="username", order="asc")
    run(AdminDataState.load, state)
    assert next(t for t in state.tables if t.name == "user").label == "about 30"
    assert (state.total_label, state.pages_label, state.page) == ("27+", "2+", 1)
    assert state.next_href


def test_admin_edits_a_field_and_reads_it_in_the_audit_log(session):
    admin = make_user(session, username="boss", role=Role.ADMIN)
    target = make_user(session, username="sam")
    state = _data(session, admin, table="user", row=target.id)
    run(AdminDataState.load, state)
    fields = {f.name: f for f in state.fields}
    assert fields["role"].editable and fields["role"].choices == ["listener", "artist", "admin"]
    assert fields["password_hash"].secret and not fields["email"].editable
    run(AdminDataState.save_field, state, {"column": "role", "value": "artist"})
    assert state.error == "" and "role is now artist" in state.notice
    assert {f.name: f.value for f in state.fields}["role"] == "artist"

    log = _audit(session, admin, action="user")
    run(AdminAuditState.load, log)
    (entry,) = log.entries
    assert entry.action == "user.role" and entry.actor == "boss"
    assert [(c.field, c.before, c.after) for c in entry.changes] == [("role", "listener", "artist")]
    assert entry.target_href == routes.admin_data_url("user", target.id)


def test_refusals_are_shown_and_change_nothing(session):
    admin = make_user(session, username="boss", role=Role.ADMIN)
    state = _data(session, admin, table="user", row=admin.id)
    run(AdminDataState.load, state)
    run(AdminDataState.save_field, state, {"column": "role", "value": "listener"})
    assert "last administrator" in state.error and state.notice == ""
    played = _data(session, admin, table="playevent")
    run(AdminDataState.load, played)
    assert "history" in played.read_only_reason
    bad = _data(session, admin, table="nope")
    run(AdminDataState.load, bad)
    assert bad.allowed and bad.error and bad.rows == []
    assert session.exec(select(AuditEntry)).all() == []


def test_audit_filters_go_into_the_url(session):
    admin = make_user(session, username="boss", role=Role.ADMIN)
    log = _audit(session, admin, since="not-a-date")
    run(AdminAuditState.load, log)
    assert log.allowed and log.since == ""
    target = redirect_target(call(AdminAuditState.apply_filters, log, {"action": "all", "admin": "boss",
                                                                     "since": "2026-03-01"}))
    assert target == "/admin/audit?admin=boss&since=2026-03-01"


def test_the_pages_build():
    from spoticlone.pages.admin_audit import admin_audit_page
    from spoticlone.pages.admin_data import admin_data_page
    from spoticlone.testing.render import render_page

    assert "data-rows" in render_page(admin_data_page) and "save-" in render_page(admin_data_page)
    assert "audit-list" in render_page(admin_audit_page)


def test_a_prefix_filter_stays_in_the_action_picker(session):
    admin = make_user(session, username="boss", role=Role.ADMIN)
    target = make_user(session)
    state = _data(session, admin, table="user", row=target.id)
    run(AdminDataState.load, state)
    run(AdminDataState.save_field, state, {"column": "role", "value": "artist"})
    log = _audit(session, admin, action="user")
    run(AdminAuditState.load, log)
    assert log.actions == ["user", "user.role"] and len(log.entries) == 1
