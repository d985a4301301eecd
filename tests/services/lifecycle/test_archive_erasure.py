"""The right to erasure outlives archive mode: deletion is the one change still allowed.

In archive mode a listener can still ask to delete their account (and sign in to cancel),
an administrator can still delete one, and the hourly erasure still runs; every other
write stays refused, likes included.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone.models import AccountDeletion, Role, TrackLike, User
from spoticlone.services.accounts import deletion
from spoticlone.services.accounts.deletion_erase import erase_due
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict
from spoticlone.services.library import collection
from spoticlone.services.lifecycle import archive
from tests import factories

PASSWORD = "correct horse battery"


def _archive(session):
    archive.set_archive(session, actor=None, operator=True, enabled=True, message="We close on Friday.")


def test_a_deletion_is_asked_for_and_erased_while_archived_and_a_like_is_still_refused(session, store):
    clock = FakeClock()
    ada, bob, track = factories.make_account(session, username="ada"), factories.make_user(session), \
        factories.make_track(session)
    _archive(session)

    state = deletion.request_deletion(session, actor=ada, password=PASSWORD, clock=clock)
    assert state.pending

    with pytest.raises(Conflict) as refused:
        collection.like_track(session, actor=bob, track_id=track.id)
    assert refused.value.code == archive.ARCHIVED
    session.rollback()

    clock.advance(days=15)
    assert erase_due(session, store=store, clock=clock) == 1
    session.expire_all()
    assert session.exec(select(User).where(User.username == "ada")).first() is None
    assert session.exec(select(AccountDeletion)).one().status == "erased"
    assert session.exec(select(TrackLike)).all() == []
    with pytest.raises(Conflict):
        collection.like_track(session, actor=bob, track_id=track.id)


def test_signing_in_still_cancels_and_an_administrator_still_deletes_while_archived(session, store):
    clock = FakeClock()
    admin = factories.make_user(session, role=Role.ADMIN)
    ada, bob = factories.make_account(session, username="ada"), factories.make_account(session, username="bob")
    deletion.request_deletion(session, actor=ada, password=PASSWORD, clock=clock)
    _archive(session)

    create_session(session, user_id=ada.id, clock=clock)
    assert not deletion.deletion_status(session, actor=ada).pending
    assert deletion.take_notice(session, actor=ada) == deletion.CANCELLED_NOTICE

    deletion.admin_request_deletion(session, actor=admin, user_id=bob.id, confirm_username="bob",
                                    immediate=True, store=store)
    session.expire_all()
    assert session.get(User, bob.id) is None


def test_the_exemption_covers_only_the_deletions_own_writes(session):
    ada, track = factories.make_account(session, username="ada"), factories.make_track(session)
    _archive(session)
    deletion.request_deletion(session, actor=ada, password=PASSWORD)
    with pytest.raises(Conflict):  # the same session, after the deletion: read-only again
        collection.like_track(session, actor=ada, track_id=track.id)
