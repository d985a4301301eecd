"""The guarded UPDATEs of TOTP (replay) and roles (last admin) on PostgreSQL too."""

from __future__ import annotations

import pyotp
import pytest

from spoticlone.models import Role
from spoticlone.services.admin import roles
from spoticlone.services.auth import totp
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict
from tests import factories


def test_replay_and_recovery_codes_on_postgres(pg_session):
    clock = FakeClock()
    user = factories.make_user(pg_session, email="pg-two@example.test", username="pg_two")
    enrolment = totp.begin_enrolment(pg_session, actor=user)
    code = pyotp.TOTP(enrolment.secret_base32).at(clock.now())
    codes = totp.confirm_enrolment(pg_session, actor=user, code=code, clock=clock)
    clock.advance(seconds=30)
    code = pyotp.TOTP(enrolment.secret_base32).at(clock.now())
    assert totp.verify_for_login(pg_session, user=user, code=code, clock=clock)
    assert not totp.verify_for_login(pg_session, user=user, code=code, clock=clock)
    assert totp.verify_for_login(pg_session, user=user, code=codes[0], clock=clock)
    assert not totp.verify_for_login(pg_session, user=user, code=codes[0], clock=clock)


def test_last_admin_guard_on_postgres(pg_session):
    admin = factories.make_user(pg_session, email="pg-admin@example.test", username="pg_admin", role=Role.ADMIN)
    with pytest.raises(Conflict):
        roles.set_role(pg_session, actor=admin, user_id=admin.id, role=Role.LISTENER)
    other = factories.make_user(pg_session, email="pg-admin2@example.test", username="pg_admin2", role=Role.ADMIN)
    assert roles.set_role(pg_session, actor=admin, user_id=admin.id, role=Role.LISTENER).role == Role.LISTENER
    assert roles.list_users(pg_session, actor=other, query="pg_admin").total == 2
