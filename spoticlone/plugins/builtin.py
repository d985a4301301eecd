"""The core's own plugins: the main navigation, the administration menu, and the charts page
with its API.

Declared with the same ``Plugin`` object a third-party package exports and activated by
the same code, so the plugin API is proven by features every listener uses. Built-in
plugins are always on (the admin page lists them but offers no switch) and keep their
public URLs: their routers are mounted as declared, not under ``/api/plugins/<name>``.

``NAVIGATION`` and ``ADMINISTRATION`` are read by the shell (``components/layout.py``) when
it creates the sidebar and admin-menu registries, so the core's entries come first, before
any plugin's.
"""

from __future__ import annotations

import spoticlone
from spoticlone import routes
from spoticlone.plugins.spec import NavEntry, Plugin, PluginPage

NAVIGATION = Plugin(
    name="navigation",
    version=spoticlone.__version__,
    requires_core=f"=={spoticlone.__version__}",
    description="The main navigation: the desktop sidebar and the phone's tab bar (built in).",
    capabilities=frozenset({"sidebar"}),
    sidebar=(
        NavEntry("Home", routes.HOME, "house", where="both"),
        NavEntry("Search", routes.SEARCH, "search", where="both"),
        NavEntry("Browse", routes.BROWSE, "layout-grid", where="both"),
        NavEntry("Charts", routes.CHARTS, "chart-no-axes-column-increasing", where="both"),
        NavEntry("Playlists", routes.PLAYLISTS, "list-music", where="desktop"),
        NavEntry("Your Library", routes.LIBRARY, "library", where="phone"),
    ),
)

ADMINISTRATION = Plugin(
    name="administration",
    version=spoticlone.__version__,
    requires_core=f"=={spoticlone.__version__}",
    description="The administrators' part of the account menu (built in).",
    capabilities=frozenset({"admin_menu"}),
    admin_menu=(
        NavEntry("Administration", routes.ADMIN_USERS, "users"),
        NavEntry("Analytics", routes.ADMIN_ANALYTICS, "chart-line"),
        NavEntry("Editorial", routes.ADMIN_EDITORIAL, "star"),
        NavEntry("Legal pages", routes.ADMIN_LEGAL, "scroll-text"),
        NavEntry("Archive mode", routes.ADMIN_ARCHIVE, "archive"),
        NavEntry("Reports", routes.ADMIN_REPORTS, "flag"),
        NavEntry("Support inbox", routes.ADMIN_SUPPORT, "inbox"),
        NavEntry("Plugins", routes.ADMIN_PLUGINS, "puzzle"),
        NavEntry("Data browser", routes.ADMIN_DATA, "database"),
        NavEntry("Audit log", routes.ADMIN_AUDIT, "history"),
    ),
)


def _charts_page():
    # Imported when the page is built, not when plugins are listed (the worker lists them too).
    from spoticlone.pages.charts import charts_page

    return charts_page()


def _charts_on_load():
    # Imported when the page is registered (the app's build, on its main thread), not when
    # plugins are listed: services list them too (a data export asks which plugins hold personal
    # data), on worker threads, where Reflex cannot define a state class.
    from spoticlone.state.listening.charts import ChartsState

    return ChartsState.load


def core_plugins() -> tuple[Plugin, ...]:
    from spoticlone.api.routers.listening import charts as charts_api

    charts = Plugin(
        name="charts",
        version=spoticlone.__version__,
        requires_core=f"=={spoticlone.__version__}",
        description="Top songs, artists and albums, this week or all time (built in).",
        capabilities=frozenset({"pages", "api"}),
        pages=(PluginPage(route=routes.CHARTS, title="Charts", component=_charts_page,
                          on_load=_charts_on_load,
                          description="Top songs, artists and albums on Spoticlone."),),
        routers=(charts_api.router,),
    )
    return (NAVIGATION, ADMINISTRATION, charts)
