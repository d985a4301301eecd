"""The audit log: every admin action writes one entry in its transaction; admins filter it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import AuditEntry, PlaylistVisibility, Role
from spoticlone.services.accounts import deletion, legal
from spoticlone.services.admin import artists, audit, audit_log, roles
from spoticlone.services.core.errors import Conflict, Invalid, PermissionDenied
from spoticlone.services.discovery import editorial
from spoticlone.services.lifecycle import archive, schedule
from tests.factories import make_account, make_artist, make_playlist, make_track, make_user


@pytest.fixture
def admin(session):
    return make_user(session, username="boss", email="boss@example.test", role=Role.ADMIN)


def _entries(session) -> list[AuditEntry]:
    session.expire_all()
    return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)).all())


def _last(session) -> tuple[str, dict, dict]:
    entry = _entries(session)[-1]
    return entry.action, json.loads(entry.before_json), json.loads(entry.after_json)


def test_roles_and_suspensions_are_audited(session, admin):
    target = make_user(session)
    roles.set_role(session, actor=admin, user_id=target.id, role="admin")
    assert _last(session) == ("user.role", {"role": "listener"}, {"role": "admin"})
    roles.set_role(session, actor=admin, user_id=target.id, role="admin")  # no change, no entry
    roles.set_suspended(session, actor=admin, user_id=target.id, suspended=True)
    assert _last(session) == ("user.suspend", {"suspended": False}, {"suspended": True})
    roles.set_suspended(session, actor=admin, user_id=target.id, suspended=False)
    assert _last(session)[0] == "user.reinstate"
    assert len(_entries(session)) == 3
    roles.set_role(session, actor=admin, user_id=target.id, role="listener")
    with pytest.raises(Conflict):
        roles.set_role(session, actor=admin, user_id=admin.id, role="listener")
    # The refused demotion (the last admin) left no entry; the accepted one did.
    assert [e.action for e in _entries(session)] == ["user.role", "user.suspend", "user.reinstate", "user.role"]


def test_artist_badge_editorial_legal_archive_and_backup_are_audited(session, settings, admin, tmp_path):
    artist = make_artist(session)
    artists.set_artist_verified(session, actor=admin, artist_id=artist.id, verified=True)
    assert _last(session) == ("artist.verified", {"verified": False}, {"verified": True})

    owner = make_user(session)
    lists = [make_playlist(session, owner=owner, name=n, tracks=[make_track(session)],
                           visibility=PlaylistVisibility.PUBLIC) for n in ("One", "Two")]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for playlist in lists:
        editorial.add_feature(session, actor=admin, playlist_id=playlist.id, starts_at=start)
    assert _last(session)[0] == "editorial.add"
    feature_id = editorial.list_features(session, actor=admin)[1].id
    editorial.move_feature(session, actor=admin, feature_id=feature_id, offset=-1)
    assert _last(session)[0] == "editorial.move"
    editorial.update_feature(session, actor=admin, feature_id=feature_id, starts_at=start, blurb="New!")
    assert _last(session) == ("editorial.update", {"blurb": ""}, {"blurb": "New!"})
    editorial.remove_feature(session, actor=admin, feature_id=feature_id)
    assert _last(session)[0] == "editorial.remove"

    legal.publish(session, actor=admin, kind="terms", body="Be nice.")
    action, _, after = _last(session)
    assert action == "legal.publish" and after["kind"] == "terms"

    archive.set_archive(session, actor=admin, enabled=True, message="Closing soon.")
    assert _last(session)[0] == "archive.switch"
    # While archived, turning it off is still allowed, and still audited.
    archive.set_archive(session, actor=admin, enabled=False)
    assert _last(session)[:2] == ("archive.switch", {"enabled": True, "message": "Closing soon."})

    with_backups = settings.model_copy(update={"backup_dir": tmp_path / "backups"})
    schedule.request_backup(session, actor=admin, settings=with_backups, enqueue=lambda run_id: None)
    assert _last(session)[0] == "backup.request"
    assert all(e.actor_id == admin.id and e.actor_name == "boss" for e in _entries(session))


def test_admin_deletion_and_its_cancellation_are_audited(session, admin):
    person = make_account(session, username="target")
    deletion.admin_request_deletion(session, actor=admin, user_id=person.id, confirm_username="target")
    action, _, after = _last(session)
    assert action == "user.delete" and after["keep_releases"] is True
    assert "target" not in _entries(session)[-1].summary  # the entry outlives the name
    deletion.admin_cancel_deletion(session, actor=admin, user_id=person.id)
    assert _last(session)[0] == "user.delete_cancel"


def test_a_refused_action_writes_nothing(session, admin):
    listener = make_user(session)
    with pytest.raises(PermissionDenied):
        roles.set_role(session, actor=listener, user_id=listener.id, role="admin")
    with pytest.raises(PermissionDenied):
        roles.set_suspended(session, actor=admin, user_id=admin.id, suspended=True)
    assert _entries(session) == []


def _seed(session, admin, other):
    times = [datetime(2026, 3, d, 12, tzinfo=UTC) for d in (1, 2, 3)]
    for at, (who, action, target) in zip(times, [(admin, "user.role", "5"), (other, "artist.verified", "7"),
                                                 (admin, "user.suspend", "5")], strict=True):
        entry = audit.record(session, actor=who, action=action, target_type=action.split(".")[0],
                             target_id=target, before={"x": 1, "password": "hunter2"}, after={"x": 2})
        entry.at = at
    session.commit()


def test_listing_is_newest_first_and_filters(session, admin):
    other = make_user(session, username="helper", role=Role.ADMIN)
    _seed(session, admin, other)
    page = audit_log.list_entries(session, actor=admin)
    assert [e.action for e in page.items] == ["user.suspend", "artist.verified", "user.role"]
    assert page.actions == ["artist.verified", "user.role", "user.suspend"]
    assert page.target_types == ["artist", "user"]
    first = page.items[-1]
    assert [(c.field, c.before, c.after) for c in first.changes] == [("password", "(hidden)", "(empty)"),
                                                                     ("x", "1", "2")]
    assert [e.action for e in audit_log.list_entries(session, actor=admin, action="user").items] == [
        "user.suspend", "user.role"]
    assert [e.actor_name for e in audit_log.list_entries(session, actor=admin, admin="HELP").items] == ["helper"]
    assert audit_log.list_entries(session, actor=admin, admin=str(other.id)).total == 1
    assert audit_log.list_entries(session, actor=admin, target_type="user", target_id="5").total == 2
    assert audit_log.list_entries(session, actor=admin, since=date(2026, 3, 2), until=date(2026, 3, 2)).total == 1
    assert audit_log.list_entries(session, actor=admin, since=date(2026, 3, 2)).total == 2
    assert audit_log.list_entries(session, actor=admin, action="%").total == 0


def test_listing_pages_are_bounded(session, admin):
    _seed(session, admin, admin)
    page = audit_log.list_entries(session, actor=admin, page_size=2, page=50)
    assert page.page == 2 and page.pages == 2 and len(page.items) == 1
    with pytest.raises(Invalid):
        audit_log.list_entries(session, actor=admin, page_size=1000)
    with pytest.raises(Invalid):
        audit_log.list_entries(session, actor=admin, since=date(2026, 3, 3), until=date(2026, 3, 1))
    with pytest.raises(Invalid):
        audit_log.list_entries(session, actor=admin, action="x" * 200)


@pytest.mark.parametrize("role", [Role.LISTENER, Role.ARTIST, None])
def test_only_admins_read_the_log(session, admin, role):
    actor = make_user(session, role=role) if role else None
    with pytest.raises(PermissionDenied):
        audit_log.list_entries(session, actor=actor)


def test_an_erased_admin_stays_readable(session, admin):
    other = make_user(session, username="former", role=Role.ADMIN)
    audit.record(session, actor=other, action="user.role", target_type="user", target_id=1)
    session.commit()
    session.delete(other)
    session.commit()
    (row,) = audit_log.list_entries(session, actor=admin).items
    assert row.actor_id is None and row.actor_name == "former"
    assert row.at <= datetime.now(UTC) + timedelta(seconds=1)
