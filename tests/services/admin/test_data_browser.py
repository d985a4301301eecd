"""The admin data browser: admins only, every table has a domain, live counts, bounded lists,
secrets never shown, edits through the owning service with exactly one audit entry."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import select

from spoticlone.models import (
    AuditEntry,
    CodePurpose,
    RecoveryCode,
    Role,
    TicketKind,
    User,
)
from spoticlone.services.admin import (
    data_browser,
    data_browser_counts,
    data_browser_edits,
    data_browser_rows,
    data_browser_tables,
)
from spoticlone.services.auth import app_passwords, codes, tickets
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from tests.factories import make_account, make_artist, make_genre, make_track, make_user


@pytest.fixture
def admin(session):
    return make_user(session, username="boss", email="boss@example.test", role=Role.ADMIN)


def _entries(session) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)).all())


def test_every_table_has_a_known_domain():
    known = set(data_browser_tables.DOMAIN_ORDER) | {"core"}
    missing = {name: data_browser.table_domain(t) for name, t in data_browser.all_tables().items()
               if data_browser.table_domain(t) not in known}
    assert missing == {}


#: The domains of docs/architecture.md (as ``tests/test_architecture.py`` lists them).
DOMAINS = {"core", "auth", "accounts", "catalog", "search", "media", "library", "listening", "admin", "studio",
           "discovery", "lifecycle", "subsonic", "insight", "notifications", "support", "moderation"}


def test_every_domain_named_is_a_domain_of_the_architecture():
    assert set(data_browser_tables.TABLE_DOMAINS.values()) <= DOMAINS
    assert set(data_browser_tables.DOMAIN_ORDER) - {"plugins"} <= DOMAINS


@pytest.mark.parametrize("role", [Role.LISTENER, Role.ARTIST, None])
def test_non_admins_are_refused_everything(session, role):
    actor = make_user(session, role=role) if role else None
    target = make_user(session)
    calls = [
        lambda: data_browser.list_tables(session, actor=actor),
        lambda: data_browser.list_rows(session, actor=actor, table="user"),
        lambda: data_browser.get_row(session, actor=actor, table="user", key=target.id),
        lambda: data_browser.update_field(session, actor=actor, table="user", key=target.id,
                                          column="role", value="admin"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert session.get(User, target.id).role == Role.LISTENER
    assert _entries(session) == []


def _count(groups, table: str) -> int:
    return next(t.rows for g in groups for t in g.tables if t.name == table)


def test_counts_are_live_and_grouped_by_domain(session, admin):
    groups = data_browser.list_tables(session, actor=admin)
    assert [g.domain for g in groups][:2] == ["accounts", "auth"]
    assert _count(groups, "user") == 1 and _count(groups, "genre") == 0
    make_user(session)
    make_genre(session)
    groups = data_browser.list_tables(session, actor=admin)
    assert _count(groups, "user") == 2 and _count(groups, "genre") == 1
    by_name = {t.name: t for g in groups for t in g.tables}
    assert by_name["user"].editable and by_name["user"].domain == "accounts"
    assert not by_name["playevent"].editable


@pytest.fixture
def statements(engine):
    """Every SQL statement the engine runs while the test does."""
    from sqlalchemy import event

    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()).lower())

    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


def _full_counts(seen: list[str]) -> list[str]:
    return [s for s in seen if "count(" in s and "limit" not in s]


def test_large_tables_are_estimated_not_counted(session, admin, monkeypatch, statements):
    for n in range(6):
        make_user(session, username=f"many{n}", email=f"many{n}@example.test")
    monkeypatch.setattr(data_browser_counts, "EXACT_UP_TO", 4)
    statements.clear()
    groups = data_browser.list_tables(session, actor=admin)

    assert _full_counts(statements) == []
    info = {t.name: t for g in groups for t in g.tables}
    assert (info["user"].rows, info["user"].exact, info["user"].label) == (7, False, "about 7")
    assert (info["genre"].rows, info["genre"].exact, info["genre"].label) == (0, True, "0")
    assert data_browser.count_rows(session, actor=admin, table="user") == 7
    with pytest.raises(PermissionDenied):
        data_browser.count_rows(session, actor=make_account(session), table="user")


def test_paging_a_large_table_counts_only_a_little_past_the_page(session, admin, monkeypatch, statements):
    for n in range(12):
        make_user(session, username=f"page{n:02}", email=f"page{n}@example.test")
    monkeypatch.setattr(data_browser_rows, "LIST_COUNT_AHEAD", 3)
    statements.clear()
    first = data_browser.list_rows(session, actor=admin, table="user", query="page", sort="username",
                                   descending=False, page=1, page_size=2)
    assert _full_counts(statements) == []
    assert (first.total, first.total_exact, first.pages) == (5, False, 4)  # "5+ rows", a next page
    assert [r["username"] for r in first.rows] == ["page00", "page01"]
    deep = data_browser.list_rows(session, actor=admin, table="user", query="page", sort="username",
                                  descending=False, page=4, page_size=2)
    assert deep.page == 4 and [r["username"] for r in deep.rows] == ["page06", "page07"]
    last = data_browser.list_rows(session, actor=admin, table="user", query="page", sort="username",
                                  descending=False, page=99, page_size=5)
    assert (last.total, last.total_exact, last.pages, last.page) == (12, True, 3, 3)  # exact near the end


def test_search_filter_sort_and_paging(session, admin):
    for n in range(7):
        make_user(session, username=f"zed{n}", email=f"zed{n}@example.test",
                  role=Role.ARTIST if n % 2 else Role.LISTENER)
    page = data_browser.list_rows(session, actor=admin, table="user", query="ZED", page_size=3)
    assert page.total == 7 and page.pages == 3 and len(page.rows) == 3
    last = data_browser.list_rows(session, actor=admin, table="user", query="zed", page_size=3, page=99)
    assert last.page == 3 and len(last.rows) == 1
    artists = data_browser.list_rows(session, actor=admin, table="user", filters={"role": "artist"})
    assert artists.total == 3 and {r["role"] for r in artists.rows} == {"artist"}
    sorted_asc = data_browser.list_rows(session, actor=admin, table="user", query="zed", sort="username",
                                        descending=False)
    assert [r["username"] for r in sorted_asc.rows] == [f"zed{n}" for n in range(7)]
    by_id = data_browser.list_rows(session, actor=admin, table="user", query=str(admin.id))
    assert admin.id in [r["id"] for r in by_id.rows]
    wildcard = data_browser.list_rows(session, actor=admin, table="user", query="%")
    assert wildcard.total == 0


def test_bad_list_input_is_refused_clearly(session, admin):
    with pytest.raises(NotFound):
        data_browser.list_rows(session, actor=admin, table="nope")
    with pytest.raises(Invalid):
        data_browser.list_rows(session, actor=admin, table="user", page_size=101)
    with pytest.raises(Invalid):
        data_browser.list_rows(session, actor=admin, table="user", page_size=0)
    with pytest.raises(Invalid):
        data_browser.list_rows(session, actor=admin, table="user", sort="no_such_column")
    with pytest.raises(Invalid):
        data_browser.list_rows(session, actor=admin, table="user", sort="password_hash")
    with pytest.raises(Invalid, match="filtered by"):
        data_browser.list_rows(session, actor=admin, table="user", filters={"role": "emperor"})
    with pytest.raises(Invalid):
        data_browser.list_rows(session, actor=admin, table="user", filters={"totp_secret": "x"})
    for key in ("abc", "", "99999999999999999999999", "1,2", -1, 2**70):
        with pytest.raises(NotFound):
            data_browser.get_row(session, actor=admin, table="user", key=key)


def test_composite_keys_open_one_row(session, admin):
    track = make_track(session)
    artist = make_artist(session)
    from spoticlone.models import TrackFeaturedArtist

    session.add(TrackFeaturedArtist(track_id=track.id, artist_id=artist.id))
    session.commit()
    page = data_browser.list_rows(session, actor=admin, table="trackfeaturedartist")
    key = page.rows[0]["_key"]
    assert key == f"{track.id},{artist.id}"
    detail = data_browser.get_row(session, actor=admin, table="trackfeaturedartist", key=key)
    assert {f.name: f.value for f in detail.fields} == {"track_id": track.id, "artist_id": artist.id}
    assert {f.name: f.link_table for f in detail.fields} == {"track_id": "track", "artist_id": "artistprofile"}


def test_an_edit_goes_through_the_role_rule_and_is_audited_once(session, admin):
    target = make_user(session)
    detail = data_browser.update_field(session, actor=admin, table="user", key=str(target.id),
                                       column="role", value="artist")
    assert {f.name: f.value for f in detail.fields}["role"] == "artist"
    (entry,) = _entries(session)
    assert entry.action == "user.role" and entry.actor_id == admin.id and entry.target_id == str(target.id)
    assert json.loads(entry.before_json) == {"role": "listener"}
    assert json.loads(entry.after_json) == {"role": "artist"}


def test_the_last_admin_cannot_be_demoted_from_the_browser(session, admin):
    with pytest.raises(Conflict, match="last administrator"):
        data_browser.update_field(session, actor=admin, table="user", key=admin.id, column="role",
                                  value="listener")
    session.expire_all()
    assert session.get(User, admin.id).role == Role.ADMIN
    assert _entries(session) == []


def test_suspending_yourself_is_refused(session, admin):
    with pytest.raises(PermissionDenied):
        data_browser.update_field(session, actor=admin, table="user", key=admin.id, column="suspended", value=True)
    assert _entries(session) == []


def test_a_profile_edit_uses_the_profile_rules_and_logs_what_was_stored(session, admin):
    target = make_account(session, first_name="Ann")
    data_browser.update_field(session, actor=admin, table="user", key=target.id, column="first_name",
                              value="  Anna   Maria ")
    session.expire_all()
    assert session.get(User, target.id).first_name == "Anna Maria"
    (entry,) = _entries(session)
    assert entry.action == "data.user.first_name"
    assert json.loads(entry.before_json) == {"first_name": "Ann"}
    assert json.loads(entry.after_json) == {"first_name": "Anna Maria"}
    with pytest.raises(Invalid):
        data_browser.update_field(session, actor=admin, table="user", key=target.id, column="first_name",
                                  value="x" * 500)
    with pytest.raises(Conflict):
        data_browser.update_field(session, actor=admin, table="user", key=target.id, column="username",
                                  value=admin.username)
    session.expire_all()
    assert session.get(User, target.id).first_name == "Anna Maria"
    assert len(_entries(session)) == 1


def test_names_are_changed_by_the_admin_not_as_the_person(session, admin, monkeypatch):
    from spoticlone.services.accounts import profiles

    def refuse(*args, **kwargs):
        raise AssertionError("the browser must not act as the person")

    monkeypatch.setattr(profiles, "update_profile", refuse)
    target = make_account(session, username="olduser")
    target.suspended = True  # a suspended person's name can still be corrected
    session.add(target)
    session.commit()
    data_browser.update_field(session, actor=admin, table="user", key=target.id, column="username",
                              value="  NewUser ")
    data_browser.update_field(session, actor=admin, table="user", key=target.id, column="username",
                              value="newuser")  # the same once normalised: nothing to log
    session.expire_all()
    assert session.get(User, target.id).username == "newuser"
    (entry,) = _entries(session)
    assert (entry.actor_id, entry.action, entry.target_id) == (admin.id, "data.user.username", str(target.id))
    assert json.loads(entry.after_json) == {"username": "newuser"}
    with pytest.raises(PermissionDenied):
        data_browser_edits.set_user_name(session, actor=target, user_id=target.id, field="username", value="mine")
    with pytest.raises(Invalid):
        data_browser_edits.set_user_name(session, actor=admin, user_id=target.id, field="email", value="a@b.c")
    with pytest.raises(Invalid):
        data_browser_edits.set_user_name(session, actor=admin, user_id=target.id, field="username", value="a b")
    with pytest.raises(NotFound):
        data_browser_edits.set_user_name(session, actor=admin, user_id=10**9, field="last_name", value="X")
    session.expire_all()
    assert session.get(User, target.id).username == "newuser" and len(_entries(session)) == 1


def test_verified_badge_and_genre_description(session, admin):
    artist = make_artist(session)
    genre = make_genre(session)
    data_browser.update_field(session, actor=admin, table="artistprofile", key=artist.id, column="verified",
                              value="true")
    data_browser.update_field(session, actor=admin, table="genre", key=genre.id, column="description",
                              value="Loud guitars.")
    actions = [e.action for e in _entries(session)]
    assert actions == ["artist.verified", "data.genre.description"]


def test_read_only_tables_and_fields_refuse_with_the_reason(session, admin):
    track = make_track(session)
    with pytest.raises(Invalid, match="artist"):
        data_browser.update_field(session, actor=admin, table="track", key=track.id, column="title", value="X")
    with pytest.raises(Invalid, match="audit log"):
        data_browser.update_field(session, actor=admin, table="auditentry", key=1, column="summary", value="X")
    with pytest.raises(Invalid, match="cannot be edited"):
        data_browser.update_field(session, actor=admin, table="user", key=admin.id, column="password_hash",
                                  value="x")
    page = data_browser.list_rows(session, actor=admin, table="playevent")
    assert "history" in page.read_only_reason
    assert _entries(session) == []


def test_every_read_only_reason_names_an_existing_table():
    tables = set(data_browser.all_tables())
    assert set(data_browser_tables.READ_ONLY_REASONS) <= tables
    assert {t for t, _ in data_browser_edits.EDITORS} <= tables
    for (table, column) in data_browser_edits.EDITORS:
        assert column in data_browser.all_tables()[table].columns
        assert not data_browser_tables.is_secret(data_browser.all_tables()[table].columns[column])


def _make_secrets(session) -> User:
    """Rows in every table that holds a credential, made the way the app makes them."""
    from datetime import timedelta

    from spoticlone.models import DataExport, RetiredRefreshToken, utcnow

    person = make_account(session, totp_secret="JBSWY3DPEHPK3PXPSECRETSECRET", totp_enabled=True)
    create_session(session, user_id=person.id, user_agent="Firefox")
    app_passwords.create_app_password(session, actor=person, name="Phone")
    codes.issue_code(session, user=person, purpose=CodePurpose.VERIFY_EMAIL)
    tickets.issue_ticket(session, kind=TicketKind.MFA, user_id=person.id, payload={"secret": "p4yl0ad-s3cret"})
    session.add(RecoveryCode(user_id=person.id, code_hash="recovery-hash-" + "a" * 40))
    session.add(RetiredRefreshToken(session_id=1, token_hash="retired-hash-" + "b" * 40))
    session.add(DataExport(user_id=person.id, status="ready", token_hash="export-hash-" + "c" * 40,
                           expires_at=utcnow() + timedelta(days=1)))
    session.commit()
    return person


def test_secrets_never_appear_in_any_row_of_any_table(session, admin):
    _make_secrets(session)
    make_track(session)
    stored: set[str] = set()
    for table in data_browser.all_tables().values():
        secret_columns = [c for c in table.columns if data_browser_tables.is_secret(c)]
        for column in secret_columns:
            for value in session.execute(sa_select(column)).scalars():
                if isinstance(value, str) and len(value) >= 6:
                    stored.add(value)
    # The fixture really made secrets: hashes, the TOTP key, encrypted app keys, codes, tickets.
    assert len(stored) >= 8
    seen = []
    for table in data_browser.all_tables():
        page = data_browser.list_rows(session, actor=admin, table=table, page_size=100)
        seen.append(json.dumps(page.model_dump(mode="json")))
        for row in page.rows:
            detail = data_browser.get_row(session, actor=admin, table=table, key=str(row["_key"]))
            seen.append(json.dumps(detail.model_dump(mode="json")))
    dump = "\n".join(seen)
    leaked = sorted(value for value in stored if value in dump)
    assert leaked == []
    assert "(hidden)" in dump and "correct horse battery" not in dump


@pytest.mark.parametrize("name", ["password_hash", "totp_secret", "token_hash", "code_hash", "key_encrypted",
                                  "lookup_hash", "totp_pending_secret"])
def test_the_deny_list_covers_the_known_secrets(name):
    assert data_browser_tables.is_secret(name)


def test_secret_columns_cannot_be_searched(session, admin):
    person = _make_secrets(session)
    fragment = session.get(User, person.id).password_hash[10:20]
    assert data_browser.list_rows(session, actor=admin, table="user", query=fragment).total == 0


def test_postgres_estimates_a_large_table_from_its_statistics(pg_session, monkeypatch):
    from sqlalchemy import text

    admin = make_user(pg_session, username="pgboss", email="pgboss@example.test", role=Role.ADMIN)
    pg_session.add_all([User(email=f"pg{n}@example.test", username=f"pg{n}", password_hash="-") for n in range(40)])
    pg_session.commit()
    pg_session.execute(text('ANALYZE "user"'))
    monkeypatch.setattr(data_browser_counts, "EXACT_UP_TO", 3)
    groups = data_browser.list_tables(pg_session, actor=admin)
    info = {t.name: t for g in groups for t in g.tables}
    assert not info["user"].exact and info["user"].rows >= 41 and info["user"].label.startswith("about ")
    assert data_browser.count_rows(pg_session, actor=admin, table="user") >= 41
