"""Installed plugins over HTTP (``/api/v1/admin/plugins``): list, switch on or off, settings.

Administrators only (``services.admin.plugins`` refuses anyone else). Switching a plugin
mounts or removes its API routes at once; its pages follow on the next build.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.services.admin import plugins
from spoticlone.services.admin.plugins import PluginInfo

router = APIRouter(prefix="/api/v1/admin/plugins", tags=["admin"])

REFUSED = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}}
UNKNOWN = {404: {"description": "No installed plugin has that name."}}
PluginName = Annotated[str, Path(min_length=1, max_length=120, description="The plugin's name.")]


class EnabledBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(description="On or off.")


class SettingsBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: dict[Annotated[str, Field(max_length=80)], str | int | float | bool] = Field(
        max_length=50, description="Setting name → new value; the plugin's model validates them.")


@router.get("", response_model=list[PluginInfo], summary="Installed plugins", responses=REFUSED)
def list_plugins(session: SessionDep, actor: CurrentActor):
    """Every installed plugin with its version, capabilities, state, settings and problems."""
    return plugins.list_plugins(session, actor=actor)


@router.put("/{name}/enabled", response_model=PluginInfo, summary="Enable or disable a plugin",
            responses={**REFUSED, **UNKNOWN, 422: {"description": "Built in, or broken."}})
def set_enabled(session: SessionDep, actor: CurrentActor, name: PluginName, body: EnabledBody):
    """Its API routes and subscribers follow at once; its pages on the next build (`restart_needed`)."""
    return plugins.set_enabled(session, actor=actor, name=name, enabled=body.enabled)


@router.put("/{name}/settings", response_model=PluginInfo, summary="Change a plugin's settings",
            responses={**REFUSED, **UNKNOWN, 422: {"description": "A value the plugin refuses."}})
def update_settings(session: SessionDep, actor: CurrentActor, name: PluginName, body: SettingsBody):
    """Validated by the plugin's settings model; a blank secret keeps the stored one."""
    return plugins.update_settings(session, actor=actor, name=name, values=body.values)
