"""Recent searches: newest first, one entry per query whatever its case, ten kept, per account."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from spoticlone.models import RecentSearch
from spoticlone.services.core.errors import Invalid, PermissionDenied
from spoticlone.services.search import recent
from tests.factories import make_account, make_user


def _queries(session, user) -> list[str]:
    return [i.query for i in recent.list_recent(session, actor=user).items]


def test_newest_first_and_case_insensitive_dedupe(session):
    me = make_user(session)
    for query in ("kettle", "Hollow Pines", "synthwave"):
        recent.record(session, actor=me, query=query)
    assert _queries(session, me) == ["synthwave", "Hollow Pines", "kettle"]
    # The same words in another case move up, spelled as typed last; no second entry.
    listed = recent.record(session, actor=me, query="  hollow   PINES ")
    assert [i.query for i in listed.items] == ["hollow PINES", "synthwave", "kettle"]
    assert _queries(session, me) == ["hollow PINES", "synthwave", "kettle"]
    recent.record(session, actor=me, query="KETTLE")
    assert _queries(session, me) == ["KETTLE", "hollow PINES", "synthwave"]


def test_only_the_ten_newest_are_kept(session):
    me = make_user(session)
    for n in range(1, 14):
        recent.record(session, actor=me, query=f"song {n}")
    assert _queries(session, me) == [f"song {n}" for n in range(13, 3, -1)]
    # The rows are gone, not merely hidden.
    assert len(session.exec(select(RecentSearch).where(RecentSearch.user_id == me.id)).all()) == 10
    recent.record(session, actor=me, query="SONG 5")  # the oldest kept one comes back up
    assert _queries(session, me)[0] == "SONG 5" and len(_queries(session, me)) == 10
    assert "song 4" in _queries(session, me)


def test_each_account_has_its_own_list_and_clear(session):
    ada, bob = make_account(session, username="ada"), make_account(session, username="bob")
    recent.record(session, actor=ada, query="midnight")
    recent.record(session, actor=bob, query="harbour")
    recent.record(session, actor=bob, query="Midnight")
    assert _queries(session, ada) == ["midnight"]
    assert _queries(session, bob) == ["Midnight", "harbour"]
    recent.clear(session, actor=bob)
    assert _queries(session, bob) == []
    assert _queries(session, ada) == ["midnight"]  # bob's clear leaves ada's list alone


def test_anonymous_has_no_list_and_blank_or_odd_text(session):
    with pytest.raises(PermissionDenied):
        recent.list_recent(session, actor=None)
    with pytest.raises(PermissionDenied):
        recent.record(session, actor=None, query="kettle")
    with pytest.raises(PermissionDenied):
        recent.clear(session, actor=None)
    me = make_user(session)
    for blank in ("", "   ", "\x00\t\n"):
        with pytest.raises(Invalid):
            recent.record(session, actor=me, query=blank)
    recent.record(session, actor=me, query="a\x00b <script>alert(1)</script>" + "x" * 300)
    kept = _queries(session, me)[0]
    assert kept.startswith("a b <script>alert(1)</script>") and len(kept) == 100


@pytest.mark.postgres
def test_same_rules_on_postgres(pg_engine):
    with Session(pg_engine, expire_on_commit=False) as session:
        me = make_user(session)
        for n in range(12):
            recent.record(session, actor=me, query=f"Query {n}")
        recent.record(session, actor=me, query="query 5")
        assert _queries(session, me) == ["query 5"] + [f"Query {n}" for n in (11, 10, 9, 8, 7, 6, 4, 3, 2)]
        recent.clear(session, actor=me)
        assert _queries(session, me) == []
