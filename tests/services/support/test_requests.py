"""The listener's side of the support desk: filing, reading only one's own, replying, context, limits."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from spoticlone.models import SupportMessage, SupportRequest, SupportScreenshot
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied, RateLimited, TooLarge
from spoticlone.services.media.images import ImageRejected
from spoticlone.services.support import requests, rules, screenshots
from tests.factories import make_user
from tests.images import decompression_bomb, jpeg_with_metadata, png


def _file(session, actor, **overrides):
    fields = dict(category="playback", subject="Songs stop", message="Every song stops after 30 seconds.",
                  context_page="/album/3-x", context_track="Song — Artist", user_agent="Firefox 140")
    fields.update(overrides)
    return requests.create_request(session, actor=actor, **fields)


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_a_listener_files_a_request_with_the_context_they_agreed_to(session):
    me = make_user(session)
    made = _file(session, me)
    assert made.status == "open" and made.category_label == "Playback"
    assert made.context_page == "/album/3-x" and made.context_user_agent == "Firefox 140"
    assert [m.body for m in made.thread] == ["Every song stops after 30 seconds."]
    assert made.thread[0].from_staff is False and made.thread[0].author_name == me.username


def test_unticked_context_is_not_recorded(session):
    made = _file(session, make_user(session), attach_context=False)
    row = session.get(SupportRequest, made.id)
    assert (row.context_page, row.context_track, row.context_user_agent) == ("", "", "")


def test_visitors_cannot_file_requests(session):
    with pytest.raises(PermissionDenied):
        _file(session, None)


@pytest.mark.parametrize("field, value", [("category", "refund"), ("subject", "  "), ("message", "")])
def test_bad_fields_are_refused_and_nothing_is_saved(session, field, value):
    with pytest.raises(Invalid):
        _file(session, make_user(session), **{field: value})
    assert _count(session, SupportRequest) == 0


def test_a_huge_message_is_refused_clearly_and_nothing_is_saved(session):
    with pytest.raises(TooLarge, match="limit is 5,000"):
        _file(session, make_user(session), message="x" * (rules.MAX_MESSAGE + 1))
    assert _count(session, SupportRequest) == 0 and _count(session, SupportMessage) == 0


def test_a_hostile_screenshot_is_refused_and_nothing_is_saved(session):
    me = make_user(session)
    with pytest.raises(ImageRejected):
        _file(session, me, screenshot=b"<?php system($_GET['x']); ?>" * 10)
    with pytest.raises(ImageRejected):
        _file(session, me, screenshot=decompression_bomb())
    assert _count(session, SupportRequest) == 0 and _count(session, SupportScreenshot) == 0


def test_a_screenshot_over_the_size_cap_is_refused(session):
    with pytest.raises(TooLarge):
        _file(session, make_user(session), screenshot=b"\x89PNG" + b"0" * (10 * 1024 * 1024 + 1))
    assert _count(session, SupportRequest) == 0


def test_a_screenshot_is_re_encoded_without_metadata_and_only_its_owner_and_admins_see_it(session):
    from spoticlone.models import Role

    me, other, admin = make_user(session), make_user(session), make_user(session, role=Role.ADMIN)
    made = _file(session, me, screenshot=jpeg_with_metadata())
    assert made.has_screenshot and made.screenshot_url.endswith(f"/support/requests/{made.id}/screenshot")
    data = screenshots.screenshot(session, actor=me, request_id=made.id)
    assert data.startswith(b"\xff\xd8") and b"SecretCam" not in data
    assert screenshots.screenshot(session, actor=admin, request_id=made.id) == data
    with pytest.raises(NotFound):
        screenshots.screenshot(session, actor=other, request_id=made.id)
    with pytest.raises(PermissionDenied):
        screenshots.screenshot(session, actor=None, request_id=made.id)


def test_a_request_without_screenshot_has_none_to_show(session):
    me = make_user(session)
    made = _file(session, me, screenshot=None)
    with pytest.raises(NotFound):
        screenshots.screenshot(session, actor=me, request_id=made.id)


def test_only_own_requests_are_listed_and_readable(session):
    me, other = make_user(session), make_user(session)
    mine = _file(session, me)
    theirs = _file(session, other, subject="Their problem")
    page = requests.my_requests(session, actor=me)
    assert [r.id for r in page.items] == [mine.id] and page.total == 1
    assert requests.my_request(session, actor=me, request_id=mine.id).subject == "Songs stop"
    for request_id in (theirs.id, 999_999):
        with pytest.raises(NotFound, match="no such support request"):
            requests.my_request(session, actor=me, request_id=request_id)
        with pytest.raises(NotFound):
            requests.reply(session, actor=me, request_id=request_id, body="hello?")
    assert _count(session, SupportMessage) == 2


def test_a_listener_reply_reopens_the_request(session):
    me = make_user(session)
    made = _file(session, me)
    row = session.get(SupportRequest, made.id)
    row.status = "closed"
    session.add(row)
    session.commit()
    after = requests.reply(session, actor=me, request_id=made.id, body="It happens again.")
    assert after.status == "open" and [m.body for m in after.thread][-1] == "It happens again."
    with pytest.raises(TooLarge):
        requests.reply(session, actor=me, request_id=made.id, body="y" * 5001)


def test_new_requests_are_rate_limited(session):
    me = make_user(session)
    for n in range(rules.NEW_PER_ACCOUNT[0]):
        _file(session, me, subject=f"Problem {n}")
    with pytest.raises(RateLimited, match="try again in"):
        _file(session, me, subject="One too many")
    assert _count(session, SupportRequest) == rules.NEW_PER_ACCOUNT[0]


def test_the_export_holds_the_conversation_and_screenshot(session):
    me, other = make_user(session), make_user(session)
    _file(session, me, screenshot=png())
    _file(session, other)
    rows = list(requests.export_rows(session, me))
    assert len(rows) == 1 and rows[0]["messages"][0]["from"] == "you"
    assert rows[0]["screenshot_jpeg_base64"] and rows[0]["context"]["browser"] == "Firefox 140"
