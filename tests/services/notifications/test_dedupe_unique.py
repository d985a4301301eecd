"""One bell item and one mail per listener and ``dedupe_key``, even when two jobs race.

``inbox.deliver_many`` checks for rows already written, but two copies of one fan-out job
can both check before either writes. The partial unique indexes make the second write a
no-op (never an error that fails the job); rows with no key (``""``) may still repeat.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy
from reflex import model as reflex_model
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from spoticlone.db import create_schema, make_engine
from spoticlone.models import Notification, NotificationEmail
from spoticlone.services.notifications import inbox, preferences
from tests import factories

BEFORE = "f1a0b0c0d0f1"
THIS = "f1a0b0c0d0f2"


def _deliver(session: Session, user) -> int:
    return inbox.deliver_many(session, [user], kind=preferences.RELEASE, title="Nova Drive released Night Run",
                              link="/album/1/night-run", action="Listen now", dedupe_key="release:album:1")


def _count(engine, table) -> int:
    with Session(engine) as s:
        return int(s.exec(select(func.count()).select_from(table)).one())


def _race(engine, monkeypatch) -> list[int]:
    """Two sessions deliver the same key at once: both check before either writes; what each wrote."""
    with Session(engine, expire_on_commit=False) as s:
        listener = factories.make_user(s, username="ann", email="ann@example.test", email_verified=True)
    checked = threading.Barrier(2, timeout=30)
    real_already = inbox._already
    checks: list[int] = []

    def already_then_wait(session, table, ids, key):
        found = real_already(session, table, ids, key)
        checks.append(len(found))
        if table is NotificationEmail:  # the last check: wait until the other job has checked too
            checked.wait()
        return found

    monkeypatch.setattr(inbox, "_already", already_then_wait)
    written: list[int] = []
    errors: list[BaseException] = []

    def job() -> None:
        try:
            with Session(engine, expire_on_commit=False) as s:
                written.append(_deliver(s, listener))
                s.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=job) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and checks == [0, 0, 0, 0]  # neither job saw the other's rows before writing
    return sorted(written)


def test_two_jobs_delivering_the_same_key_at_once_write_one_row_each_kind(engine, monkeypatch):
    assert _race(engine, monkeypatch) == [0, 2]  # one job wrote the bell item and the mail, the other nothing
    assert _count(engine, Notification) == 1 and _count(engine, NotificationEmail) == 1


@pytest.mark.postgres
def test_two_jobs_delivering_the_same_key_at_once_write_one_row_each_kind_on_postgres(pg_engine, monkeypatch):
    with pg_engine.begin() as conn:  # the module's schema is shared: start from no notifications
        conn.execute(text("DELETE FROM notification"))
        conn.execute(text("DELETE FROM notificationemail"))
    assert _race(pg_engine, monkeypatch) == [0, 2]
    assert _count(pg_engine, Notification) == 1 and _count(pg_engine, NotificationEmail) == 1


def _check_partial_unique_index(session: Session, username: str) -> None:
    user = factories.make_user(session, username=username, email_verified=True)
    for table, extra in ((Notification, {"title": "t"}),
                         (NotificationEmail, {"subject": "s", "text": "t", "html": "h"})):
        def row(key: str):
            return table(user_id=user.id, kind="release", dedupe_key=key, **extra)  # noqa: B023

        session.add_all([row(""), row("")])  # no key: repeats are fine
        session.commit()
        session.add_all([row("release:album:9"), row("release:album:9")])
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        assert session.exec(select(func.count()).select_from(table).where(table.user_id == user.id)).one() == 2


def test_the_index_is_unique_for_keyed_rows_only(session):
    _check_partial_unique_index(session, "keyed-sqlite")


def test_the_index_is_unique_for_keyed_rows_only_on_postgres(pg_session):
    _check_partial_unique_index(pg_session, "keyed-pg")


def test_the_migration_keeps_the_oldest_of_each_duplicate_on_sqlite(tmp_path):
    current = make_engine(f"sqlite:///{tmp_path / 'current.db'}")
    create_schema(current)
    with Session(current, expire_on_commit=False) as s:
        ann = factories.make_user(s, username="ann", email_verified=True)
        bob = factories.make_user(s, username="bob", email_verified=True)
    plain = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'old.db'}")  # `reflex db migrate` connects like this
    with plain.connect() as conn:
        reflex_model._alembic_upgrade(connection=conn, to_rev=BEFORE)
        conn.commit()
    with current.connect() as read, plain.begin() as write:
        users = sqlalchemy.Table("user", sqlalchemy.MetaData(), autoload_with=read)  # reflected: typed values
        write.execute(sqlalchemy.Table("user", sqlalchemy.MetaData(), autoload_with=write).insert(),
                      [dict(r) for r in read.execute(sqlalchemy.select(users)).mappings()])
        rows = [(ann.id, "release:album:1"), (ann.id, "release:album:1"), (bob.id, "release:album:1"),
                (ann.id, ""), (ann.id, ""), (ann.id, "release:album:1"), (bob.id, "follower:7")]
        for user_id, key in rows:
            write.execute(text("INSERT INTO notification (user_id, kind, title, body, link, dedupe_key, created_at) "
                               "VALUES (:u, 'release', 't', '', '', :k, '2026-12-01 10:00:00')"),
                          {"u": user_id, "k": key})
            write.execute(text("INSERT INTO notificationemail (user_id, kind, subject, text, html, dedupe_key, "
                               "status, attempts, next_try_at, last_error, created_at) VALUES (:u, 'release', "
                               "'s', 't', 'h', :k, 'pending', 0, '2026-12-01 10:00:00', '', '2026-12-01 10:00:00')"),
                          {"u": user_id, "k": key})
    with plain.connect() as conn:
        reflex_model._alembic_upgrade(connection=conn, to_rev=THIS)
        conn.commit()
        for table in ("notification", "notificationemail"):
            kept = [tuple(r) for r in conn.execute(text(f"SELECT id, user_id, dedupe_key FROM {table} ORDER BY id"))]
            assert kept == [(1, ann.id, "release:album:1"), (3, bob.id, "release:album:1"), (4, ann.id, ""),
                            (5, ann.id, ""), (7, bob.id, "follower:7")]
            indexes = {r.name: (r.unique, r.partial) for r in conn.execute(text(f"PRAGMA index_list({table})"))}
            assert indexes[f"ix_{table}_user_dedupe"] == (1, 1)
    plain.dispose()
    current.dispose()
