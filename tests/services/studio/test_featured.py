"""Featured artists on a track: find by name, add, remove; bounded, no duplicates, owner only."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from spoticlone.models import Role, TrackFeaturedArtist, TrackStatus
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from spoticlone.services.studio import featured, publishing, releases
from spoticlone.services.studio.featured import MAX_FEATURED
from tests import factories


@pytest.fixture
def world(session):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Vela Kite", user_id=owner.id)
    track = factories.make_track(session, title="Comet", artist_id=artist.id, status=TrackStatus.DRAFT)
    guests = {name: factories.make_artist(session, stage_name=name)
              for name in ("Nova Drive", "Supernova", "Ana_Nova", "100% Nova", "Kite Runner")}
    other = factories.make_user(session, role=Role.ARTIST)
    factories.make_artist(session, user_id=other.id, stage_name="Other Nova")
    return dict(owner=owner, artist=artist, track=track.id, guests={n: a.id for n, a in guests.items()},
                other=other, admin=factories.make_user(session, role=Role.ADMIN), listener=factories.make_user(session))


def test_search_by_part_of_the_name_prefix_first_without_oneself(session, world):
    found = featured.search_artists(session, actor=world["owner"], query="NOVA")
    names = [a.name for a in found]
    assert names[0] == "Nova Drive" and set(names) == {"Nova Drive", "Supernova", "Ana_Nova", "100% Nova", "Other Nova"}
    assert [a.name for a in featured.search_artists(session, actor=world["owner"], query="kite")] == ["Kite Runner"]
    # LIKE wildcards in the query are literal characters.
    assert [a.name for a in featured.search_artists(session, actor=world["owner"], query="a_n")] == ["Ana_Nova"]
    assert [a.name for a in featured.search_artists(session, actor=world["owner"], query="100%")] == ["100% Nova"]
    assert featured.search_artists(session, actor=world["owner"], query="   ") == []
    assert len(featured.search_artists(session, actor=world["owner"], query="a", limit=10_000)) <= 20


@pytest.mark.parametrize("actor, query, error", [
    ("listener", "nova", PermissionDenied), (None, "nova", PermissionDenied),
    ("owner", "x" * 101, Invalid), ("owner", 42, Invalid),
])
def test_search_refusals(session, world, actor, query, error):
    with pytest.raises(error):
        featured.search_artists(session, actor=world[actor] if actor else None, query=query)


def test_add_and_remove_show_on_the_track_page_once_published(session, world):
    owner, track_id, guests = world["owner"], world["track"], world["guests"]
    after = featured.add_featured(session, actor=owner, track_id=track_id, artist_id=guests["Supernova"])
    after = featured.add_featured(session, actor=owner, track_id=track_id, artist_id=guests["Nova Drive"])
    assert [a.name for a in after] == ["Nova Drive", "Supernova"]
    assert [a.name for a in releases.get_track(session, actor=owner, track_id=track_id).featured] == \
        ["Nova Drive", "Supernova"]
    release = releases.create_release(session, actor=owner, title="Comet", track_ids=[track_id])
    assert [a.name for a in release.tracks[0].featured] == ["Nova Drive", "Supernova"]
    publishing.publish_release(session, actor=owner, album_id=release.id, affirm_rights=True)
    page = browse.get_track(session, track_id=track_id)
    assert sorted(a.name for a in page.featured) == ["Nova Drive", "Supernova"]
    left = featured.remove_featured(session, actor=owner, track_id=track_id, artist_id=guests["Supernova"])
    assert [a.name for a in left] == ["Nova Drive"]
    with pytest.raises(NotFound, match="not featured"):
        featured.remove_featured(session, actor=owner, track_id=track_id, artist_id=guests["Supernova"])


def _links(session) -> int:
    return session.exec(select(func.count()).select_from(TrackFeaturedArtist)).one()


def test_bad_additions_change_nothing(session, world):
    owner, track_id, guests = world["owner"], world["track"], world["guests"]
    featured.add_featured(session, actor=owner, track_id=track_id, artist_id=guests["Supernova"])
    with pytest.raises(Conflict, match="already featured"):
        featured.add_featured(session, actor=owner, track_id=track_id, artist_id=guests["Supernova"])
    with pytest.raises(Invalid, match="own artist"):
        featured.add_featured(session, actor=owner, track_id=track_id, artist_id=world["artist"].id)
    for bad in (999_999, True, "3"):
        with pytest.raises(Invalid, match="does not exist"):
            featured.add_featured(session, actor=owner, track_id=track_id, artist_id=bad)
    assert _links(session) == 1


def test_at_most_ten_featured_artists(session, world):
    owner, track_id = world["owner"], world["track"]
    extra = [factories.make_artist(session, stage_name=f"Guest {n}").id for n in range(MAX_FEATURED)]
    for artist_id in extra[:MAX_FEATURED]:
        featured.add_featured(session, actor=owner, track_id=track_id, artist_id=artist_id)
    with pytest.raises(Invalid, match="at most 10"):
        featured.add_featured(session, actor=owner, track_id=track_id, artist_id=world["guests"]["Supernova"])
    assert _links(session) == MAX_FEATURED


@pytest.mark.parametrize("who, error", [
    ("other", NotFound), ("listener", NotFound), ("admin", PermissionDenied), (None, PermissionDenied),
])
def test_only_the_artist_edits_featured_artists(session, world, who, error):
    owner, track_id, guest = world["owner"], world["track"], world["guests"]["Supernova"]
    featured.add_featured(session, actor=owner, track_id=track_id, artist_id=guest)
    actor = world[who] if who else None
    with pytest.raises(error):
        featured.add_featured(session, actor=actor, track_id=track_id, artist_id=world["guests"]["Nova Drive"])
    with pytest.raises(error):
        featured.remove_featured(session, actor=actor, track_id=track_id, artist_id=guest)
    with pytest.raises(NotFound):
        featured.add_featured(session, actor=owner, track_id=999_999, artist_id=guest)
    assert _links(session) == 1
