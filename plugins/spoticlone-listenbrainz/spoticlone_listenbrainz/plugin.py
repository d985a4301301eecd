"""What the plugin adds: a settings page and API, two subscribers, two jobs, tables, settings, and its
share of a listener's data export and account deletion."""

from spoticlone.plugins import PLAY_RECORDED, PLAY_STARTED, NavEntry, Plugin, PluginPage, Subscription
from spoticlone_listenbrainz.api import router
from spoticlone_listenbrainz.personal_data import PERSONAL_DATA
from spoticlone_listenbrainz.scrobbling import on_play_recorded, on_play_started
from spoticlone_listenbrainz.settings import Settings, declared_hosts


# The page and its state are imported when the page is registered (the app's build), not when
# the plugin is listed: the core lists plugins on worker threads too (a data export asks which
# plugins hold personal data), where Reflex cannot define a state class.
def _page():
    from spoticlone_listenbrainz.page import listenbrainz_page

    return listenbrainz_page()


def _on_load():
    from spoticlone_listenbrainz.state import ListenBrainzState

    return ListenBrainzState.load


plugin = Plugin(
    name="listenbrainz",
    version="0.1.0",
    requires_core=">=0.1,<1",
    description="Send listens to ListenBrainz: each listener connects with their own token.",
    capabilities=frozenset({"pages", "api", "sidebar", "events", "http", "settings", "tables", "jobs",
                            "personal_data"}),
    http_hosts=declared_hosts(),
    settings_model=Settings,
    pages=(PluginPage("/p/listenbrainz", "ListenBrainz", _page, on_load=_on_load,
                      description="Connect your ListenBrainz account.", requires="listener"),),
    routers=(router,),
    sidebar=(NavEntry("ListenBrainz", "/p/listenbrainz", "radio", where="desktop"),),
    subscriptions=(Subscription(event=PLAY_STARTED, name="playing_now", handler=on_play_started),
                   Subscription(event=PLAY_RECORDED, name="listen", handler=on_play_recorded)),
    migrations="spoticlone_listenbrainz:migrations",
    task_modules=("spoticlone_listenbrainz.tasks",),
    personal_data=PERSONAL_DATA,
)
