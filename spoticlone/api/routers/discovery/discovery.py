"""Discovery over REST: the caller's recommendations and mixes, their explicit choices, and
"similar tracks" / "fans also like" for anyone.

Everything under ``/api/v1/me`` acts for the signed-in caller only: there is no way to name
another listener. "Not interested" is ``POST`` (idempotent) and ``DELETE``; taste picks are
replaced whole with ``PUT``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor, OptionalActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import BodyId, IdPath, int_query
from spoticlone.services.catalog import browse
from spoticlone.services.catalog.dto import ArtistOut, TrackOut
from spoticlone.services.discovery import mixes, preferences, recommendations, similar
from spoticlone.services.discovery.dto import MixDetail, MixSummary, Preferences, RecommendedTrack
from spoticlone.services.discovery.preferences import MAX_PICKS
from spoticlone.services.library.dto import PlaylistOut

router = APIRouter(prefix="/api/v1", tags=["discovery"])

UNAUTHORIZED = {401: {"description": "Not signed in."}}
NOT_FOUND = {404: {"description": "No such published track or artist."}, **UNAUTHORIZED}
MIX_ERRORS = {404: {"description": "No such mix."}, **UNAUTHORIZED}
MixId = Annotated[str, Path(max_length=60, pattern=r"^[a-z0-9-]+$",
                            description="`daily-genre-<id>`, `daily-artist-<id>`, `discover-weekly` or "
                                        "`release-radar`, as listed by `GET /me/mixes`.")]

RecommendationLimit = int_query(1, recommendations.STORED, f"How many (1-{recommendations.STORED}).")
ShownLimit = int_query(1, similar.MAX_SHOWN, f"How many (1-{similar.MAX_SHOWN}).")


class TastePicksIn(BaseModel):
    genre_ids: list[BodyId] = Field(default=[], max_length=MAX_PICKS, description="Genres the listener likes.")
    artist_ids: list[BodyId] = Field(default=[], max_length=MAX_PICKS, description="Artists the listener likes.")


class SaveMixIn(BaseModel):
    name: str | None = Field(default=None, max_length=1000, description="Playlist name; the mix's title if omitted.")


@router.get("/me/recommendations", response_model=list[RecommendedTrack], summary="My recommendations",
            responses=UNAUTHORIZED,
            description="Published tracks picked for the caller, best first, each with the reason shown beside "
                        "it (\"Because you played …\", \"Fans of … also like\", \"Popular right now\"). Rebuilt "
                        "from the caller's newest plays and likes when they changed; a listener with no history "
                        "gets popular tracks.")
def my_recommendations(session: SessionDep, actor: CurrentActor,
                       limit: RecommendationLimit = 30):
    return recommendations.recommendations_for(session, actor=actor, limit=limit)


@router.get("/me/taste", response_model=Preferences, summary="My taste picks and hidden tracks and artists",
            responses=UNAUTHORIZED)
def my_taste(session: SessionDep, actor: CurrentActor):
    return preferences.my_preferences(session, actor=actor)


@router.put("/me/taste", response_model=Preferences, summary="Replace my taste picks",
            responses={**UNAUTHORIZED, 422: {"description": "An unknown genre or artist id."}},
            description=f"The genres and artists (at most {MAX_PICKS} each) that warm up a new listener's "
                        "recommendations. Sending empty lists clears them.")
def set_taste(session: SessionDep, actor: CurrentActor, body: TastePicksIn):
    return preferences.set_taste_picks(session, actor=actor, genre_ids=body.genre_ids, artist_ids=body.artist_ids)


@router.post("/me/not-interested/tracks/{track_id}", response_model=Preferences, summary="Not interested in a track",
             description="Hidden at once from every recommendation and mix of the caller.", responses=NOT_FOUND)
def hide_track(session: SessionDep, actor: CurrentActor, track_id: IdPath):
    return preferences.mark_not_interested(session, actor=actor, track_id=track_id)


@router.delete("/me/not-interested/tracks/{track_id}", response_model=Preferences,
               summary="Undo not interested in a track", responses=UNAUTHORIZED)
def unhide_track(session: SessionDep, actor: CurrentActor, track_id: IdPath):
    return preferences.undo_not_interested(session, actor=actor, track_id=track_id)


@router.post("/me/not-interested/artists/{artist_id}", response_model=Preferences,
             summary="Not interested in an artist",
             description="Every track of the artist is hidden at once from the caller's recommendations and mixes.",
             responses=NOT_FOUND)
def hide_artist(session: SessionDep, actor: CurrentActor, artist_id: IdPath):
    return preferences.mark_not_interested(session, actor=actor, artist_id=artist_id)


@router.delete("/me/not-interested/artists/{artist_id}", response_model=Preferences,
               summary="Undo not interested in an artist", responses=UNAUTHORIZED)
def unhide_artist(session: SessionDep, actor: CurrentActor, artist_id: IdPath):
    return preferences.undo_not_interested(session, actor=actor, artist_id=artist_id)


@router.get("/me/mixes", response_model=list[MixSummary], summary="My made-for-you mixes", responses=UNAUTHORIZED,
            description="3-6 daily mixes named by the caller's tastes, then Discover Weekly (30 tracks never "
                        "played, the same all week) and Release Radar. A listener with no history gets mixes "
                        "of popular genres.")
def my_mixes(session: SessionDep, actor: CurrentActor):
    return mixes.my_mixes(session, actor=actor)


@router.get("/me/mixes/{mix_id}", response_model=MixDetail, summary="One of my mixes with its tracks",
            responses=MIX_ERRORS)
def my_mix(session: SessionDep, actor: CurrentActor, mix_id: MixId):
    return mixes.get_mix(session, actor=actor, mix_id=mix_id)


@router.post("/me/mixes/{mix_id}/playlist", response_model=PlaylistOut, status_code=201,
             summary="Save a mix as a playlist",
             description="A new private playlist of the caller holding the mix's tracks; every playlist rule "
                         "(name, how many playlists) applies.",
             responses={**MIX_ERRORS, 422: {"description": "An invalid name or too many playlists."}})
def save_mix(session: SessionDep, actor: CurrentActor, mix_id: MixId, body: SaveMixIn | None = None):
    return mixes.save_mix(session, actor=actor, mix_id=mix_id, name=body.name if body else None)


@router.get("/tracks/{track_id}/similar", response_model=list[TrackOut], summary="Similar tracks",
            responses={404: {"description": "No such published track."}},
            description="Tracks that go with this one. A signed-in caller's hidden tracks and artists are left out.")
def similar_tracks(session: SessionDep, actor: OptionalActor, track_id: IdPath,
                   limit: ShownLimit = 10):
    return similar.similar_tracks(session, actor=actor, track_id=track_id, limit=limit)


@router.get("/artists/{slug}/fans-also-like", response_model=list[ArtistOut], summary="Fans also like",
            responses={404: {"description": "No such artist."}},
            description="Other artists that this artist's listeners play.")
def fans_also_like(session: SessionDep, actor: OptionalActor,
                   slug: Annotated[str, Path(max_length=220)],
                   limit: ShownLimit = 8):
    artist_id = browse.artist_id_for_slug(session, slug=slug)
    return similar.fans_also_like(session, actor=actor, artist_id=artist_id, limit=limit)
