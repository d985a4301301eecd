"""Turn domain events into notifications: releases, followers, playlist follows, invitations, support replies.

Each subscriber runs inside the emitting transaction and only writes rows (through
``inbox.deliver``): the mails go out from the job worker after the commit. A release is the
exception: it may have very many followers, so it is only noted here and ``fanout`` tells
them in chunks after the commit. Nobody is
notified of their own action, and ``deliver`` leaves out suspended accounts, respects the
preferences and writes nothing twice for one ``dedupe_key``; that key is what makes the
songs of one album published together a single "new release", and a follow toggled on
and off a single "new follower".
"""

from __future__ import annotations

from sqlmodel import Session

from spoticlone import routes
from spoticlone.models import (
    Playlist,
    SupportRequest,
    Track,
    TrackStatus,
    User,
)
from spoticlone.services.core import events
from spoticlone.services.notifications import fanout, inbox, preferences


@events.subscriber(events.TRACK_PUBLISHED, "notifications.release")
def _on_track_published(session: Session, *, track: Track) -> None:
    """Tell the artist's followers, once per release, after the publish commits (``fanout``)."""
    if track.status == TrackStatus.PUBLISHED:
        fanout.note_release(session, track)


@events.subscriber(events.USER_FOLLOWED, "notifications.follower")
def _on_user_followed(session: Session, *, follower_id: int, artist_id: int | None = None,
                     followed_user_id: int | None = None) -> None:
    """Tell a listener someone started following them (following an artist page is not this)."""
    if followed_user_id is None or followed_user_id == follower_id:
        return
    follower, recipient = session.get(User, follower_id), session.get(User, followed_user_id)
    if follower is None or recipient is None:
        return
    inbox.deliver(session, recipient, kind=preferences.FOLLOWER, title=f"{follower.username} started following you",
                  link=routes.user_url(follower.username), action="See their profile",
                  dedupe_key=f"follower:{follower_id}")


@events.subscriber(events.PLAYLIST_FOLLOWED, "notifications.playlist_follower")
def _on_playlist_followed(session: Session, *, playlist_id: int, follower_id: int, owner_id: int) -> None:
    """Tell a playlist's owner someone followed it."""
    if follower_id == owner_id:
        return
    playlist, follower, owner = session.get(Playlist, playlist_id), session.get(User, follower_id), \
        session.get(User, owner_id)
    if playlist is None or follower is None or owner is None:
        return
    inbox.deliver(session, owner, kind=preferences.PLAYLIST_FOLLOWER,
                  title=f"{follower.username} followed your playlist {playlist.name}",
                  link=routes.playlist_url(playlist_id, playlist.slug), action="Open the playlist",
                  dedupe_key=f"playlist_follower:{playlist_id}:{follower_id}")


@events.subscriber(events.COLLABORATOR_INVITED, "notifications.collaboration")
def _on_collaborator_invited(session: Session, *, playlist_id: int, user_id: int, invited_by: int) -> None:
    """Tell a listener they were invited to edit a playlist."""
    if user_id == invited_by:
        return
    playlist, invitee, inviter = session.get(Playlist, playlist_id), session.get(User, user_id), \
        session.get(User, invited_by)
    if playlist is None or invitee is None or inviter is None:
        return
    inbox.deliver(session, invitee, kind=preferences.COLLABORATION,
                  title=f"{inviter.username} invited you to edit {playlist.name}",
                  body="You can now add, remove and reorder songs in this playlist.",
                  link=routes.playlist_url(playlist_id, playlist.slug), action="Open the playlist",
                  dedupe_key=f"collaboration:{playlist_id}")


@events.subscriber(events.SUPPORT_REPLIED, "notifications.support_reply")
def _on_support_replied(session: Session, *, request_id: int, user_id: int, message_id: int) -> None:
    """Tell a listener support answered their request (the answer itself stays on the site)."""
    recipient = session.get(User, user_id)
    if recipient is None:
        return
    request = session.get(SupportRequest, request_id)
    about = f": {request.subject}" if request is not None else f" to your request #{request_id}"
    inbox.deliver(session, recipient, kind=preferences.SUPPORT_REPLY, title=f"Support replied{about}",
                  body="Sign in to read the answer and reply.",
                  link=routes.support_request_url(request_id), action="Read the reply",
                  dedupe_key=f"support:{message_id}")
