"""One simulated person's life on the site, acted out through the services.

``Simulator.live`` signs a persona up, verifies the address (or not), signs in on their
devices, then walks day by day through the period: listening sessions started from an
album, a playlist, a search, a radio or an artist page, each track skipped, stopped or
heard out, and now and then a like, a rating, a follow, a saved album or a playlist.
Every step is a service call, with ``clock`` set to the moment it happens.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlmodel import Session

from spoticlone.models import PlaySource, SyntheticUser, User
from spoticlone.services.accounts.signup import register, verify_email
from spoticlone.services.admin import simulation_model as model
from spoticlone.services.admin.simulation_catalog import Catalog
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.core.actor import load_actor
from spoticlone.services.core.errors import DomainError
from spoticlone.services.library import collection, follows, ratings
from spoticlone.services.library.playlists import manage, tracks
from spoticlone.services.listening import plays
from spoticlone.services.search import engine, recent


class Simulator:
    """Acts out personas one after the other on ``work``, counting what happened."""

    def __init__(self, work: Session, clock: model.SimClock, behaviour: model.Behaviour, catalog: Catalog,
                 popularity: model.Popularity, counts: Counter[str], end: datetime):
        self.work, self.clock, self.catalog = work, clock, catalog
        self.behaviour, self.rng = behaviour, behaviour.rng
        self.popularity, self.counts, self.end = popularity, counts, end
        self.listeners: list[str] = []
        self.own_playlists: list[int] = []
        self.recent: list[int] = []
        #: What the current persona already liked, followed or saved (each is done once).
        self.done: set[tuple[str, object]] = set()

    def live(self, persona: model.Persona, *, email: str, username: str, password: str,
             mark: SyntheticUser) -> None:
        """Sign ``persona`` up and act out everything they do until they leave or the period ends."""
        work, clock, rng = self.work, self.clock, self.rng
        clock.moment = persona.signup
        born = date(rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28))
        signup = register(work, email=email, username=username, password=password,
                          date_of_birth=born, clock=clock)
        mark.user_id = signup.user_id
        work.add(mark)
        work.commit()
        self.counts["users"] += 1
        if not persona.verifies or signup.code is None:
            return
        clock.advance(minutes=rng.uniform(1, 8))
        verify_email(work, request_id=signup.request_id, code=signup.code, clock=clock)
        self.counts["verified"] += 1
        for agent in persona.devices:
            create_session(work, user_id=signup.user_id, user_agent=agent,
                           ip=f"203.0.113.{rng.randrange(1, 255)}", clock=clock)
        if not persona.plays:
            return
        actor = load_actor(work, signup.user_id)
        assert actor is not None
        self.counts["listeners"] += 1
        self.own_playlists, self.recent, self.done = [], [], set()
        self._days(persona, actor)
        self.listeners.append(username)

    def _days(self, persona: model.Persona, actor: User) -> None:
        clock, rng = self.clock, self.rng
        last = min(persona.leaves, self.end)
        day = clock.moment.replace(hour=0, minute=0, second=0, microsecond=0)
        first = True
        while day <= last:
            count = self.behaviour.sessions_on(persona, day, first)
            for hour in sorted(self.behaviour.pick_hour(day) for _ in range(count)):
                moment = day.replace(hour=hour, minute=rng.randrange(60))
                if moment <= clock.moment:
                    moment = clock.moment + timedelta(minutes=rng.uniform(2, 30))
                if moment >= self.end:
                    return
                clock.moment = moment
                self._session(persona, actor)
                first = False
            day += timedelta(days=1)

    def _session(self, persona: model.Persona, actor: User) -> None:
        rng = self.rng
        length = self.behaviour.session_length(self.clock.moment.weekday() >= 5)
        source = rng.choices([s for s, _ in model.SOURCES], [w for _, w in model.SOURCES])[0]
        if persona.searches_often and rng.random() < 0.4:
            source = PlaySource.SEARCH
        queue, source_id = self._queue(source, actor, length)
        if not queue:
            source, queue, source_id = PlaySource.RADIO, self._radio(length), None
        for place, track_id in enumerate(queue):
            if self.clock.moment >= self.end:
                return
            if source == PlaySource.SEARCH and place == 1:
                # After the song searched for, the player keeps going as a radio of it.
                source, source_id = PlaySource.RADIO, str(queue[0])
            self._play(actor, track_id, source, source_id)
        if persona.makes_playlists and len(self.recent) >= 5 and rng.random() < 0.3:
            self._make_playlist(actor)
        if self.listeners and rng.random() < 0.04:
            other = rng.choice(self.listeners)
            if self._first("user", other):
                self._act(follows.follow_user, actor, "follows", username=other)

    def _radio(self, length: int) -> list[int]:
        return [self.popularity.pick(self.rng) for _ in range(length)]

    def _queue(self, source: PlaySource, actor: User, length: int) -> tuple[list[int], str | None]:
        catalog, rng = self.catalog, self.rng
        seed_track = self.popularity.pick(rng)
        if source == PlaySource.ALBUM and seed_track in catalog.album_of:
            album_id = catalog.album_of[seed_track]
            return catalog.albums[album_id][:length], str(album_id)
        if source == PlaySource.ARTIST:
            artist_id = catalog.artist_of[seed_track]
            return catalog.artists[artist_id][:length], str(artist_id)
        if source == PlaySource.PLAYLIST:
            choices = self.own_playlists + list(catalog.playlists)
            if choices:
                playlist_id = rng.choice(choices)
                items = list(catalog.playlists.get(playlist_id, self.recent[:20]))
                if rng.random() < 0.5:
                    rng.shuffle(items)
                return items[:length], str(playlist_id)
        if source == PlaySource.SEARCH:
            found = self._search(actor, seed_track)
            return ([found, *self._radio(length - 1)] if found is not None else []), None
        if source == PlaySource.RADIO:
            return [seed_track, *self._radio(length - 1)], str(seed_track)
        return [], None

    def _search(self, actor: User, seed_track: int) -> int | None:
        """Search for a track or artist (sometimes for what the catalog lacks); the top track found."""
        catalog, rng = self.catalog, self.rng
        if rng.random() < 0.14:
            query = rng.choice(model.MISSING_QUERIES)
        elif rng.random() < 0.5:
            query = catalog.titles[seed_track]
        else:
            query = catalog.artist_names.get(catalog.artist_of[seed_track], catalog.titles[seed_track])
        results = engine.search(self.work, query=query, limit_per_group=5, clock=self.clock)
        recent.record(self.work, actor=actor, query=query)
        self.counts["searches"] += 1
        if not results.total and not results.tracks:
            self.counts["empty_searches"] += 1
        self.clock.advance(seconds=rng.uniform(4, 20))
        return results.tracks[0].id if results.tracks else None

    def _play(self, actor: User, track_id: int, source: PlaySource, source_id: str | None) -> None:
        rng, clock, user_id = self.rng, self.clock, actor.id
        play_id = plays.start_play(self.work, track_id=track_id, source=source, source_id=source_id,
                                   user_id=user_id, clock=clock)
        heard = self.behaviour.listen(self.catalog.durations[track_id])
        outcome = plays.report_progress(self.work, play_id=play_id, ms_played=heard.ms_played,
                                        completed=heard.completed, skipped=heard.skipped, user_id=user_id)
        self.counts["plays"] += 1
        self.counts["counted"] += outcome.counted
        self.counts["skipped"] += heard.skipped
        self.recent = [track_id, *[t for t in self.recent if t != track_id][:49]]
        clock.advance(milliseconds=heard.ms_played + rng.randint(300, 3_000))
        if heard.completed:
            self._react(actor, track_id, source)

    def _react(self, actor: User, track_id: int, source: PlaySource) -> None:
        rng = self.rng
        if rng.random() < 0.05 and self._first("like", track_id):
            self._act(collection.like_track, actor, "likes", track_id=track_id)
        if rng.random() < 0.012:
            self._act(ratings.rate, actor, "ratings", target="track", target_id=track_id, stars=self.behaviour.stars())
        artist_id = self.catalog.artist_of[track_id]
        if rng.random() < 0.012 and self._first("artist", artist_id):
            self._act(follows.follow_artist, actor, "follows", artist_id=artist_id)
        album_id = self.catalog.album_of.get(track_id)
        if source == PlaySource.ALBUM and rng.random() < 0.03 and self._first("album", album_id):
            self._act(collection.save_album, actor, "saved_albums", album_id=album_id)
        if self.own_playlists and rng.random() < 0.02:
            self._act(tracks.add_tracks, actor, "playlist_adds", playlist_id=rng.choice(self.own_playlists),
                      track_ids=[track_id])

    def _first(self, kind: str, key: object) -> bool:
        """True the first time the current persona does ``kind`` to ``key``."""
        if (kind, key) in self.done:
            return False
        self.done.add((kind, key))
        return True

    def _make_playlist(self, actor: User) -> None:
        rng = self.rng
        name = rng.choice(model.PLAYLIST_NAMES)
        visibility = "public" if rng.random() < 0.5 else "private"
        made = self._act(manage.create_playlist, actor, "playlists", name=name, visibility=visibility)
        if made is None:
            return
        self.own_playlists.append(made.id)
        picks = list(dict.fromkeys(self.recent))[: rng.randint(5, 15)]
        if self._act(tracks.add_tracks, actor, "playlist_adds", playlist_id=made.id, track_ids=picks) is not None:
            self.counts["playlist_adds"] += len(picks) - 1

    def _act(self, service, actor: User, counter: str, **arguments):
        """Call a service as ``actor``; a refusal (own artist page, song already there) is a no-op."""
        try:
            result = service(self.work, actor=actor, **arguments)
        except DomainError:
            return None
        self.counts[counter] += 1
        self.clock.advance(seconds=self.rng.uniform(1, 5))
        return result
