"""Administration of artist profiles: the "verified" badge an administrator gives or takes back.

The badge tells listeners that the profile really is that artist. Only an administrator
decides it; the artist cannot set it on their own profile.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from spoticlone.models import ArtistProfile, User
from spoticlone.models.common import saved_id
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import require_admin
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound

log = logging.getLogger(__name__)


class VerifiedArtist(DTO):
    """An artist profile and whether it carries the badge."""

    id: int
    name: str
    slug: str
    verified: bool


def set_artist_verified(session: Session, *, actor: User | None, artist_id: int, verified: bool) -> VerifiedArtist:
    """Give (``verified=True``) or take back the verified badge of an artist profile.

    Raises:
        PermissionDenied: The actor is not an administrator.
        NotFound: No such artist profile.
        Invalid: ``verified`` is not a boolean.
    """
    admin = require_admin(actor)
    if not isinstance(verified, bool):
        raise Invalid("Say whether the artist is verified: true or false.")
    artist = session.get(ArtistProfile, artist_id)
    if artist is None:
        raise NotFound("That artist does not exist.")
    if artist.verified != verified:
        audit.record(session, actor=admin, action="artist.verified", target_type="artistprofile",
                     target_id=artist.id, before={"verified": artist.verified}, after={"verified": verified},
                     summary=f"{'Verified' if verified else 'Unverified'} {artist.stage_name}")
        artist.verified = verified
        session.add(artist)
        session.commit()
        log.info("admin %s %s artist %s", admin.id, "verified" if verified else "unverified", artist.id)
    return VerifiedArtist(id=saved_id(artist), name=artist.stage_name, slug=artist.slug, verified=artist.verified)
