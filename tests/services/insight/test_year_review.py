"""Year in review: the figures, sharing by token (and taking it back), and the PNG card."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from spoticlone.models import InsightShare
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.insight import year_card
from spoticlone.services.insight.listener_stats import RankedItem
from spoticlone.services.insight.year_review import (
    own_year,
    share_year,
    shared_review,
    unshare_year,
)
from tests import factories
from tests.insight_history import NOW, make_history, play


@pytest.fixture
def history(session):
    return make_history(session)


def test_the_year_in_figures(session, history):
    review = own_year(session, actor=history.listener, year=2026, now=NOW)
    assert not review.empty and (review.minutes, review.plays) == (12, 5)
    assert [a.name for a in review.top_artists] == ["Nova Drive", "Mira Blue"]
    assert [t.name for t in review.top_tracks] == ["Night Run", "Neon", "Blue"]
    assert review.top_genre is not None and review.top_genre.name == "Synthwave"
    assert review.new_artists == 1  # Mira Blue; Nova Drive was first heard in 2025
    assert (review.busiest_day, review.busiest_day_minutes) == (date(2026, 11, 10), 5)
    assert not review.shared and review.share_path is None
    earlier = own_year(session, actor=history.listener, year=2025, now=NOW)
    assert (earlier.minutes, earlier.new_artists, earlier.busiest_day) == (3, 1, date(2025, 11, 30))
    paris = own_year(session, actor=history.listener, year=2025, tz="Europe/Paris", now=NOW)
    assert paris.busiest_day == date(2025, 12, 1)


def test_a_year_without_plays_says_so(session, history):
    review = own_year(session, actor=history.listener, year=2024, now=NOW)
    assert review.empty and review.top_artists == [] and review.top_genre is None and review.busiest_day is None
    with pytest.raises(Invalid, match="nothing to share for 2024"):
        share_year(session, actor=history.listener, year=2024, now=NOW)


def test_years_and_actors_refused(session, history):
    with pytest.raises(PermissionDenied):
        own_year(session, actor=None, year=2026, now=NOW)
    for year in (1999, 2028, 10**12):
        with pytest.raises(Invalid):
            own_year(session, actor=history.listener, year=year, now=NOW)


def test_sharing_gives_an_unguessable_link_that_can_be_taken_back(session, history):
    link = share_year(session, actor=history.listener, year=2026, tz="Europe/Paris", now=NOW)
    assert link.token[:22] == session.get(InsightShare, (history.listener.id, 2026)).nonce
    assert len(link.token) == 38 and link.path == f"/wrapped/{link.token}"
    assert share_year(session, actor=history.listener, year=2026, now=NOW).token == link.token  # same while shared
    seen = shared_review(session, token=link.token)
    assert seen.listener_name == "Ada Lovelace" and seen.review.year == 2026 and seen.review.minutes == 12
    assert seen.review.time_zone == "Europe/Paris"
    assert own_year(session, actor=history.listener, year=2026, now=NOW).share_path == link.path

    forged = link.token[:-1] + ("A" if link.token[-1] != "A" else "B")
    for bad in (forged, link.token[:22], "x" * 38, "", "../../etc/passwd", link.token + "x"):
        with pytest.raises(NotFound):
            shared_review(session, token=bad)

    unshare_year(session, actor=history.listener, year=2026)
    unshare_year(session, actor=history.listener, year=2026)  # idempotent
    with pytest.raises(NotFound):
        shared_review(session, token=link.token)
    again = share_year(session, actor=history.listener, year=2026, now=NOW)
    assert again.token != link.token
    with pytest.raises(NotFound):
        shared_review(session, token=link.token)


def test_one_listeners_token_never_shows_another(session, history):
    mine = share_year(session, actor=history.listener, year=2026, now=NOW)
    theirs = share_year(session, actor=history.other, year=2026, now=NOW)
    assert shared_review(session, token=theirs.token).review.plays == 5
    assert [a.name for a in shared_review(session, token=theirs.token).review.top_artists] == ["Mira Blue"]
    assert shared_review(session, token=mine.token).review.top_artists[0].name == "Nova Drive"
    # A row moved to another user keeps its nonce but not its signature: the old token is refused.
    row = session.get(InsightShare, (history.listener.id, 2026))
    session.delete(row)
    session.commit()
    session.add(InsightShare(user_id=history.other.id, year=2025, nonce=mine.token[:22]))
    session.commit()
    with pytest.raises(NotFound):
        shared_review(session, token=mine.token)
    # Taking one's own share back never touches someone else's.
    unshare_year(session, actor=history.listener, year=2026)
    assert shared_review(session, token=theirs.token).listener_name


def test_a_suspended_listeners_share_is_gone(session, history):
    link = share_year(session, actor=history.listener, year=2026, now=NOW)
    history.listener.suspended = True
    session.add(history.listener)
    session.commit()
    with pytest.raises(NotFound):
        shared_review(session, token=link.token)


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_the_card_is_a_real_png_of_the_right_size(session, history):
    card = year_card.own_card(session, actor=history.listener, year=2026)
    image = _image(card.png)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    story = year_card.own_card(session, actor=history.listener, year=2026, variant="story")
    assert _image(story.png).size == (1080, 1920) and story.etag != card.etag
    assert year_card.own_card(session, actor=history.listener, year=2026).etag == card.etag
    empty = year_card.own_card(session, actor=history.listener, year=2024)
    assert _image(empty.png).size == (1200, 630) and empty.etag != card.etag
    with pytest.raises(Invalid):
        year_card.own_card(session, actor=history.listener, year=2026, variant="square")
    link = share_year(session, actor=history.listener, year=2026, now=NOW)
    assert _image(year_card.shared_card(session, token=link.token).png).size == (1200, 630)
    unshare_year(session, actor=history.listener, year=2026)
    with pytest.raises(NotFound):
        year_card.shared_card(session, token=link.token)


HOSTILE = [
    "A" * 5000,
    "\u202eevil override\u202c and \x00 nul \x1b[31m escape",
    "坂本龍一 · 宇多田ヒカル · 아이유",
    "فيروز و عبد الحليم",
    "Ελληνικά Кириллица עברית",
    "🔥🔥🔥 fire 🔥",
    "<script>alert(1)</script> & \"quotes\"",
    "\ud800 lone surrogate",
    "",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_and_long_names_draw(name):
    item = RankedItem(id=1, name=name, url="/x", detail=name, plays=3, minutes=9)
    review = own_year_shape(name, item)
    for variant, size in year_card.SIZES.items():
        assert _image(year_card.render(name, review, variant)).size == size


def test_long_text_is_cut_with_an_ellipsis_and_unknown_glyphs_dropped():
    runs = year_card.fit("A very long artist name " * 20, bold=True, size=25, width=300)
    text = "".join(part for _font, part in runs)
    assert text.endswith("…") and len(text) < 60
    assert "".join(p for _f, p in year_card.fit("fire 🔥", bold=False, size=20, width=500)) == "fire "
    assert year_card.clean("a\u202eb\x00c\n d") == "abc d"
    cjk = year_card.fit("坂本龍一", bold=False, size=20, width=500)
    assert "".join(p for _f, p in cjk) == "坂本龍一"


def own_year_shape(name: str, item: RankedItem):
    from spoticlone.services.insight.year_review import YearReview

    return YearReview(
        year=2026, time_zone="UTC", time_zone_known=False, empty=False, minutes=123_456, ms_played=1,
        plays=10, top_artists=[item] * 5, top_tracks=[item] * 5, top_genre=item, new_artists=42,
        busiest_day=date(2026, 3, 14), busiest_day_minutes=999, shared=False, share_path=None,
    )


def test_a_late_new_listener_with_one_play(session, history):
    newcomer = factories.make_user(session)
    play(session, newcomer, history.blue, NOW, 45_000)
    review = own_year(session, actor=newcomer, year=2026, now=NOW)
    assert (review.minutes, review.plays, review.new_artists) == (0, 1, 1)
    assert _image(year_card.own_card(session, actor=newcomer, year=2026).png).size == (1200, 630)
