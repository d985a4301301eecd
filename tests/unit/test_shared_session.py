"""``db.one_session_for_all``: a page load's service calls share one session, each its own unit."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from spoticlone.db import get_engine, one_session_for_all, run_in_session
from spoticlone.models import Genre, User
from spoticlone.services.core.actor import acting_for, load_actor
from tests.factories import make_user
from tests.sql_log import reads_of, statements_run


@pytest.fixture
def user_id(session):
    return make_user(session, username="ada").id


def test_calls_inside_share_one_session_and_read_the_account_once(user_id):
    with statements_run(get_engine()) as statements, one_session_for_all():
        sessions = [run_in_session(lambda s: (load_actor(s, user_id), s)[1]) for _ in range(3)]
    assert sessions[0] is sessions[1] is sessions[2]
    assert len(reads_of("user", statements)) == 1


def test_outside_the_block_every_call_has_its_own_session(user_id):
    with one_session_for_all():
        inside = run_in_session(lambda s: s)
    after = run_in_session(lambda s: s)
    elsewhere = run_in_session(lambda s: s)
    assert after is not inside and elsewhere is not after
    with statements_run(get_engine()) as statements:
        for _ in range(2):
            run_in_session(lambda s: load_actor(s, user_id))
    assert len(reads_of("user", statements)) == 2


def test_each_call_commits_its_own_work(engine):
    with one_session_for_all():
        run_in_session(lambda s: s.add(Genre(name="Dub", slug="dub")))
        with Session(engine) as other:  # another connection sees it before the block ends
            assert other.exec(select(Genre.name).where(Genre.slug == "dub")).one() == "Dub"


def test_a_failing_call_rolls_back_only_its_own_work_and_the_next_call_runs(engine, user_id):
    def fail(session):
        session.add(Genre(name="Lost", slug="lost"))
        session.flush()
        raise RuntimeError("refused")

    with one_session_for_all():
        run_in_session(lambda s: s.add(Genre(name="Kept", slug="kept")))
        with pytest.raises(RuntimeError):
            run_in_session(fail)
        assert run_in_session(lambda s: load_actor(s, user_id).username) == "ada"
    with Session(engine) as other:
        assert set(other.exec(select(Genre.slug)).all()) == {"kept"}


def test_whom_a_call_acts_for_does_not_carry_over_to_the_next(user_id):
    with one_session_for_all():
        assert run_in_session(lambda s: (load_actor(s, user_id), acting_for(s))[1]) == user_id
        assert run_in_session(acting_for) is None  # an anonymous call, as in a new session


def test_a_call_made_while_the_session_is_in_use_gets_its_own(user_id):
    with one_session_for_all():
        outer, inner = run_in_session(lambda s: (s, run_in_session(lambda t: t)))
    assert outer is not inner


def test_an_account_changed_by_one_call_is_seen_changed_by_the_next(user_id):
    def rename(session):
        user = load_actor(session, user_id)
        user.first_name = "Ada L."
        session.add(user)

    with one_session_for_all():
        run_in_session(lambda s: load_actor(s, user_id).first_name)
        run_in_session(rename)
        assert run_in_session(lambda s: load_actor(s, user_id).first_name) == "Ada L."
    assert run_in_session(lambda s: s.get(User, user_id).first_name) == "Ada L."



def test_between_calls_the_block_holds_no_connection(user_id):
    """A page load awaits between its calls; a connection held across those awaits starved the
    pool under load (200 listeners: calls queued for a connection, Reflex's state locks expired).
    """
    pool = get_engine().pool
    before = pool.checkedout()  # the test's own session may hold one
    with one_session_for_all():
        run_in_session(lambda s: load_actor(s, user_id))
        assert pool.checkedout() == before
        run_in_session(lambda s: load_actor(s, user_id))
        assert pool.checkedout() == before
