"""Filing reports (who, what, limits) and the emails of every step, escaped."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone.models import AuditEntry, ModerationReport, PlaylistVisibility, Role
from spoticlone.services.core.errors import Invalid, NotFound, RateLimited
from spoticlone.services.moderation import counter_notice, queue, reports
from tests import factories

NASTY = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="nova", email="nova@example.test", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    album = factories.make_album(session, title="Night Run", artist_id=artist.id)
    track = factories.make_track(session, title=NASTY, artist_id=artist.id, album_id=album.id)
    admin = factories.make_user(session, username="root", email="root@example.test", role=Role.ADMIN)
    listener = factories.make_user(session, username="ann", email="ann@example.test")
    return dict(owner=owner, album=album, track=track, admin=admin, listener=listener)


def _file(session, world, **extra):
    fields = dict(actor=world["listener"], target_type="track", target_id=world["track"].id, reason="abuse",
                  statement="Hateful words in the title.", client_ip="10.0.0.1")
    fields.update(extra)
    return reports.file_report(session, **fields)


def test_a_signed_in_report_is_answered_at_the_account_address(session, world):
    sent = []
    report = _file(session, world, notify=sent.append)
    stored = session.get(ModerationReport, report.id)
    assert (stored.reporter_id, stored.contact_email, stored.status) == (
        world["listener"].id, "ann@example.test", "open")
    assert [m.to for m in sent] == ["ann@example.test"]
    entry = session.exec(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id, entry.target_id) == ("report.filed", world["listener"].id,
                                                                str(world["track"].id))


def test_an_anonymous_report_needs_a_valid_email(session, world):
    with pytest.raises(Invalid, match="email address"):
        _file(session, world, actor=None)
    with pytest.raises(Invalid, match="valid email"):
        _file(session, world, actor=None, contact_email="not-an-address")
    report = _file(session, world, actor=None, contact_email=" Someone@Example.COM ")
    assert session.get(ModerationReport, report.id).contact_email == "someone@example.com"
    assert session.get(ModerationReport, report.id).reporter_id is None


@pytest.mark.parametrize("fields, message", [
    (dict(reason="spam"), "copyright, abuse or something else"),
    (dict(statement="   "), "what is wrong"),
    (dict(statement="x" * (reports.MAX_STATEMENT + 1)), "under"),
    (dict(target_type="song"), "report a song"),
])
def test_bad_reports_are_refused_with_a_sentence(session, world, fields, message):
    with pytest.raises(Invalid, match=message):
        _file(session, world, **fields)
    assert session.exec(select(ModerationReport)).all() == []


def test_only_what_the_reporter_can_see_may_be_reported(session, world):
    secret = factories.make_playlist(session, owner=world["owner"], name="Private")
    with pytest.raises(NotFound):
        _file(session, world, target_type="playlist", target_id=secret.id)
    public = factories.make_playlist(session, owner=world["owner"], name="Public",
                                     visibility=PlaylistVisibility.PUBLIC)
    assert _file(session, world, target_type="playlist", target_id=public.id).target_type == "playlist"
    with pytest.raises(NotFound):
        _file(session, world, target_id=10**9)
    queue.hide(session, actor=world["admin"], target_type="track", target_id=world["track"].id)
    with pytest.raises(NotFound):
        _file(session, world)
    assert _file(session, world, target_type="profile", target_id=world["owner"].id).target_type == "profile"


def test_reports_are_limited_per_address(session, world):
    for _ in range(reports.REPORT_LIMIT):
        _file(session, world)
    with pytest.raises(RateLimited):
        _file(session, world)
    _file(session, world, client_ip="10.0.0.2")  # another address still may
    assert len(session.exec(select(ModerationReport)).all()) == reports.REPORT_LIMIT + 1


def test_every_step_mails_the_reporter_and_owner_with_user_text_escaped(session, world):
    sent = []
    _file(session, world, notify=sent.append)
    _file(session, world, actor=None, contact_email="rights@label.example", client_ip="10.0.0.9",
          notify=sent.append)
    sent.clear()
    queue.hide(session, actor=world["admin"], target_type="track", target_id=world["track"].id,
               origin="https://music.example", notify=sent.append)
    assert sorted(m.to for m in sent) == ["ann@example.test", "nova@example.test", "rights@label.example"]
    to_owner = next(m for m in sent if m.to == "nova@example.test")
    assert f"https://music.example/track/{world['track'].id}-" in to_owner.text
    sent.clear()
    counter_notice.file_counter_notice(session, actor=world["owner"], target_type="track",
                                       target_id=world["track"].id, statement=NASTY + " is my own title.",
                                       notify=sent.append)
    assert [m.to for m in sent] == ["root@example.test"]
    queue.restore(session, actor=world["admin"], target_type="track", target_id=world["track"].id,
                  notify=sent.append)
    for message in sent:
        assert "<script>" not in message.html and "<b>bold</b>" not in message.html
        assert "&lt;script&gt;" in message.html
        assert NASTY not in message.subject
    assert "rights@label.example" in [m.to for m in sent]
