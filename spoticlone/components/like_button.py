"""The heart (Liked Songs) for track rows and the player bar, and the album save button.

Rows never ask the server about themselves: a list asks once for all its ids
(``liked_loader``, again whenever the list changes) and each heart reads
``LikeState.liked_ids``; the player bar's heart does the same for the playing song.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventChain, no_args_event_spec
from reflex.utils.imports import ImportVar
from reflex.vars.base import LiteralVar, Var, VarData
from reflex_base.components.component import field

from spoticlone.state.library.likes import LikeState

SAVE_LABEL = "Save to Liked Songs"
REMOVE_LABEL = "Remove from Liked Songs"


def like_button(track_id: Any, *, size: int = 16, class_name: str = "sc-like") -> rx.Component:
    """A heart that is filled green when the signed-in listener likes ``track_id``."""
    liked = LikeState.liked_ids.contains(track_id)
    return rx.el.button(
        rx.icon("heart", size=size),
        type="button",
        class_name=rx.cond(liked, class_name + " sc-liked", class_name),
        aria_label=rx.cond(liked, REMOVE_LABEL, SAVE_LABEL),
        aria_pressed=rx.cond(liked, "true", "false"),
        title=rx.cond(liked, REMOVE_LABEL, SAVE_LABEL),
        on_click=LikeState.toggle_like(track_id),
        data_testid="like-button",
    )


class _LikedLoader(rx.el.Span):
    """A hidden span that asks for the liked ids of a list at mount *and whenever the list changes*.

    Reflex runs ``on_mount`` once, from the memoised wrapper around the element, so a
    changing React ``key`` on the span never re-runs it: the player bar (mounted once,
    as an app wrap, before the restored track is known) never asked about its song on a
    fresh load. This component's effect lists the ids as its dependency instead.
    """

    watched: Var | None = field(default=None, is_javascript_property=False)

    def add_hooks(self) -> list[str | Var]:
        if self.watched is None:
            return []
        ids = self.watched
        ask = LiteralVar.create(EventChain.create(LikeState.load_liked(ids), args_spec=no_args_event_spec,
                                                  key="on_change"))
        deps = ids.to_string()
        return [Var(
            f"useEffect(() => {{ ({ask})(); }}, [{deps}]);",
            _var_data=VarData.merge(ask._get_all_var_data(), deps._get_all_var_data(),
                                    VarData(imports={"react": [ImportVar(tag="useEffect")]})),
        )]


def liked_loader(track_ids: Any) -> rx.Component:
    """An invisible marker that asks for the liked ids of a list whenever the list changes.

    One ``liked_ids`` query per list (not one per row); ``LikeState.liked_ids`` is the
    one source of truth every heart on the page and in the player bar reads.
    """
    ids = rx.Var.create(track_ids)
    return _LikedLoader.create(
        watched=ids,
        # A prop that reads state makes Reflex give the loader its own memoised component,
        # where the state contexts its hook reads exist (not the app root's wrapper).
        key=ids.to_string(),
        hidden=True,
        aria_hidden="true",
        class_name="sc-liked-loader",
    )


def save_album_button() -> rx.Component:
    """"Save to Your Library" on the album page (a check once saved)."""
    saved = LikeState.album_saved
    label = rx.cond(saved, "Remove from Your Library", "Save to Your Library")
    return rx.el.button(
        rx.cond(saved, rx.icon("circle-check", size=32), rx.icon("circle-plus", size=32)),
        type="button",
        class_name=rx.cond(saved, "sc-save-btn sc-saved", "sc-save-btn"),
        aria_label=label,
        aria_pressed=rx.cond(saved, "true", "false"),
        title=label,
        on_click=LikeState.toggle_album_save,
        data_testid="save-album",
    )
