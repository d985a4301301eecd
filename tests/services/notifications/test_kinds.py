"""Each kind of event makes exactly the right notifications: to the right people, once, as they asked."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone.models import ArtistFollow, Notification, NotificationEmail, PlaylistVisibility
from spoticlone.services.core import events
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.library import follows
from spoticlone.services.library.playlists import manage
from spoticlone.services.notifications import inbox, preferences
from spoticlone.services.notifications.preferences import PreferenceChange
from tests import factories


def _notes(session, user=None):
    query = select(Notification).order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return list(session.exec(query))


def _mails(session, user=None):
    query = select(NotificationEmail).order_by(NotificationEmail.id)
    if user is not None:
        query = query.where(NotificationEmail.user_id == user.id)
    return list(session.exec(query))


def test_an_album_published_at_once_makes_one_notification_per_follower(session, world, publish_album):
    publish_album(session, world)

    notes = _notes(session)
    assert sorted(n.user_id for n in notes) == sorted([world.ann.id, world.bob.id])
    note = _notes(session, world.ann)[0]
    assert note.kind == "release"
    assert note.title == "Nova Drive released Night Run"
    assert note.link == f"/album/{world.album.id}-night-run"
    # Release emails are on by default: one mail each, not one per song.
    assert sorted(m.user_id for m in _mails(session)) == sorted([world.ann.id, world.bob.id])


def test_the_artist_and_suspended_followers_are_not_notified(session, world, publish_album):
    # The service refuses following one's own page; a row written another way must still not notify them.
    session.add(ArtistFollow(user_id=world.owner.id, artist_id=world.artist.id))
    session.commit()
    publish_album(session, world)
    assert _notes(session, world.owner) == []
    assert _notes(session, world.suspended) == [] and _mails(session, world.suspended) == []


def test_preferences_turn_each_channel_off(session, world, publish_album):
    preferences.update_preferences(session, actor=world.ann, changes=[
        PreferenceChange(kind="release", in_app=False)])
    preferences.update_preferences(session, actor=world.bob, changes=[
        PreferenceChange(kind="release", email=False)])
    publish_album(session, world)

    assert _notes(session, world.ann) == [] and len(_mails(session, world.ann)) == 1
    assert len(_notes(session, world.bob)) == 1 and _mails(session, world.bob) == []


def test_unverified_addresses_get_the_notification_but_no_mail(session, world, publish_album):
    world.bob.email_verified = False
    session.add(world.bob)
    session.commit()
    publish_album(session, world)
    assert len(_notes(session, world.bob)) == 1 and _mails(session, world.bob) == []


def test_a_new_follower_notifies_once_even_when_toggled(session):
    ann = factories.make_user(session, username="ann")
    bob = factories.make_user(session, username="bob")
    for _ in range(3):
        follows.follow_user(session, actor=bob, username="ann")
        follows.unfollow_user(session, actor=bob, username="ann")
    notes = _notes(session, ann)
    assert [(n.kind, n.title, n.link) for n in notes] == [("follower", "bob started following you", "/user/bob")]
    assert _notes(session, bob) == []
    # New followers are not mailed unless asked for.
    assert _mails(session) == []


def test_following_an_artist_page_is_not_a_new_follower(session, world):
    assert _notes(session, world.owner) == []


def test_playlist_follow_and_collaboration_invite(session):
    owner = factories.make_user(session, username="owner", email_verified=True)
    fan = factories.make_user(session, username="fan", email_verified=True)
    playlist = factories.make_playlist(session, owner=owner, name="Road <b>trip</b>",
                                       visibility=PlaylistVisibility.PUBLIC)
    manage.follow_playlist(session, actor=fan, playlist_id=playlist.id)
    manage.follow_playlist(session, actor=fan, playlist_id=playlist.id)  # idempotent: no second event
    manage.add_collaborator(session, actor=owner, playlist_id=playlist.id, username="fan")
    manage.add_collaborator(session, actor=owner, playlist_id=playlist.id, username="fan")

    assert [(n.kind, n.title) for n in _notes(session, owner)] == [
        ("playlist_follower", "fan followed your playlist Road <b>trip</b>")]
    assert [(n.kind, n.title) for n in _notes(session, fan)] == [
        ("collaboration", "owner invited you to edit Road <b>trip</b>")]
    # Invitations are mailed by default, playlist follows are not.
    assert [(m.user_id, m.kind) for m in _mails(session)] == [(fan.id, "collaboration")]


def test_a_support_reply_links_to_the_conversation(session):
    ann = factories.make_user(session, username="ann", email_verified=True)
    events.emit(events.SUPPORT_REPLIED, session, request_id=7, user_id=ann.id, message_id=31)
    events.emit(events.SUPPORT_REPLIED, session, request_id=7, user_id=ann.id, message_id=31)
    session.commit()
    assert [(n.kind, n.link) for n in _notes(session, ann)] == [("support_reply", "/support/requests/7")]
    assert len(_mails(session, ann)) == 1


def test_a_failing_subscriber_rolls_back_with_the_event(session, world):
    """Notifications are written in the event's transaction: a rollback takes them away too."""
    events.emit(events.SUPPORT_REPLIED, session, request_id=1, user_id=world.ann.id, message_id=1)
    session.rollback()
    assert _notes(session) == [] and _mails(session) == []


def test_list_count_and_mark_read(session, world, publish_album):
    events.emit(events.SUPPORT_REPLIED, session, request_id=3, user_id=world.ann.id, message_id=9)
    session.commit()
    publish_album(session, world)

    page = inbox.list_notifications(session, actor=world.ann)
    assert [n.kind for n in page.items] == ["release", "support_reply"]  # newest first
    assert inbox.unread_count(session, actor=world.ann) == 2
    first = inbox.mark_read(session, actor=world.ann, notification_id=page.items[0].id)
    assert first.read and inbox.unread_count(session, actor=world.ann) == 1
    assert [n.kind for n in inbox.list_notifications(session, actor=world.ann, unread_only=True).items] == [
        "support_reply"]
    assert inbox.mark_all_read(session, actor=world.ann) == 1
    assert inbox.unread_count(session, actor=world.ann) == 0


def test_nobody_reads_or_marks_anyone_elses(session, world, publish_album):
    publish_album(session, world)
    anns = inbox.list_notifications(session, actor=world.ann).items[0]
    with pytest.raises(NotFound):
        inbox.mark_read(session, actor=world.bob, notification_id=anns.id)
    assert inbox.mark_all_read(session, actor=world.bob) == 1
    assert inbox.unread_count(session, actor=world.ann) == 1
    with pytest.raises(PermissionDenied):
        inbox.unread_count(session, actor=None)


def test_preferences_defaults_and_validation(session):
    ann = factories.make_user(session, username="ann")
    prefs = {p.kind: p for p in preferences.list_preferences(session, actor=ann)}
    assert set(prefs) == {"release", "follower", "playlist_follower", "collaboration", "support_reply", "digest"}
    assert prefs["release"].email and not prefs["follower"].email and not prefs["digest"].has_in_app
    with pytest.raises(Invalid, match="Unknown notification type"):
        preferences.update_preferences(session, actor=ann, changes=[
            PreferenceChange(kind="follower", email=True), PreferenceChange(kind="spam", email=True)])
    assert not {p.kind: p for p in preferences.list_preferences(session, actor=ann)}["follower"].email
    with pytest.raises(Invalid, match="email only"):
        preferences.update_preferences(session, actor=ann, changes=[PreferenceChange(kind="digest", in_app=True)])
    out = preferences.update_preferences(session, actor=ann, changes=[PreferenceChange(kind="follower", email=True)])
    assert {p.kind: p for p in out}["follower"].email


def test_a_real_support_reply_names_the_request_and_escapes_its_subject(session):
    from spoticlone.models import Role
    from spoticlone.services.support import inbox as support_inbox, requests as support_requests

    ann = factories.make_user(session, username="ann", email_verified=True)
    admin = factories.make_user(session, username="root", role=Role.ADMIN)
    subject = "Player <b>stops</b>"
    created = support_requests.create_request(session, actor=ann, category="playback", subject=subject,
                                              message="Every song stops after half a minute.")
    support_inbox.staff_reply(session, actor=admin, request_id=created.id, body="Fixed, reload the page.")
    note = _notes(session, ann)[0]
    assert (note.title, note.link) == (f"Support replied: {subject}", f"/support/requests/{created.id}")
    mail = _mails(session, ann)[0]
    assert "Player &lt;b&gt;stops&lt;/b&gt;" in mail.html and "<b>stops" not in mail.html
