"""Made-for-you mixes: daily mixes, Discover Weekly and Release Radar.

A mix is computed from the catalog and the listener's taste when it is asked for, except
Discover Weekly, which must stay the same all week: its 30 tracks are stored as
``Recommendation`` rows under the algorithm ``weekly:<ISO year>-W<week>`` and rebuilt only
when the week changes. Every read re-checks the rows, so a track taken down or hidden
("not interested") since is never shown.

* **Daily mixes** (3-6): the listener's taste is clustered by genre and by artist (plays,
  likes, follows and taste picks, weighted like ``signals.WEIGHTS``); each mix mixes their
  favourites in the cluster with recommendations and popular tracks of the same cluster,
  and is named by it ("Dream Pop Mix", "Nova and more").
* **Discover Weekly**: 30 tracks the listener had never played when it was built, from the
  engine's picks, topped up with popular tracks. Tracks played since stay until the next
  week: the mix is meant to be listened to, and leaving out what was played would shrink it
  while the listener plays it (and empty it by midweek). Its words say "had not heard".
* **Release Radar**: the newest releases of followed, picked and often played artists and of
  the artists the engine picks for them, topped up with the newest releases overall.

A listener with no history gets mixes of the most played genres: popular picks, not an error.
Home's answers (``home_shelf``, ``my_mixes``, ``home_picks``, ``needs_taste_picks``) are kept
per listener until anything they read changes (``mix_cache``); a mix page is built afresh.
Mix ids are stable words (``daily-genre-3``, ``daily-artist-7``, ``discover-weekly``,
``release-radar``), so a mix page can be bookmarked.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import NamedTuple

import numpy as np
from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import (
    ArtistFollow,
    ArtistProfile,
    Genre,
    NotInterested,
    PlayEvent,
    Recommendation,
    TastePick,
    Track,
    TrackLike,
    TrackStatus,
)
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.dto import TrackOut
from spoticlone.services.catalog.views import published_track_dtos
from spoticlone.services.core.actor import Actor, require_user
from spoticlone.services.core.errors import NotFound
from spoticlone.services.discovery import mix_cache, mix_popular, recommendations
from spoticlone.services.discovery.blend import spread_artists
from spoticlone.services.discovery.dto import MixDetail, MixSummary, RecommendedTrack
from spoticlone.services.library.dto import PlaylistOut

MIX_SIZE = 50
WEEKLY_SIZE = 30
MIN_DAILY, MAX_DAILY = 3, 6
#: A pick (taste picker) or a follow counts like this many likes of one track.
PICK_WEIGHT = 12.0
LIKE_WEIGHT = 4.0
WEEKLY = "discover-weekly"
RADAR = "release-radar"
_DAILY = re.compile(r"^daily-(genre|artist)-([1-9][0-9]{0,15})$")


class _Taste:
    """One listener's tastes: weight per track, genre and artist, and what they hid."""

    def __init__(self, session: Session, user_id: int) -> None:
        self.user_id = user_id
        self.tracks: dict[int, float] = defaultdict(float)
        for track_id, plays in session.exec(
            select(PlayEvent.track_id, func.count()).where(col(PlayEvent.user_id) == user_id,
                                                           col(PlayEvent.skipped).is_(False))
            .group_by(col(PlayEvent.track_id))
        ).all():
            self.tracks[track_id] += plays
        for track_id in session.exec(select(TrackLike.track_id).where(col(TrackLike.user_id) == user_id)).all():
            self.tracks[track_id] += LIKE_WEIGHT
        self.played = set(session.exec(select(PlayEvent.track_id).where(col(PlayEvent.user_id) == user_id)).all())
        rows = session.exec(select(Track.id, Track.genre_id, Track.artist_id).where(
            col(Track.id).in_(list(self.tracks)), col(Track.status) == TrackStatus.PUBLISHED)).all()
        self.genres: dict[int, float] = defaultdict(float)
        self.artists: dict[int, float] = defaultdict(float)
        for tid, gid, aid in rows:
            if gid is not None:
                self.genres[gid] += self.tracks[int(tid or 0)]
            self.artists[aid] += self.tracks[int(tid or 0)]
        for picked_genre, picked_artist in session.exec(
                select(TastePick.genre_id, TastePick.artist_id).where(col(TastePick.user_id) == user_id)).all():
            if picked_genre is not None:
                self.genres[picked_genre] += PICK_WEIGHT
            if picked_artist is not None:
                self.artists[picked_artist] += PICK_WEIGHT
        for followed in session.exec(select(ArtistFollow.artist_id).where(col(ArtistFollow.user_id) == user_id)):
            self.artists[followed] += PICK_WEIGHT
        hidden = session.exec(select(NotInterested).where(col(NotInterested.user_id) == user_id)).all()
        self.hidden_tracks = {h.track_id for h in hidden if h.track_id is not None}
        self.hidden_artists = {h.artist_id for h in hidden if h.artist_id is not None}

    @property
    def cold(self) -> bool:
        return not (self.genres or self.artists)

    def allowed(self, track: TrackOut) -> bool:
        return track.id not in self.hidden_tracks and track.artist.id not in self.hidden_artists


def _top(weights: dict[int, float], n: int) -> list[tuple[int, float]]:
    """The ``n`` heaviest keys, ties by id so the choice is stable."""
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _varied(tracks: Sequence[TrackOut], limit: int) -> list[TrackOut]:
    """At most ``limit`` distinct tracks, no artist more than twice in any ten in a row."""
    unique = list({t.id: t for t in tracks}.values())
    if not unique:
        return []
    artists = np.array([t.artist.id for t in unique], dtype=np.int64)
    order = spread_artists(np.arange(len(unique)), artists, limit=limit)
    return [unique[i] for i in order][:limit]


def _interleave(*lists: Sequence[TrackOut]) -> list[TrackOut]:
    """Familiar and new tracks taken in turns, as a mix should sound."""
    out: list[TrackOut] = []
    for group in zip(*(list(x) + [None] * (max(map(len, lists)) - len(x)) for x in lists), strict=True):
        out.extend(t for t in group if t is not None)
    return out


def _popular(session: Session, *, genre_id: int | None = None, artist_id: int | None = None,
             exclude: Iterable[int] = (), limit: int = MIX_SIZE) -> list[TrackOut]:
    return mix_popular.popular_fill(session, genre_id=genre_id, artist_id=artist_id, exclude=exclude, limit=limit)


def _favourites(session: Session, taste: _Taste) -> list[TrackOut]:
    best = sorted(taste.tracks, key=lambda t: (-taste.tracks[t], t))[:200]
    found = published_track_dtos(session, best)
    return [found[t] for t in best if t in found]


def _picks(session: Session, actor: Actor, *, refreshed: bool = False) -> list[TrackOut]:
    """The listener's recommended tracks; ``refreshed``: the caller brought them up to date already."""
    read = recommendations.stored_recommendations if refreshed else recommendations.recommendations_for
    return [r.track for r in read(session, actor=actor, limit=recommendations.STORED)]


def _summary(mix_id: str, kind: str, title: str, description: str, tracks: list[TrackOut]) -> MixSummary:
    covers = list(dict.fromkeys(t.cover_url for t in tracks if t.cover_url))[:4]
    return MixSummary(id=mix_id, kind=kind, title=title, description=description, covers=covers,
                      track_count=len(tracks), url=routes.mix_url(mix_id))


def _genre_mix(session: Session, taste: _Taste, genre: Genre, favourites: list[TrackOut],
               picks: list[TrackOut]) -> MixDetail:
    mine = [t for t in favourites if t.genre and t.genre.id == genre.id]
    new = [t for t in picks if t.genre and t.genre.id == genre.id]
    popular = _popular(session, genre_id=genre.id)
    tracks = _varied([t for t in _interleave(mine, new) + popular if taste.allowed(t)], MIX_SIZE)
    names = [a for a, _ in Counter(t.artist.name for t in tracks).most_common(3)]
    lead = f"{', '.join(names)} and more" if names else "Popular picks"
    words = (f"Popular {genre.name} to start with: {lead}." if taste.cold
             else f"{genre.name} for you: {lead}.")
    return MixDetail(mix=_summary(f"daily-genre-{genre.id}", "daily", f"{genre.name} Mix", words, tracks),
                     tracks=tracks)


def _artist_mix(session: Session, taste: _Taste, artist: ArtistProfile, favourites: list[TrackOut],
                picks: list[TrackOut]) -> MixDetail:
    own = _popular(session, artist_id=saved_id(artist), limit=15)
    genres = {t.genre.id for t in own if t.genre}
    mine = [t for t in favourites if t.artist.id == artist.id or (t.genre and t.genre.id in genres)]
    new = [t for t in picks if t.genre and t.genre.id in genres]
    around = [t for g in sorted(genres) for t in _popular(session, genre_id=g, limit=20)]
    tracks = _varied([t for t in _interleave(own, mine, new) + around if taste.allowed(t)], MIX_SIZE)
    others = [a for a, _ in Counter(t.artist.name for t in tracks if t.artist.id != artist.id).most_common(2)]
    words = f"{artist.stage_name}, {', '.join(others)} and more." if others else f"{artist.stage_name} and more."
    return MixDetail(mix=_summary(f"daily-artist-{artist.id}", "daily", f"{artist.stage_name} and more",
                                  words, tracks), tracks=tracks)


def _popular_genres(session: Session) -> list[int]:
    return mix_popular.most_played_genres(session, limit=MAX_DAILY)


def _clusters(session: Session, taste: _Taste) -> list[tuple[str, int]]:
    """Which daily mixes this listener gets: their strongest genres, then artists, then popular genres.

    A listener with little history still gets ``MIN_DAILY`` mixes: the most played genres
    they have no mix for yet fill the row (a cold listener gets only those).
    """
    genres = [("genre", g) for g, _ in _top(taste.genres, MAX_DAILY)]
    artists = [("artist", a) for a, _ in _top(taste.artists, MAX_DAILY) if a not in taste.hidden_artists]
    chosen = genres[:MAX_DAILY // 2] + artists[:MAX_DAILY // 2]
    rest = genres[MAX_DAILY // 2:] + artists[MAX_DAILY // 2:]
    chosen += rest[:max(0, MIN_DAILY - len(chosen))]
    if taste.cold:
        return [("genre", g) for g in _popular_genres(session)]
    if len(chosen) < MIN_DAILY:
        chosen += [("genre", g) for g in _popular_genres(session)
                   if ("genre", g) not in chosen][:MIN_DAILY - len(chosen)]
    return chosen[:MAX_DAILY]


def _daily(session: Session, actor: Actor, taste: _Taste, kind: str, target: int,
           favourites: list[TrackOut] | None = None, picks: list[TrackOut] | None = None) -> MixDetail:
    favourites = _favourites(session, taste) if favourites is None else favourites
    picks = _picks(session, actor) if picks is None else picks
    if kind == "genre":
        genre = session.get(Genre, target)
        if genre is None:
            raise NotFound("That mix does not exist.")
        return _genre_mix(session, taste, genre, favourites, picks)
    artist = session.get(ArtistProfile, target)
    if artist is None:
        raise NotFound("That mix does not exist.")
    return _artist_mix(session, taste, artist, favourites, picks)


def _week_key(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def _weekly(session: Session, actor: Actor, taste: _Taste, today: date,
            picks: list[TrackOut] | None = None) -> MixDetail:
    """This week's Discover Weekly, built once per ISO week and then read back unchanged.

    ``picks``: the listener's recommendations when the caller has them already.
    """
    key = _week_key(today)
    stored = _stored_weekly(session, taste, key)
    if not stored:
        fresh = [t for t in (picks if picks is not None else _picks(session, actor)) if t.id not in taste.played]
        fresh += _popular(session, exclude=taste.played, limit=WEEKLY_SIZE * 2)
        chosen = _varied([t for t in fresh if taste.allowed(t)], WEEKLY_SIZE)
        session.execute(delete(Recommendation).where(col(Recommendation.user_id) == taste.user_id,
                                                     col(Recommendation.algorithm).like("weekly:%")))
        now = datetime.now(UTC)
        session.add_all(Recommendation(user_id=taste.user_id, track_id=t.id, algorithm=key,
                                       score=float(WEEKLY_SIZE - i), generated_at=now, reason="Discover Weekly")
                        for i, t in enumerate(chosen))
        try:
            session.commit()
        except IntegrityError:  # another request built this week's mix at the same moment
            session.rollback()
        stored = _stored_weekly(session, taste, key)
    # Past tense: the tracks were new when the week's mix was built; those played since stay.
    words = ("Music you had not heard before, picked for you this week. New every Monday." if not taste.cold
             else "Popular tracks you had not heard before. Play and like a few to make it yours.")
    return MixDetail(mix=_summary(WEEKLY, "weekly", "Discover Weekly", words, stored), tracks=stored)


def _stored_weekly(session: Session, taste: _Taste, key: str) -> list[TrackOut]:
    ids = session.exec(select(Recommendation.track_id).where(
        col(Recommendation.user_id) == taste.user_id, col(Recommendation.algorithm) == key)
        .order_by(col(Recommendation.score).desc())).all()
    found = published_track_dtos(session, ids)
    return [found[i] for i in ids if i in found and taste.allowed(found[i])]


def _radar(session: Session, taste: _Taste, picks: list[TrackOut]) -> MixDetail:
    """Newest releases of the listener's artists and of the artists their picks come from."""
    mine = [a for a, _ in _top(taste.artists, 30)]
    similar = [a for a in dict.fromkeys(t.artist.id for t in picks) if a not in mine][:20]
    found: list[TrackOut] = []
    for artists in (mine, similar):
        if artists:
            found += mix_popular.newest_releases(session, artist_ids=artists, limit=MIX_SIZE)
    found += mix_popular.newest_releases(session, limit=MIX_SIZE)
    tracks = _varied([t for t in found if taste.allowed(t)], MIX_SIZE)
    words = ("New music from artists you follow and artists like them." if not taste.cold
             else "The newest releases on Spoticlone. Follow artists to make it yours.")
    return MixDetail(mix=_summary(RADAR, "radar", "Release Radar", words, tracks), tracks=tracks)


def _refresh_if_stale(session: Session, actor: Actor) -> Callable[[], bool]:
    """The ``prepare`` of every made-for-you entry: the stored recommendations, plays settled as the cache sees them."""
    return lambda: recommendations.refresh_if_stale(session, actor=actor, settle_plays=True)


def my_mixes(session: Session, *, actor: Actor, today: date | None = None) -> list[MixSummary]:
    """The listener's made-for-you mixes: daily mixes, then Discover Weekly and Release Radar.

    Kept per listener until anything they are built from changes (``mix_cache``).
    """
    user_id = saved_id(require_user(actor))
    day = today or datetime.now(UTC).date()
    found = mix_cache.cached_for_listener(
        session, user_id, ("mixes", day),
        lambda: _build_mixes(session, actor, _Taste(session, user_id), _picks(session, actor, refreshed=True), day),
        prepare=_refresh_if_stale(session, actor))
    return list(found)


def _build_mixes(session: Session, actor: Actor, taste: _Taste, picks: list[TrackOut],
                 today: date) -> list[MixSummary]:
    favourites = _favourites(session, taste)
    daily = [_daily(session, actor, taste, kind, target, favourites, picks).mix
             for kind, target in _clusters(session, taste)]
    special = [_weekly(session, actor, taste, today, picks).mix, _radar(session, taste, picks).mix]
    return [m for m in daily if m.track_count] + [m for m in special if m.track_count]


def home_picks(session: Session, *, actor: Actor, limit: int = 6) -> list[RecommendedTrack]:
    """A few of the listener's recommendations for Home, no artist more than twice."""
    user_id = saved_id(require_user(actor))
    found = mix_cache.cached_for_listener(
        session, user_id, ("picks", limit),
        lambda: _build_picks(
            recommendations.stored_recommendations(session, actor=actor, limit=recommendations.STORED), limit),
        prepare=_refresh_if_stale(session, actor))
    return list(found)


def _build_picks(recommended: list[RecommendedTrack], limit: int) -> list[RecommendedTrack]:
    """The first ``limit`` of ``recommended`` with no artist more than twice."""
    seen: Counter[int] = Counter()
    chosen = []
    for pick in recommended:
        if seen[pick.track.artist.id] < 2:
            seen[pick.track.artist.id] += 1
            chosen.append(pick)
    return chosen[:max(1, min(limit, recommendations.STORED))]


def needs_taste_picks(session: Session, *, actor: Actor) -> bool:
    """Whether a signed-in listener has no history and no picks yet (Home then offers the picker)."""
    if actor is None or actor.id is None:
        return False
    user_id = saved_id(actor)
    return mix_cache.cached_for_listener(session, user_id, "cold", lambda: _Taste(session, user_id).cold)


class HomeShelf(NamedTuple):
    """Home's "Made for you" row: the mix cards, a few picks, and whether to offer the taste picker."""

    mixes: list[MixSummary]
    picks: list[RecommendedTrack]
    needs_tastes: bool


def home_shelf(session: Session, *, actor: Actor, picks: int = 6, today: date | None = None) -> HomeShelf:
    """Everything Home's shelf shows, kept as one entry: a repeat visit reads one version."""
    user_id = saved_id(require_user(actor))
    day = today or datetime.now(UTC).date()

    def build() -> HomeShelf:
        # The listener's taste and recommendations are read once for the mixes and the picks.
        taste = _Taste(session, user_id)
        recommended = recommendations.stored_recommendations(session, actor=actor, limit=recommendations.STORED)
        mixes = _build_mixes(session, actor, taste, [r.track for r in recommended], day)
        return HomeShelf(mixes, _build_picks(recommended, picks), taste.cold)

    shelf = mix_cache.cached_for_listener(session, user_id, ("shelf", day, picks), build,
                                          prepare=_refresh_if_stale(session, actor))
    return HomeShelf(list(shelf.mixes), list(shelf.picks), shelf.needs_tastes)


def get_mix(session: Session, *, actor: Actor, mix_id: str, today: date | None = None) -> MixDetail:
    """One mix with its tracks; ``NotFound`` for an id that names no mix."""
    user_id = saved_id(require_user(actor))
    mix_id = mix_id if isinstance(mix_id, str) else ""
    taste = _Taste(session, user_id)
    if mix_id == WEEKLY:
        return _weekly(session, actor, taste, today or datetime.now(UTC).date())
    if mix_id == RADAR:
        return _radar(session, taste, _picks(session, actor))
    match = _DAILY.match(mix_id)
    if match is None or int(match.group(2)) >= 2**63:
        raise NotFound("That mix does not exist.")
    return _daily(session, actor, taste, match.group(1), int(match.group(2)))


def save_mix(session: Session, *, actor: Actor, mix_id: str, name: str | None = None,
             today: date | None = None) -> PlaylistOut:
    """Save a mix as a new private playlist of the listener (all playlist rules apply)."""
    from spoticlone.services.library.playlists import manage, tracks

    mix = get_mix(session, actor=actor, mix_id=mix_id, today=today)
    if not mix.tracks:
        raise NotFound("That mix has no tracks to save yet.")
    playlist = manage.create_playlist(session, actor=actor, name=name or mix.mix.title,
                                      description=mix.mix.description)
    try:
        tracks.add_tracks(session, actor=actor, playlist_id=playlist.id, track_ids=[t.id for t in mix.tracks])
    except Exception:
        session.rollback()
        manage.delete_playlist(session, actor=actor, playlist_id=playlist.id)
        raise
    return manage.get_playlist(session, actor=actor, playlist_id=playlist.id)
