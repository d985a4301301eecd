'''The files ``cli new-plugin`` writes, as templates (``$name``, ``$title``, ``$state``, ``$route``).

They are also the tutorial's code (``docs/plugins.md`` shows them for ``hello_board``;
a test keeps the two identical), so each file is written to be read by someone new
to Reflex.
'''

FILES: dict[str, str] = {}

FILES["pyproject.toml"] = '''\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "$dist"
version = "0.1.0"
description = "$title: a Spoticlone plugin."
requires-python = ">=3.11"

# How Spoticlone finds the plugin: the entry point names the Plugin object.
[project.entry-points."spoticlone.plugins"]
$name = "$name.plugin:plugin"

[tool.setuptools]
packages = ["$name"]

[tool.setuptools.package-data]
$name = ["migrations/versions/*.py"]
'''

FILES["README.md"] = '''\
# $title

A Spoticlone plugin: a page with a chart of the signed-in listener's plays per day,
its API at `/api/plugins/$name/summary`, a setting, and a table of its own.

In the Spoticlone checkout (its virtualenv), with this folder at `PATH`:

    .venv/bin/pip install -e PATH             # installs the entry point
    .venv/bin/python -m pytest PATH/tests     # its tests, with spoticlone.testing

Then enable "$name" on /admin/plugins: its API is live at once, and under `make run` the
server rebuilds itself for its page, sidebar and admin-menu entries (the admin page shows
the progress). See docs/plugins.md in the checkout.
'''

FILES["$name/__init__.py"] = '''\
"""$title: a Spoticlone plugin (the declaration is in ``plugin.py``)."""
'''

FILES["$name/settings.py"] = '''\
"""The settings an administrator edits on /admin/plugins (every field needs a default)."""

from pydantic import BaseModel, Field


class Settings(BaseModel):
    days: int = Field(14, ge=1, le=90, title="Days shown", description="How many days the chart covers.")
    heading: str = Field("Your listening", min_length=1, max_length=80, title="Heading")
'''

FILES["$name/tables.py"] = '''\
"""The plugin's own table (created by ``migrations/versions/0001_views.py``).

Plain SQLAlchemy on the plugin's own ``MetaData``: the core's tables are never touched,
and its table names start with the plugin's name.
"""

import sqlalchemy as sa

metadata = sa.MetaData()

views = sa.Table(
    "${name}_view",
    metadata,
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)
'''

FILES["$name/history.py"] = '''\
"""The rules: what the page and the API show. Services take ``actor=`` and decide access."""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import Session, col, func, select

from spoticlone.models import PlayEvent
from spoticlone.plugins import plugin_settings
from spoticlone.services.core.actor import require_user

from $name.tables import views


class Day(BaseModel):
    day: str
    plays: int


class Summary(BaseModel):
    heading: str
    total: int
    days: list[Day]
    views: int


def summary(session: Session, *, actor) -> Summary:
    """The signed-in listener's counted plays per day, oldest first (signed-in only)."""
    user = require_user(actor)
    settings = plugin_settings(session, "$name")
    today = datetime.now(timezone.utc).date()
    first = today - timedelta(days=settings.days - 1)
    since = datetime(first.year, first.month, first.day, tzinfo=timezone.utc)
    day = func.date(PlayEvent.started_at)
    rows = session.exec(
        select(day, func.count())
        .where(PlayEvent.user_id == user.id, col(PlayEvent.counted), PlayEvent.started_at >= since)
        .group_by(day)
    ).all()
    counts = {str(d): n for d, n in rows}
    days = [Day(day=(first + timedelta(days=i)).isoformat(),
                plays=counts.get((first + timedelta(days=i)).isoformat(), 0))
            for i in range(settings.days)]
    return Summary(heading=settings.heading, total=sum(d.plays for d in days), days=days,
                   views=_count_view(session, user.id))


def _count_view(session: Session, user_id: int) -> int:
    """One more visit of this listener to the page (kept in the plugin's own table)."""
    current = session.execute(sa.select(views.c.count).where(views.c.user_id == user_id)).scalar()
    if current is None:
        session.execute(sa.insert(views).values(user_id=user_id, count=1))
    else:
        session.execute(sa.update(views).where(views.c.user_id == user_id).values(count=current + 1))
    session.commit()
    return (current or 0) + 1
'''

FILES["$name/state.py"] = '''\
"""The page's state: ``load`` runs on the server when the page opens, then the page shows the vars."""

from typing import Any

import reflex as rx

from spoticlone.state.acting import act

from $name import history


class $state(rx.State):
    heading: str = ""
    total: int = 0
    views: int = 0
    days: list[dict[str, Any]] = []
    error: str = ""

    @rx.event
    async def load(self):
        # ``act`` runs the service as the signed-in listener (never as someone the browser names).
        result, redirect = await act(self, history.summary)
        if redirect is not None:
            return redirect
        if result is not None:
            self.heading, self.total, self.views = result.heading, result.total, result.views
            self.days = [{"day": d.day[5:], "plays": d.plays} for d in result.days]
        return None
'''

FILES["$name/page.py"] = '''\
"""The page: built once when the app is built, so it only arranges components and state vars."""

import reflex as rx

from $name.state import $state


def ${name}_page() -> rx.Component:
    return rx.box(
        rx.heading($state.heading, size="7", as_="h1"),
        rx.text($state.total, rx.cond($state.total == 1, " play", " plays"), " · visit number ",
                $state.views, color_scheme="gray", data_testid="${name}-total"),
        rx.recharts.bar_chart(
            rx.recharts.bar(data_key="plays", fill="#1db954", name="Plays"),
            rx.recharts.x_axis(data_key="day"),
            rx.recharts.y_axis(allow_decimals=False, width=32),
            rx.recharts.graphing_tooltip(),
            data=$state.days,
            width="100%",
            height=280,
        ),
        rx.cond($state.error != "", rx.callout($state.error, color_scheme="red")),
        data_testid="${name}-page",
        width="100%",
    )
'''

FILES["$name/api.py"] = '''\
"""The API: served at /api/plugins/$name/..., listed in /api/docs, switched with the plugin."""

from fastapi import APIRouter

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep

from $name import history

router = APIRouter()


@router.get("/summary", response_model=history.Summary, summary="$title: my plays per day")
def get_summary(session: SessionDep, actor: CurrentActor):
    return history.summary(session, actor=actor)
'''

FILES["$name/plugin.py"] = '''\
"""What the plugin adds to Spoticlone; the ``spoticlone.plugins`` entry point names ``plugin``."""

from spoticlone.plugins import NavEntry, Plugin, PluginPage

from $name.api import router
from $name.settings import Settings


# The page and its state are imported when the page is registered (the app's build), not when
# the plugin is listed: the core lists plugins on worker threads too, where Reflex cannot define
# a state class.
def _page():
    from $name.page import ${name}_page

    return ${name}_page()


def _on_load():
    from $name.state import $state

    return $state.load


plugin = Plugin(
    name="$name",
    version="0.1.0",
    requires_core=">=0.1,<1",
    description="$title: a chart of your plays per day.",
    capabilities=frozenset({"pages", "api", "sidebar", "admin_menu", "settings", "tables"}),
    settings_model=Settings,
    pages=(PluginPage("$route", "$title", _page, on_load=_on_load, requires="listener"),),
    routers=(router,),
    sidebar=(NavEntry("$title", "$route", "chart-column", where="desktop"),),
    # Shown to administrators only, in the account menu: here, a shortcut to its settings.
    admin_menu=(NavEntry("$title settings", "/admin/plugins", "settings"),),
    migrations="$name:migrations",
)
'''

FILES["$name/migrations/versions/0001_views.py"] = '''\
"""$name: the page-visit counter table."""

import sqlalchemy as sa
from alembic import op

revision = "${name}_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "${name}_view",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("${name}_view")
'''

FILES["tests/conftest.py"] = '''\
pytest_plugins = ["spoticlone.testing.fixtures"]
'''

FILES["tests/test_$name.py"] = '''\
"""The plugin's tests, with the core's harness (a fresh database per test)."""

import pytest
from pydantic import ValidationError

from spoticlone.models import PlayEvent
from spoticlone.services.auth.sessions import create_session
from spoticlone.testing import factories, render_page, run, state_for

from $name import history
from $name.page import ${name}_page
from $name.settings import Settings
from $name.state import $state


def _listener_with_a_play(session):
    user = factories.make_user(session)
    track = factories.make_track(session)
    session.add(PlayEvent(user_id=user.id, track_id=track.id, counted=True, ms_played=60_000))
    session.commit()
    return user


def test_summary_counts_my_plays(session, enable_plugin):
    enable_plugin("$name")
    user = _listener_with_a_play(session)
    result = history.summary(session, actor=user)
    assert result.total == 1 and len(result.days) == 14 and result.views == 1


def test_the_api_needs_sign_in(api, session, enable_plugin):
    enable_plugin("$name")
    assert api.get("/api/plugins/$name/summary").status_code == 401
    user = _listener_with_a_play(session)
    token = factories.make_api_token(session, user)
    answer = api.get("/api/plugins/$name/summary", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()["total"] == 1


def test_the_page_state_loads_for_the_signed_in_listener(session, enable_plugin):
    enable_plugin("$name")
    user = _listener_with_a_play(session)
    state = state_for($state, "$route", session_token=create_session(session, user_id=user.id))
    run($state.load, state)
    assert state.total == 1 and len(state.days) == 14


def test_the_page_renders():
    assert "${name}-page" in render_page(${name}_page)


def test_settings_are_bounded():
    with pytest.raises(ValidationError):
        Settings(days=0)
'''
