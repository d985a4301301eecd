"""What the plugin adds: a ``play_started`` subscriber, a job, its tables and settings."""

from lrclib.fetching import note_play
from lrclib.hosts import declared_hosts
from lrclib.settings import Settings
from spoticlone.plugins import PLAY_STARTED, Plugin, Subscription

plugin = Plugin(
    name="lrclib",
    version="0.1.0",
    requires_core=">=0.1,<1",
    description="Synced lyrics from LRCLIB for tracks that have none, fetched in the background.",
    capabilities=frozenset({"events", "http", "settings", "tables", "jobs"}),
    http_hosts=declared_hosts(),
    settings_model=Settings,
    subscriptions=(Subscription(event=PLAY_STARTED, name="fetch_lyrics", handler=note_play),),
    migrations="lrclib:migrations",
    task_modules=("lrclib.tasks",),
)
