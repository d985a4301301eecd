"""Home's kept "Made for you" answers follow the listener's own actions on their next visit."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.discovery import mix_cache
from spoticlone.services.library import follows
from spoticlone.state.discovery.mixes import MadeForYouState, MixState
from spoticlone.testing.driver import call, run
from tests import factories
from tests.state.conftest import make_state


@pytest.fixture
def world(session):
    genres = [factories.make_genre(session, name=name) for name in ("Dream Pop", "Techno")]
    artists = [factories.make_artist(session, stage_name=f"Singer {i}") for i in range(4)]
    tracks = [factories.make_track(session, title=f"Song {i}", artist_id=artists[i % 4].id,
                                   genre_id=genres[i % 2].id, play_count=i) for i in range(12)]
    return {"artists": artists, "tracks": tracks, "me": factories.make_user(session)}


def _home(session, user):
    token = create_session(session, user_id=user.id)
    return run(MadeForYouState.load, make_state(MadeForYouState, routes.HOME, "/", {}, session_token=token))


def _shown(state):
    return [m["title"] for m in state.mixes], [t["id"] for t in state.picks], state.needs_tastes


def _uncached(session, user):
    mix_cache.clear_mix_cache()
    return _shown(_home(session, user))


def test_not_interested_on_a_mix_page_leaves_home_at_once(session, world):
    me = world["me"]
    _home(session, me)
    before = _shown(_home(session, me))
    hidden = before[1][0]
    token = create_session(session, user_id=me.id)
    page = make_state(MixState, routes.MIX_ROUTE, "/mix/discover-weekly", {"mix_id": "discover-weekly"},
                      session_token=token)
    run(MixState.load, page)
    call(MixState.not_interested, page, hidden)
    after = _shown(_home(session, me))
    assert hidden not in after[1]
    assert after == _uncached(session, me)


def test_a_follow_shows_on_home_at_once(session, world):
    me = world["me"]
    _home(session, me)
    before = _shown(_home(session, me))
    assert before[2] is True
    follows.follow_artist(session, actor=me, artist_id=world["artists"][2].id)
    after = _shown(_home(session, me))
    assert after[2] is False and "Singer 2 and more" in after[0]
    assert after == _uncached(session, me)
