"""Support pages without a browser: the form and its context, own conversations only, the admin inbox."""

from __future__ import annotations

from sqlmodel import func, select

from spoticlone import routes
from spoticlone.models import Role, SupportRequest
from spoticlone.pages import admin_support, help as help_page, support
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.support import canned, help_articles, inbox, requests
from spoticlone.state.support.help import HelpEditorState, HelpState
from spoticlone.state.support.inbox import SupportInboxState, SupportTicketState
from spoticlone.state.support.requests import ConversationState, MyRequestsState, NewRequestState
from spoticlone.testing.driver import events_of, is_sign_in_redirect, redirect_target, run
from spoticlone.testing.render import render_page
from tests import images
from tests.factories import make_user
from tests.state.conftest import make_state
from tests.state.uploads import Chunks


def _file(session, user, subject="Playback stops"):
    return requests.create_request(session, actor=user, category="playback", subject=subject,
                                   message="It stops after a minute.")


def _count(session) -> int:
    return session.exec(select(func.count()).select_from(SupportRequest)).one()


def _conversation(session, user, request_id):
    return make_state(ConversationState, routes.SUPPORT_REQUEST_ROUTE, f"/support/requests/{request_id}",
                      {"support_request_id": str(request_id)}, session_token=create_session(session, user_id=user.id))


def test_the_form_shows_the_context_and_sends_only_what_is_ticked(session):
    me = make_user(session)
    form = make_state(NewRequestState, routes.SUPPORT_NEW, "/support/new?from=/album/4-x", {"from": "/album/4-x"},
                      session_token=create_session(session, user_id=me.id))
    run(NewRequestState.load, form)
    assert form.context_page == "/album/4-x"
    form.category, form.subject, form.message, form.attach_context = "bug", "Seek bar", "It jumps.", False
    target = redirect_target(events_of(NewRequestState.submit, form)[-1])
    made = session.exec(select(SupportRequest)).one()
    assert target == routes.support_request_url(made.id) and made.context_page == ""
    assert made.category == "bug" and form.subject == "" and form.error == ""


def test_a_hostile_screenshot_or_huge_message_is_refused_on_the_form_and_nothing_saved(session):
    me = make_user(session)
    form = make_state(NewRequestState, routes.SUPPORT_NEW, "/support/new",
                      session_token=create_session(session, user_id=me.id))
    run(NewRequestState.load, form)
    form.subject, form.message = "Broken", "x" * 5001
    events_of(NewRequestState.submit, form)
    assert "limit is 5,000" in form.error and _count(session) == 0
    form.message = "See the picture."
    run(NewRequestState.upload_screenshot, form, Chunks(images.decompression_bomb()))
    assert form.screenshot_name.startswith("screenshot")
    events_of(NewRequestState.submit, form)
    assert form.error and _count(session) == 0
    run(NewRequestState.remove_screenshot, form)
    run(NewRequestState.upload_screenshot, form, Chunks(images.png()))
    events_of(NewRequestState.submit, form)
    assert form.error == "" and session.exec(select(SupportRequest)).one().has_screenshot


def test_signed_out_visitors_get_the_prompt_not_a_request(session):
    form = make_state(NewRequestState, routes.SUPPORT_NEW, "/support/new")
    form.subject, form.message = "Hi", "Hello"
    events_of(NewRequestState.submit, form)
    assert form.signed_out and _count(session) == 0
    mine = make_state(MyRequestsState, routes.SUPPORT, "/support")
    run(MyRequestsState.load, mine)
    assert mine.signed_out and mine.items == []


def test_listeners_see_only_their_own_conversations_and_can_reply(session):
    me, other = make_user(session), make_user(session)
    mine, theirs = _file(session, me), _file(session, other, "Not yours")
    listing = make_state(MyRequestsState, routes.SUPPORT, "/support",
                         session_token=create_session(session, user_id=me.id))
    run(MyRequestsState.load, listing)
    assert [row["id"] for row in listing.items] == [mine.id]
    peek = _conversation(session, me, theirs.id)
    run(ConversationState.load, peek)
    assert peek.not_found and peek.request == {} and peek.thread == []
    events_of(ConversationState.send, peek)
    assert len(requests.my_request(session, actor=other, request_id=theirs.id).thread) == 1
    own = _conversation(session, me, mine.id)
    run(ConversationState.load, own)
    assert not own.not_found and own.request["subject"] == "Playback stops"
    own.reply = "Still happening."
    events_of(ConversationState.send, own)
    assert [m["body"] for m in own.thread][-1] == "Still happening." and own.reply == ""


def test_the_inbox_is_for_admins_only(session):
    listener = make_user(session)
    made = _file(session, listener)
    token = create_session(session, user_id=listener.id)
    peek = make_state(SupportInboxState, routes.ADMIN_SUPPORT, "/admin/support", session_token=token)
    run(SupportInboxState.load, peek)
    assert not peek.allowed and peek.items == []
    ticket = make_state(SupportTicketState, routes.ADMIN_SUPPORT_REQUEST_ROUTE, f"/admin/support/{made.id}",
                        {"admin_request_id": str(made.id)}, session_token=token)
    run(SupportTicketState.load, ticket)
    assert not ticket.allowed and ticket.request == {}
    visitor = make_state(SupportInboxState, routes.ADMIN_SUPPORT, "/admin/support")
    assert is_sign_in_redirect(events_of(SupportInboxState.load, visitor)[-1])


def test_an_admin_filters_answers_with_a_canned_reply_and_assigns(session):
    admin, listener = make_user(session, role=Role.ADMIN), make_user(session)
    made = _file(session, listener)
    canned.create_canned(session, actor=admin, title="Thanks", body="Thanks for telling us.")
    token = create_session(session, user_id=admin.id)
    box = make_state(SupportInboxState, routes.ADMIN_SUPPORT, "/admin/support?status=open&assigned=nobody",
                     {"status": "open", "assigned": "nobody"}, session_token=token)
    run(SupportInboxState.load, box)
    assert box.allowed and [r["id"] for r in box.items] == [made.id] and box.counts["open"] == 1
    ticket = make_state(SupportTicketState, routes.ADMIN_SUPPORT_REQUEST_ROUTE, f"/admin/support/{made.id}",
                        {"admin_request_id": str(made.id)}, session_token=token)
    run(SupportTicketState.load, ticket)
    assert ticket.allowed and ticket.canned[0]["title"] == "Thanks"
    run(SupportTicketState.insert_canned, ticket, str(ticket.canned[0]["id"]))
    assert ticket.reply == "Thanks for telling us."
    events_of(SupportTicketState.send, ticket, False)
    assert ticket.request["status"] == "waiting" and ticket.reply == "" and ticket.thread[-1]["from_staff"]
    events_of(SupportTicketState.assign, ticket, "")
    assert ticket.request["assigned_to_id"] is None
    events_of(SupportTicketState.set_status, ticket, "closed")
    assert inbox.staff_request(session, actor=admin, request_id=made.id).status == "closed"


def test_the_help_page_and_its_editor(session):
    help_articles.seed_defaults(session)
    page = make_state(HelpState, routes.HELP, "/help")
    run(HelpState.load, page)
    assert page.rows[0]["first"] and len(page.rows) == len(help_articles.list_articles(
        session, actor=make_user(session, role=Role.ADMIN)))
    listener = make_state(HelpEditorState, routes.ADMIN_HELP, "/admin/help",
                          session_token=create_session(session, user_id=make_user(session).id))
    run(HelpEditorState.load, listener)
    assert not listener.allowed and listener.articles == []
    editor = make_state(HelpEditorState, routes.ADMIN_HELP, "/admin/help",
                        session_token=create_session(session, user_id=make_user(session, role=Role.ADMIN).id))
    run(HelpEditorState.load, editor)
    editor.section, editor.title, editor.body = "Extra", "New question?", "New **answer**."
    run(HelpEditorState.save_article, editor)
    assert editor.article_id and "Saved" in editor.notice
    assert help_articles.help_page(session)[-1].articles[-1].title == "New question?"


def test_help_markdown_is_rendered_without_raw_html():
    for page_fn in (help_page.help_page, admin_support.admin_help_page):
        text = render_page(page_fn)
        assert "rehypePlugins" in text and "rehypeRaw" not in text
    assert "rehypeRaw" not in render_page(support.conversation_page)
