"""The report dialog, the hidden-track notice with its counter-notice, and the admin review queue."""

from __future__ import annotations

from sqlmodel import select

from spoticlone import routes
from spoticlone.models import ModerationReport, Role, Track, TrackStatus
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.moderation import queue
from spoticlone.state.moderation.notice import HiddenNoticeState
from spoticlone.state.moderation.report import ReportState
from spoticlone.state.moderation.review import ReviewState
from spoticlone.testing.driver import run
from tests import factories
from tests.state.conftest import make_state


def _signed_in(session, state_cls, route, path, user=None, params=None):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(state_cls, route, path, params, session_token=token)


def _song(session):
    owner = factories.make_user(session, username="nova", email="nova@example.test", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    return owner, factories.make_track(session, title="Neon Harbour", artist_id=artist.id)


def test_an_anonymous_visitor_reports_with_an_address(session):
    _, track = _song(session)
    state = make_state(ReportState, routes.TRACK_ROUTE, f"/track/{track.id}", {"track_ref": str(track.id)})
    run(ReportState.open_for, state, "track", track.id, "Neon Harbour")
    assert state.open and state.noun == "song" and state.target_title == "Neon Harbour"
    run(ReportState.choose_reason, state, "abuse")
    run(ReportState.set_statement, state, "Hateful lyrics in the second verse.")
    run(ReportState.submit, state)
    assert "email address" in state.error and not state.sent
    assert session.exec(select(ModerationReport)).all() == []
    run(ReportState.set_contact_email, state, "someone@example.com")
    run(ReportState.submit, state)
    assert state.sent and state.error == ""
    [report] = session.exec(select(ModerationReport)).all()
    assert (report.target_id, report.reason, report.contact_email, report.reporter_id) == (
        track.id, "abuse", "someone@example.com", None)


def test_a_signed_in_listener_reports_with_the_account_address(session):
    _, track = _song(session)
    ann = factories.make_user(session, username="ann", email="ann@example.test")
    state = _signed_in(session, ReportState, routes.HOME, "/", ann)
    run(ReportState.open_for, state, "track", track.id, "Neon Harbour")
    run(ReportState.set_statement, state, "My song, uploaded without my permission.")
    run(ReportState.submit, state)
    assert state.sent
    assert session.exec(select(ModerationReport)).one().reporter_id == ann.id
    run(ReportState.open_for, state, "bogus", track.id, "x")
    assert state.target_type == "track"  # unknown kinds never open the dialog


def test_the_admin_queue_hides_and_restores_and_the_owner_answers(session):
    owner, track = _song(session)
    admin = factories.make_user(session, username="root", email="root@example.test", role=Role.ADMIN)
    ann = factories.make_user(session, username="ann", email="ann@example.test")
    reporter = _signed_in(session, ReportState, routes.HOME, "/", ann)
    run(ReportState.open_for, reporter, "track", track.id, "Neon Harbour")
    run(ReportState.set_statement, reporter, "My song, uploaded without my permission.")
    run(ReportState.submit, reporter)

    stranger = _signed_in(session, ReviewState, routes.ADMIN_REPORTS, routes.ADMIN_REPORTS, ann)
    run(ReviewState.load, stranger)
    assert stranger.loaded and not stranger.allowed and stranger.items == []
    run(ReviewState.hide, stranger, "track", track.id)
    assert session.get(Track, track.id).status == TrackStatus.PUBLISHED

    review = _signed_in(session, ReviewState, routes.ADMIN_REPORTS, routes.ADMIN_REPORTS, admin)
    run(ReviewState.load, review)
    assert review.allowed and [i["target_id"] for i in review.items] == [track.id]
    assert review.items[0]["reports"][0]["reporter"] == "ann"
    run(ReviewState.hide, review, "track", track.id)
    assert "Hidden" in review.notice and review.items == []
    session.expire_all()
    assert session.get(Track, track.id).status == TrackStatus.HIDDEN

    ref = {"track_ref": f"{track.id}-neon-harbour"}
    listener = _signed_in(session, HiddenNoticeState, routes.TRACK_ROUTE, f"/track/{track.id}", ann, ref)
    run(HiddenNoticeState.load_track, listener)
    assert listener.hidden and not listener.is_owner
    assert listener.message == "This song is unavailable following a report."
    run(HiddenNoticeState.set_counter_text, listener, "Not mine, but let me try anyway.")
    run(HiddenNoticeState.send_counter_notice, listener)
    assert not listener.counter_notice_sent

    mine = _signed_in(session, HiddenNoticeState, routes.TRACK_ROUTE, f"/track/{track.id}", owner, ref)
    run(HiddenNoticeState.load_track, mine)
    assert mine.is_owner and not mine.counter_notice_sent
    run(HiddenNoticeState.set_counter_text, mine, "I wrote and recorded this song myself.")
    run(HiddenNoticeState.send_counter_notice, mine)
    assert mine.counter_notice_sent

    run(ReviewState.load, review)
    [item] = review.items
    assert item["hidden"] and item["counter_notice"] == "I wrote and recorded this song myself."
    run(ReviewState.restore, review, "track", track.id)
    session.expire_all()
    assert session.get(Track, track.id).status == TrackStatus.PUBLISHED
    run(HiddenNoticeState.load_track, mine)
    assert not mine.hidden
    assert queue.review_queue(session, actor=admin) == []
