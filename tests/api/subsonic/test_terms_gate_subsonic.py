"""The terms gate reaches Subsonic apps too: ``/rest`` writes wait for the new terms, reads do not."""

from __future__ import annotations

from sqlmodel import select

from spoticlone.models import Role, TrackLike
from spoticlone.services.accounts import legal
from tests import factories


def _call(api, library, method: str, **params) -> dict:
    response = api.get(f"/rest/{method}", params={"u": "ann", "p": library.ann_key, "c": "pytest", "f": "json",
                                                  **params})
    assert response.status_code == 200, response.text
    return response.json()["subsonic-response"]


def _liked(session, library) -> list[int]:
    session.expire_all()
    return [like.track_id for like in session.exec(select(TrackLike).where(TrackLike.user_id == library.ann.id))]


def test_a_star_waits_for_the_new_terms_and_reading_goes_on(api, library, session):
    legal.publish(session, actor=factories.make_user(session, role=Role.ADMIN), kind="privacy", body="v2",
                  requires_acceptance=True)
    song = library.tracks[0]

    refused = _call(api, library, "star", id=song.id)
    assert refused["status"] == "failed" and "We've updated our Privacy Policy" in refused["error"]["message"]
    assert _liked(session, library) == []
    assert _call(api, library, "getAlbum", id=library.album.id)["status"] == "ok"
    assert _call(api, library, "scrobble", id=song.id, submission="false")["status"] == "ok"  # listening goes on

    legal.accept_current(session, actor=library.ann)
    assert _call(api, library, "star", id=song.id)["status"] == "ok"
    assert _liked(session, library) == [song.id]
