"""The playlist access-control table and its world, shared by the three layers that run it.

Every actor x playlist kind x operation has an explicit expected outcome. The services
(``tests/services/test_access_matrix.py``), the REST API
(``tests/api/test_access_matrix_api.py``) and the state handlers
(``tests/state/test_playlist_access_matrix_state.py``) each run every case against a
fresh playlist and fail on any unexpected allow *or* deny.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from spoticlone.models import Playlist, PlaylistCollaborator, PlaylistFollow, PlaylistTrack, Role, Track, User
from tests import factories

ACTORS = ("anonymous", "owner", "collaborator", "listener", "admin")
KINDS = ("private", "public", "collab_private", "collab_public")
OPS = ("read", "play", "add", "remove", "reorder", "rename", "delete", "follow")

# ok = allowed; nf = NotFound (existence not revealed); deny = PermissionDenied; bad = Invalid.
EXPECTED: dict[tuple[str, str], tuple[str, ...]] = {
    #                                 read  play  add     remove  reorder rename  delete  follow
    ("anonymous", "private"):        ("nf", "nf", "nf",   "nf",   "nf",   "nf",   "nf",   "deny"),
    ("anonymous", "public"):         ("ok", "ok", "deny", "deny", "deny", "deny", "deny", "deny"),
    ("anonymous", "collab_private"): ("nf", "nf", "nf",   "nf",   "nf",   "nf",   "nf",   "deny"),
    ("anonymous", "collab_public"):  ("ok", "ok", "deny", "deny", "deny", "deny", "deny", "deny"),
    ("owner", "private"):            ("ok", "ok", "ok",   "ok",   "ok",   "ok",   "ok",   "bad"),
    ("owner", "public"):             ("ok", "ok", "ok",   "ok",   "ok",   "ok",   "ok",   "bad"),
    ("owner", "collab_private"):     ("ok", "ok", "ok",   "ok",   "ok",   "ok",   "ok",   "bad"),
    ("owner", "collab_public"):      ("ok", "ok", "ok",   "ok",   "ok",   "ok",   "ok",   "bad"),
    # The collaborator is invited on all four; the invitation counts only while collaborative.
    ("collaborator", "private"):        ("nf", "nf", "nf",   "nf",   "nf",   "nf",   "nf",   "nf"),
    ("collaborator", "public"):         ("ok", "ok", "deny", "deny", "deny", "deny", "deny", "ok"),
    ("collaborator", "collab_private"): ("ok", "ok", "ok",   "ok",   "ok",   "deny", "deny", "bad"),
    ("collaborator", "collab_public"):  ("ok", "ok", "ok",   "ok",   "ok",   "deny", "deny", "ok"),
    ("listener", "private"):         ("nf", "nf", "nf",   "nf",   "nf",   "nf",   "nf",   "nf"),
    ("listener", "public"):          ("ok", "ok", "deny", "deny", "deny", "deny", "deny", "ok"),
    ("listener", "collab_private"):  ("nf", "nf", "nf",   "nf",   "nf",   "nf",   "nf",   "nf"),
    ("listener", "collab_public"):   ("ok", "ok", "deny", "deny", "deny", "deny", "deny", "ok"),
    # Admins read everything and may delete (moderation) but never edit content.
    ("admin", "private"):            ("ok", "ok", "deny", "deny", "deny", "deny", "ok",   "bad"),
    ("admin", "public"):             ("ok", "ok", "deny", "deny", "deny", "deny", "ok",   "ok"),
    ("admin", "collab_private"):     ("ok", "ok", "deny", "deny", "deny", "deny", "ok",   "bad"),
    ("admin", "collab_public"):      ("ok", "ok", "deny", "deny", "deny", "deny", "ok",   "ok"),
}


@dataclass
class World:
    users: dict[str, User | None]
    tracks: list[Track]

    def playlist(self, session: Session, kind: str) -> Playlist:
        """A fresh playlist of ``kind`` with two songs and the collaborator invited."""
        pl = factories.make_playlist(
            session, owner=self.users["owner"], tracks=self.tracks[:2],
            visibility="public" if kind.endswith("public") else "private",
            collaborative=kind.startswith("collab"),
        )
        session.add(PlaylistCollaborator(playlist_id=pl.id, user_id=self.users["collaborator"].id))
        session.commit()
        # Forget the row: a deleted playlist's id may be reused (SQLite) by the next case.
        session.expunge_all()
        return pl


def build_world(session: Session) -> World:
    users = {
        "anonymous": None,
        "owner": factories.make_user(session, username="owner"),
        "collaborator": factories.make_user(session, username="collab"),
        "listener": factories.make_user(session, username="listener"),
        "admin": factories.make_user(session, username="admin", role=Role.ADMIN),
    }
    return World(users, [factories.make_track(session) for _ in range(3)])


def snapshot(session: Session, playlist_id: int):
    """Everything an operation could change, to prove a refused one changed nothing."""
    with Session(session.get_bind()) as fresh:  # not the test's session: nothing cached
        row = fresh.get(Playlist, playlist_id)
        items = fresh.exec(select(PlaylistTrack.id, PlaylistTrack.track_id, PlaylistTrack.position)
                           .where(PlaylistTrack.playlist_id == playlist_id).order_by(PlaylistTrack.position)).all()
        follows = fresh.exec(select(PlaylistFollow.user_id).where(PlaylistFollow.playlist_id == playlist_id)).all()
        return (row and (row.name, row.description, row.visibility, row.collaborative), list(items), sorted(follows))


def first_item(session: Session, playlist_id: int) -> int:
    return session.exec(select(PlaylistTrack.id).where(PlaylistTrack.playlist_id == playlist_id,
                                                       PlaylistTrack.position == 0)).one()
