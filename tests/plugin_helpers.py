"""Fake installed plugins for tests: modules on ``sys.path`` plus entry points, no pip.

``fake_plugins(monkeypatch, tmp_path, {"module": "source"}, {"name": "module:plugin"})``
writes the modules, makes discovery see the entry points, and returns the fresh
catalog; ``forget_plugins()`` puts discovery and subscribers back for the next test.
"""

from __future__ import annotations

import sys
import textwrap
from importlib import metadata

from spoticlone.plugins import activation, installed

GROUP = installed.ENTRY_POINT_GROUP

GOOD = '''
from fastapi import APIRouter
from pydantic import BaseModel, Field

from spoticlone.plugins import PLAY_STARTED, TRACK_LIKED, Plugin, Subscription

router = APIRouter()
CALLS = []


@router.get("/ping")
def ping():
    return {"pong": True}


class Settings(BaseModel):
    greeting: str = Field("hi", min_length=1, max_length=20)
    limit: int = Field(5, ge=1, le=10)
    api_token: str = ""


def on_like(session, *, user_id, track_id):
    CALLS.append((user_id, track_id))


plugin = Plugin(
    name="good", version="1.0.0", requires_core=">=0.1", description="A well-behaved plugin.",
    capabilities=frozenset({"api", "events", "settings", "http"}), http_hosts=("allowed.example",),
    settings_model=Settings, routers=(router,),
    subscriptions=(Subscription(TRACK_LIKED, "count", on_like),),
)
'''

RAISING = '''
from spoticlone.models import Genre
from spoticlone.plugins import TRACK_LIKED, Plugin, Subscription


def explode(session, *, user_id, track_id):
    session.add(Genre(name="Written by a failing plugin", slug="plugin-wrote-this"))
    session.flush()
    raise RuntimeError("the remote service is down")


plugin = Plugin(
    name="raising", version="0.1.0", requires_core=">=0.1", capabilities=frozenset({"events"}),
    subscriptions=(Subscription(TRACK_LIKED, "explode", explode),),
)
'''

BROKEN = '''
import this_module_does_not_exist  # noqa: F401
'''


def fake_plugins(monkeypatch, tmp_path, modules: dict[str, str], entry_points: dict[str, str]):
    folder = tmp_path / "plugins_src"
    folder.mkdir(exist_ok=True)
    for module, source in modules.items():
        (folder / f"{module}.py").write_text(textwrap.dedent(source))
        sys.modules.pop(module, None)
    monkeypatch.syspath_prepend(str(folder))
    eps = [metadata.EntryPoint(name=name, value=value, group=GROUP) for name, value in entry_points.items()]

    def fake_entry_points(*, group=None, **_):
        return [ep for ep in eps if group in (None, GROUP)]

    monkeypatch.setattr(installed.metadata, "entry_points", fake_entry_points)
    forget_plugins()
    return installed.catalog()


def forget_plugins() -> None:
    activation.unload_subscribers()
    installed.reset()
