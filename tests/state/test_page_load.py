"""A page's on_load handlers as one event: same work, same order, one session check."""

from __future__ import annotations

import asyncio

import pytest
from reflex.event import EventHandler, EventSpec
from sqlmodel import select

from spoticlone import routes
from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.db import get_engine
from spoticlone.models import Album
from spoticlone.services.auth.sessions import create_session, revoke_session
from spoticlone.state import page_load
from spoticlone.state.acting import signed_in_user_id
from spoticlone.state.auth import signed_in
from spoticlone.state.auth.signed_in import AuthState, checked_once
from spoticlone.state.catalog.album import AlbumState
from spoticlone.state.catalog.home import HomeState
from spoticlone.state.discovery.editorial import EditorialShelvesState
from spoticlone.state.discovery.mixes import MadeForYouState
from spoticlone.state.library.feed import FeedState
from spoticlone.state.listening.queue import QueueState
from spoticlone.state.page_load import PageLoadState, combined_on_load
from spoticlone.state.safety import FRIENDLY_ERROR
from spoticlone.testing.driver import drive, run_async, spec_args, spec_name
from tests.factories import make_album, make_artist, make_track, make_user
from tests.sql_log import reads_of, statements_run
from tests.state.conftest import make_state

ROUTE = "/test-page-load"


@pytest.fixture(autouse=True)
def own_registry(monkeypatch):
    """The routes these tests register are forgotten afterwards (the app's own stay as they were)."""
    monkeypatch.setattr(page_load, "_LOADS", dict(page_load._LOADS))


@pytest.fixture
def listener_token(session):
    artist = make_artist(session, stage_name="Velvet Echo")
    album = make_album(session, title="Night Swim", artist_id=artist.id)
    make_track(session, title="Song 1", artist_id=artist.id, album_id=album.id)
    user = make_user(session, username="ada")
    return create_session(session, user_id=user.id)


@pytest.fixture
def session_checks(monkeypatch):
    """Every session lookup the page states make through ``run_in_session``."""
    seen: list[str] = []
    real = signed_in.run_in_session

    def counting(fn, /, **kwargs):
        seen.append(fn.__name__)
        return real(fn, **kwargs)

    monkeypatch.setattr(signed_in, "run_in_session", counting)
    return seen


def test_plain_handlers_become_one_event_and_anything_else_keeps_the_chain():
    handlers = [AuthState.refresh, HomeState.load, FeedState.load]
    combined = combined_on_load(ROUTE, handlers)
    assert len(combined) == 1 and isinstance(combined[0], EventSpec)
    assert spec_name(combined[0]) == "PageLoadState.load_page"
    assert spec_args(combined[0]) == {"route": ROUTE}
    assert combined_on_load("/one", [HomeState.load]) == [HomeState.load]  # nothing to combine
    with_args = [AuthState.refresh, PageLoadState.load_page("/elsewhere")]
    assert combined_on_load("/args", with_args) == with_args
    background = [AuthState.refresh, QueueState.track_failed]
    assert combined_on_load("/background", background) == background


def test_the_page_load_runs_every_handler_in_order_with_one_session_check(listener_token, session_checks):
    combined_on_load(ROUTE, [AuthState.refresh, HomeState.load, FeedState.load])
    state = make_state(PageLoadState, ROUTE, ROUTE, session_token=listener_token)
    drive(PageLoadState.load_page, state, ROUTE)
    root = state.parent_state
    auth = root.get_substate(AuthState.get_full_name().split("."))
    home = root.get_substate(HomeState.get_full_name().split("."))
    assert auth.signed_in and auth.username == "ada"
    assert home.loaded and [a["title"] for a in home.new_releases] == ["Night Swim"]
    # The shell's profile read is the one check; the feed's own check reuses its answer.
    assert session_checks == ["signed_in_profile"]


def test_a_failing_handler_gets_the_friendly_answer_and_the_next_still_runs(listener_token, caplog):
    def broken(self):
        raise RuntimeError("boom")

    combined_on_load(ROUTE, [EventHandler(fn=broken, state=FeedState), HomeState.load])
    state = make_state(PageLoadState, ROUTE, ROUTE, session_token=listener_token)
    outcome = drive(PageLoadState.load_page, state, ROUTE)
    assert FRIENDLY_ERROR in str(outcome.events) and "boom" not in str(outcome.events)
    assert "boom" in caplog.text
    assert state.parent_state.get_substate(HomeState.get_full_name().split(".")).loaded


def test_what_a_handler_yields_is_sent_when_it_yields_it(session):
    artist = make_artist(session)
    album = make_album(session, title="Night Swim", artist_id=artist.id)
    make_track(session, artist_id=artist.id, album_id=album.id)
    ref = f"{album.id}-{album.slug}"
    combined_on_load(routes.ALBUM_ROUTE, [AuthState.refresh, AlbumState.load])
    state = make_state(PageLoadState, routes.ALBUM_ROUTE, routes.album_url(album.id, album.slug), {"album_ref": ref})
    outcome = drive(PageLoadState.load_page, state, routes.ALBUM_ROUTE)
    assert outcome.is_generator and outcome.yielded[:1] == [None]  # the album page clears at once
    assert state.parent_state.get_substate(AlbumState.get_full_name().split(".")).album["title"] == "Night Swim"


def test_an_unknown_route_loads_nothing():
    state = make_state(PageLoadState, "/", "/")
    assert drive(PageLoadState.load_page, state, "/never-registered").yielded == []


def test_the_remembered_answer_ends_with_the_page_load(session, listener_token, session_checks):
    """A session revoked after the page load is seen at once; so is it by an event queued inside."""
    header = f"{SESSION_COOKIE}={listener_token}"

    async def scenario():
        with checked_once():
            first = signed_in._user_id_for_cookie(header)
            second = signed_in._user_id_for_cookie(header)
            queued = asyncio.get_running_loop().create_future()
            later = asyncio.ensure_future(_after(queued))  # copies this context, memo included
        revoke_session(session, token=listener_token)
        queued.set_result(None)
        return first, second, signed_in._user_id_for_cookie(header), await later

    async def _after(gate):
        await gate
        return signed_in._user_id_for_cookie(header)

    first, second, after, queued_after = run_async(scenario())
    assert first == second is not None
    assert after is None and queued_after is None
    assert session_checks == ["user_for_token"] * 3


def test_an_answer_known_without_the_database_skips_the_session_check(listener_token, session_checks):
    """No cookie means nobody, and a page load's second ask reuses its first: no query for either."""
    anonymous = make_state(PageLoadState, ROUTE, ROUTE)
    assert run_async(signed_in_user_id(anonymous)) is None
    drive(AuthState.refresh, anonymous.parent_state.get_substate(AuthState.get_full_name().split(".")))
    assert session_checks == []

    signed = make_state(PageLoadState, ROUTE, ROUTE, session_token=listener_token)

    async def page_load():
        with checked_once():
            return await signed_in_user_id(signed), await signed_in_user_id(signed)

    first, second = run_async(page_load())
    assert first == second is not None
    assert session_checks == ["user_for_token"]
    assert run_async(signed_in_user_id(signed)) == first  # outside a page load every ask checks
    assert session_checks == ["user_for_token"] * 2


def test_a_page_load_shares_one_database_session_and_reads_the_account_once(listener_token):
    """The session check loads the account; the handlers acting for it after find it loaded."""
    combined_on_load(ROUTE, [AuthState.refresh, FeedState.load, MadeForYouState.load, EditorialShelvesState.load])
    state = make_state(PageLoadState, ROUTE, ROUTE, session_token=listener_token)
    with statements_run(get_engine()) as statements:
        drive(PageLoadState.load_page, state, ROUTE)
    reads_of_account = reads_of("user", statements)
    assert len(reads_of_account) == 1, reads_of_account


def test_coming_back_to_home_sends_only_what_changed(session, listener_token):
    """Home's shelves are sent again only when they differ from what the page already holds."""
    combined_on_load(ROUTE, [AuthState.refresh, HomeState.load, FeedState.load])
    state = make_state(PageLoadState, ROUTE, ROUTE, session_token=listener_token)
    root = state.parent_state
    home = root.get_substate(HomeState.get_full_name().split("."))
    auth = root.get_substate(AuthState.get_full_name().split("."))
    drive(PageLoadState.load_page, state, ROUTE)
    assert home.loaded and [a["title"] for a in home.new_releases] == ["Night Swim"]
    for sub in (home, auth):
        sub.dirty_vars.clear()

    drive(PageLoadState.load_page, state, ROUTE)  # nothing changed since
    assert home.dirty_vars == set() and auth.dirty_vars == set()

    artist_id = session.exec(select(Album.artist_id)).first()
    make_album(session, title="Deep Water", artist_id=artist_id)
    make_track(session, title="Song 2", artist_id=artist_id, album_id=session.exec(
        select(Album.id).where(Album.title == "Deep Water")).one())
    drive(PageLoadState.load_page, state, ROUTE)
    assert "new_releases" in home.dirty_vars and "genres" not in home.dirty_vars
    assert {a["title"] for a in home.new_releases} == {"Night Swim", "Deep Water"}


class _AppWithLoads:
    """What Reflex's ``_load_events_for_page`` asks of the app: the page's load events."""

    def __init__(self, events):
        self.events = events

    def get_load_events(self, path):
        return self.events


class _ContextWithApp:
    """Reflex's registration context, with the app replaced (everything else is the real one)."""

    def __init__(self, real, app):
        self._real, self.app = real, app

    def __getattr__(self, name):
        return getattr(self._real, name)


def _with_app_loads(monkeypatch, load_events):
    """Reflex's ``_load_events_for_page`` wrapped as the app wraps it, for a page with ``load_events``."""
    from reflex import state as reflex_state

    original = getattr(reflex_state._load_events_for_page, "__wrapped__", reflex_state._load_events_for_page)
    monkeypatch.setattr(reflex_state, "_load_events_for_page", original)
    page_load.pages_load_in_place()
    real_context = reflex_state.RegistrationContext.get()
    with_app = _ContextWithApp(real_context, _AppWithLoads(load_events))
    monkeypatch.setattr(reflex_state, "RegistrationContext",
                        type("Registration", (), {"get": staticmethod(lambda: with_app)}))


def _page_opened_with(monkeypatch, load_events):
    """What ``on_load_internal`` returns for a page whose on_load is ``load_events``."""
    from reflex import state as reflex_state

    state = make_state(PageLoadState, ROUTE, ROUTE)
    _with_app_loads(monkeypatch, load_events)
    return reflex_state._load_events_for_page(state), state


def _open_page(monkeypatch, load_events, *, session_token=None):
    """Open ``ROUTE`` as Reflex does: its ``on_load_internal`` handler through Reflex's own
    ``process_event``, under an event context that records what is sent and what is queued.
    """
    from reflex.state import OnLoadInternalState
    from reflex_base.event.context import EventContext
    from reflex_base.event.processor.base_state_processor import process_event

    state = make_state(PageLoadState, ROUTE, ROUTE, session_token=session_token)
    root = state.parent_state
    root.is_hydrated = True  # the page the listener comes from
    _with_app_loads(monkeypatch, load_events)
    sent, queued = [], []

    async def emit_delta(token, delta):
        sent.append(delta)

    async def enqueue(token, *events):
        queued.extend(events)

    async def go():
        ctx = EventContext(token="tab", state_manager=None, enqueue_impl=enqueue, emit_delta_impl=emit_delta)
        with ctx:
            await process_event(handler=OnLoadInternalState.event_handlers["on_load_internal"], payload={},
                                state=root.get_substate(OnLoadInternalState.get_full_name().split(".")[1:]),
                                root_state=root)

    run_async(go())
    return sent, queued, root


def _sent(deltas, state_cls, var):
    """The values of ``state_cls.var`` in the order the deltas sent them."""
    name = state_cls.get_full_name()
    return [d[name][key] for d in deltas if name in d for key in d[name] if key.split("_rx_state_")[0] == var]


def test_a_combined_page_load_runs_inside_the_event_that_opens_the_page(monkeypatch, listener_token):
    """One event pass: nothing is queued, and one delta carries the page's data and the end of its load."""
    combined = combined_on_load(ROUTE, [AuthState.refresh, HomeState.load])
    sent, queued, root = _open_page(monkeypatch, combined, session_token=listener_token)
    assert queued == []
    assert len(sent) == 1
    assert _sent(sent, HomeState, "new_releases")[0][0]["title"] == "Night Swim"
    assert _sent(sent, AuthState, "signed_in") == [True]
    assert _sent(sent, type(root), "is_hydrated") == [True] and root.is_hydrated is True


def test_a_load_that_yields_is_sent_as_it_yields_inside_the_opening_event(monkeypatch, listener_token):
    async def clears_first(self):
        self.loaded = False
        yield
        self.loaded = True

    combined = combined_on_load(ROUTE, [AuthState.refresh, HomeState.load])
    page_load._LOADS[ROUTE] = ((HomeState, clears_first),)
    sent, queued, root = _open_page(monkeypatch, combined, session_token=listener_token)
    assert queued == [] and len(sent) == 2
    assert _sent(sent, type(root), "is_hydrated") == [False, True]  # the first update is the page loading


def test_a_page_with_reflex_s_own_chain_keeps_the_hydrated_event(monkeypatch):
    queued, _ = _page_opened_with(monkeypatch, [AuthState.refresh, PageLoadState.load_page("/elsewhere")])
    assert len(queued) == 3 and "set_is_hydrated" in str(queued[-1])


def test_the_page_load_ends_hydrated_even_when_a_handler_fails(listener_token, caplog):
    combined_on_load(ROUTE, [AuthState.refresh, HomeState.load])
    state = make_state(PageLoadState, ROUTE, ROUTE, session_token=listener_token)
    state.parent_state.is_hydrated = False
    drive(PageLoadState.load_page, state, ROUTE)
    assert state.parent_state.is_hydrated is True

    def broken(self):
        raise RuntimeError("the feed is down")

    page_load._LOADS[ROUTE] = ((HomeState, broken),)
    state.parent_state.is_hydrated = False
    drive(PageLoadState.load_page, state, ROUTE)
    assert state.parent_state.is_hydrated is True


def test_a_superseded_page_load_does_not_mark_the_new_page_hydrated(listener_token):
    """Cancelled part-way (a newer navigation), the load leaves ``is_hydrated`` to the new page."""
    async def slow(self):
        yield
        yield  # never reached: the load is closed after the first update

    combined_on_load(ROUTE, [AuthState.refresh, HomeState.load])
    page_load._LOADS[ROUTE] = ((HomeState, slow),)
    state = make_state(PageLoadState, ROUTE, ROUTE, session_token=listener_token)
    state.parent_state.is_hydrated = False

    async def scenario():
        updates = PageLoadState.load_page.fn(state, ROUTE)
        await updates.__anext__()
        await updates.aclose()

    run_async(scenario())
    assert state.parent_state.is_hydrated is False
