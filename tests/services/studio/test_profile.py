"""Artist profiles: becoming an artist with a full profile, editing it, slugs that keep old links."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone.models import ArtistLink, ArtistProfile, ArtistSlugAlias, Role, User
from spoticlone.services.accounts import profiles
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from spoticlone.services.studio import profile, profile_rules
from tests import factories

LINKS = [{"label": "Shop", "url": "https://nova.example.com/shop"}, {"label": "", "url": "http://www.bandcamp.com/nova"}]


@pytest.fixture
def people(session):
    owner = factories.make_user(session, username="owner")
    other = factories.make_user(session, username="other")
    admin = factories.make_user(session, username="root", role=Role.ADMIN)
    return {"owner": owner, "other": other, "admin": admin}


def _artist(session, user) -> ArtistProfile:
    session.expire_all()
    return session.exec(select(ArtistProfile).where(ArtistProfile.user_id == user.id)).one()


def test_create_a_full_profile(session, people):
    out = profile.create_artist_profile(
        session, actor=people["owner"], stage_name=" Nova  Drive ", slug=" Nova-Drive-Official ",
        bio="Synths.\r\n\r\n\r\n\r\nFrom Berlin.\t<b>hi</b>", links=LINKS)
    assert (out.stage_name, out.slug, out.url) == ("Nova Drive", "nova-drive-official", "/artist/nova-drive-official")
    assert out.bio == "Synths.\n\nFrom Berlin. <b>hi</b>"  # plain text, kept as typed, shown escaped
    assert [(link.label, link.url) for link in out.links] == [
        ("Shop", "https://nova.example.com/shop"), ("bandcamp.com", "http://www.bandcamp.com/nova")]
    assert not out.verified and out.previous_slugs == []
    session.expire_all()
    assert session.get(User, people["owner"].id).role == Role.ARTIST


def test_become_artist_keeps_the_short_form_and_admins_keep_their_role(session, people):
    me = profiles.become_artist(session, actor=people["admin"], stage_name="DJ Root")
    assert me.role == "admin" and me.artist.slug == "dj-root"
    me = profiles.become_artist(session, actor=people["owner"], stage_name="DJ Root", slug="", links=LINKS)
    assert me.artist.slug == "dj-root-2" and me.role == "artist"
    assert len(profile.my_artist_profile(session, actor=people["owner"]).links) == 2


@pytest.mark.parametrize("slug", ["a", "-nova", "nova-", "no--va", "nova drive", "nová", "admin", "studio",
                                  "12345", "x" * 61, "nova/../admin", "nova%2f", "NOVA\u200b"])
def test_bad_or_reserved_slugs_are_refused_and_change_nothing(session, people, slug):
    with pytest.raises(Invalid):
        profile.create_artist_profile(session, actor=people["owner"], stage_name="Nova", slug=slug)
    assert session.exec(select(ArtistProfile)).all() == []
    session.expire_all()
    assert session.get(User, people["owner"].id).role == Role.LISTENER


HOSTILE_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>x</script>",
    "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example.com", "/relative", "example.com",
    "https://", "https://user:pass@example.com", "https://example.com@evil.com", "https://exa mple.com",
    "https://example.com/\u202egnp.exe", "https://localhost/x", "https://127.0.0.1/", "ftp://example.com",
    "https://example.com:0/", "https://example.com:99999/", "http:\\\\example.com", "https://-bad-.com",
    "https://example.com/" + "a" * 600, "https:example.com", "https://exa\nmple.com",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_links_are_refused(session, people, url):
    with pytest.raises(Invalid):
        profile.create_artist_profile(session, actor=people["owner"], stage_name="Nova",
                                      links=[{"label": "x", "url": url}])
    assert session.exec(select(ArtistLink)).all() == []


def test_link_and_bio_bounds(session, people):
    owner = people["owner"]
    too_many = [{"label": f"L{n}", "url": f"https://site{n}.example.com"} for n in range(9)]
    for bad in (dict(links=too_many), dict(links=[{"label": "x" * 41, "url": "https://a.example.com"}]),
                dict(links=[LINKS[0], LINKS[0]]), dict(links="https://a.example.com"),
                dict(links=[{"label": "ok"}]), dict(bio="x" * 2001), dict(bio="\n".join("x" * 61)),
                dict(bio="bell\x07"), dict(bio=123), dict(links=[{"label": "a", "url": "x"}] * 10_000)):
        with pytest.raises(Invalid):
            profile.create_artist_profile(session, actor=owner, stage_name="Nova", **bad)
    assert session.exec(select(ArtistProfile)).all() == []
    out = profile.create_artist_profile(session, actor=owner, stage_name="Nova", links=too_many[:8],
                                        bio="x" * 2000)
    assert len(out.links) == 8 and len(out.bio) == 2000


def test_taken_slugs_and_the_live_check(session, people):
    profile.create_artist_profile(session, actor=people["other"], stage_name="Nova", slug="nova")
    with pytest.raises(Conflict, match="taken"):
        profile.create_artist_profile(session, actor=people["owner"], stage_name="Nova", slug="nova")
    check = profile.check_slug(session, actor=people["owner"], slug="NOVA")
    assert not check.available and "taken" in check.message
    assert not profile.check_slug(session, actor=people["owner"], slug="admin").available
    bad = profile.check_slug(session, actor=people["owner"], slug="x" * 5000)
    assert not bad.available and len(bad.slug) <= profile_rules.SLUG_MAX
    assert profile.check_slug(session, actor=people["owner"], slug="nova-2").available
    assert profile.check_slug(session, actor=people["other"], slug="nova").available  # their own
    assert profile.suggest_slug(session, actor=people["owner"], stage_name="Nová").slug == "nova-2"
    with pytest.raises(PermissionDenied):
        profile.check_slug(session, actor=None, slug="nova")


def test_edit_everything_and_old_slugs_redirect(session, people):
    owner = people["owner"]
    profile.create_artist_profile(session, actor=owner, stage_name="Nova", slug="nova", links=LINKS)
    out = profile.update_artist_profile(session, actor=owner, stage_name="Nova Drive", slug="nova-drive",
                                        bio="New bio", links=[LINKS[1]])
    assert (out.stage_name, out.slug, out.bio, len(out.links)) == ("Nova Drive", "nova-drive", "New bio", 1)
    assert out.previous_slugs == ["nova"]
    assert profile.current_slug(session, slug="NOVA") == "nova-drive"
    assert profile.current_slug(session, slug="nova-drive") is None and profile.current_slug(session, slug="") is None
    # Nobody else may take the old address while it redirects; its artist may take it back.
    with pytest.raises(Conflict):
        profile.create_artist_profile(session, actor=people["other"], stage_name="X", slug="nova")
    assert profile.suggest_slug(session, actor=people["other"], stage_name="Nova").slug == "nova-2"
    back = profile.update_artist_profile(session, actor=owner, slug="nova")
    assert back.slug == "nova" and back.previous_slugs == ["nova-drive"]
    # Fields left out stay as they were.
    assert profile.update_artist_profile(session, actor=owner, bio="").stage_name == "Nova Drive"


def test_previous_slugs_are_capped(session, people):
    owner = people["owner"]
    profile.create_artist_profile(session, actor=owner, stage_name="Nova", slug="nova-0")
    for n in range(1, profile.MAX_PREVIOUS_SLUGS + 4):
        profile.update_artist_profile(session, actor=owner, slug=f"nova-{n}")
    aliases = session.exec(select(ArtistSlugAlias)).all()
    assert len(aliases) == profile.MAX_PREVIOUS_SLUGS
    assert "nova-0" not in {a.slug for a in aliases} and profile.current_slug(session, slug="nova-12") == "nova-13"


def test_a_bad_field_changes_nothing(session, people):
    owner = people["owner"]
    profile.create_artist_profile(session, actor=owner, stage_name="Nova", slug="nova", links=LINKS)
    with pytest.raises(Invalid):
        profile.update_artist_profile(session, actor=owner, stage_name="Renamed", slug="nova-2",
                                      links=[{"label": "x", "url": "javascript:alert(1)"}])
    out = profile.my_artist_profile(session, actor=owner)
    assert (out.stage_name, out.slug, len(out.links), out.previous_slugs) == ("Nova", "nova", 2, [])


def test_who_may_edit(session, people):
    owner, other, admin = people["owner"], people["other"], people["admin"]
    with pytest.raises(PermissionDenied, match="artist profile"):
        profile.my_artist_profile(session, actor=owner)
    with pytest.raises(PermissionDenied):
        profile.update_artist_profile(session, actor=None, bio="x")
    mine = profile.create_artist_profile(session, actor=owner, stage_name="Nova")
    profile.create_artist_profile(session, actor=other, stage_name="Other")
    with pytest.raises(NotFound):
        profile.update_artist_profile(session, actor=other, artist_id=mine.id, bio="pwned")
    with pytest.raises(NotFound):
        profile.my_artist_profile(session, actor=other, artist_id=10**12)
    with pytest.raises(NotFound):
        profile.check_slug(session, actor=other, slug="x-y", artist_id=mine.id)
    assert profile.update_artist_profile(session, actor=admin, artist_id=mine.id, bio="By admin").bio == "By admin"
    assert _artist(session, owner).bio == "By admin"
    with pytest.raises(Conflict, match="already"):
        profile.create_artist_profile(session, actor=owner, stage_name="Again")


def test_artist_page_extras(session, people):
    owner, other, admin = people["owner"], people["other"], people["admin"]
    profile.create_artist_profile(session, actor=owner, stage_name="Nova", slug="nova", links=LINKS)
    anonymous = profile.artist_page_extras(session, actor=None, slug="Nova")
    assert len(anonymous.links) == 2 and not anonymous.can_verify and not anonymous.can_edit
    assert profile.artist_page_extras(session, actor=owner, slug="nova").can_edit
    assert not profile.artist_page_extras(session, actor=other, slug="nova").can_edit
    as_admin = profile.artist_page_extras(session, actor=admin, slug="nova")
    assert as_admin.can_verify and not as_admin.can_edit  # admins edit other artists by id, over REST
    for missing in ("nobody", "", "x" * 500):
        with pytest.raises(NotFound):
            profile.artist_page_extras(session, actor=None, slug=missing)


def test_an_imported_long_slug_survives_other_edits(session, people):
    owner = people["owner"]
    long_slug = "the-" + "very-" * 15 + "long-name"
    factories.make_artist(session, stage_name="Imported", slug=long_slug, user_id=owner.id)
    out = profile.update_artist_profile(session, actor=owner, slug=long_slug.upper(), bio="Still here")
    assert out.slug == long_slug and out.bio == "Still here" and out.previous_slugs == []
    with pytest.raises(Invalid):
        profile.update_artist_profile(session, actor=owner, slug=long_slug + "-2")
