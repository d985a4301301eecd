"""The smart playlist builder (``/smart/new`` and ``/smart/edit/<id>``).

Rows of field / operator / value, nested groups, all-or-any, sort and limit; every change
asks the service how many songs the rules match now (text and number inputs are debounced
in the page), so the count follows the editing. Nothing here decides what a valid rule is:
the service refuses a wrong one naming its path, and ``smart_rows`` turns that path back
into the row to highlight. Only the owner may open a saved one here; anyone else gets the
not-found view.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.services.core.errors import DomainError, Invalid, NotFound
from spoticlone.services.library import smart_playlists as smart
from spoticlone.services.library.smart_rules import DEFAULT_LIMIT, FIELDS, MAX_RULES, OPERATORS_FOR
from spoticlone.state.acting import act, as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.library.smart_rows import (
    ROOT,
    descendants,
    from_tree,
    group_row,
    input_kind,
    insert_at,
    row_of_message,
    rule_row,
    to_tree,
)
from spoticlone.state.refusals import ui_message
from spoticlone.state.safety import guarded


class SmartBuilderState(rx.State):
    """One builder's unsaved rules; ``smart_id`` is 0 until the playlist is saved."""

    smart_id: int = 0
    name: str = ""
    public: bool = False
    match: str = "all"
    rows: list[dict[str, Any]] = []
    sort: str = "title"
    order: str = "asc"
    limit: str = str(DEFAULT_LIMIT)
    matching: int = -1
    capped: int = 0
    problem: str = ""
    problem_key: str = ""
    error: str = ""
    loaded: bool = False
    not_found: bool = False
    _serial: int = 0

    @rx.var
    def page_title(self) -> str:
        return document_title("Edit smart playlist" if self.smart_id else "New smart playlist")

    @rx.var
    def count_text(self) -> str:
        if self.problem or self.matching < 0:
            return "Finish the rules to see how many songs match"
        noun = "song matches" if self.matching == 1 else "songs match"
        more = f" (the playlist keeps {self.capped})" if self.capped < self.matching else ""
        return f"{self.matching} {noun}{more}"

    def _key(self) -> str:
        self._serial += 1
        return f"r{self._serial}"

    def _reset(self) -> None:
        self.smart_id, self.name, self.public, self.match = 0, "", False, "all"
        self.sort, self.order, self.limit = "title", "asc", str(DEFAULT_LIMIT)
        self.rows = [rule_row(self._key(), ROOT, 0)]
        self.matching, self.capped, self.problem, self.problem_key, self.error = -1, 0, "", "", ""
        self.not_found = False

    def _edit_id(self) -> int:
        raw = str(self.smart_edit_ref or "")  # type: ignore[attr-defined]  # the route's param on the root state
        return int(raw) if raw.isdigit() and 0 < len(raw) < 19 else 0

    @rx.event
    @guarded
    async def load_new(self):
        """An empty builder with one rule (``/smart/new``)."""
        self.loaded = False
        if await signed_in_user_id(self) is None:
            return sign_in_redirect(self)
        self._reset()
        self.loaded = True
        return SmartBuilderState.recount

    @rx.event
    @guarded
    async def load_edit(self):
        """The builder on a saved smart playlist of the listener's own."""
        self.loaded = False
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return sign_in_redirect(self)
        self._reset()
        smart_id = self._edit_id()
        try:
            detail = await call_service(as_actor(smart.smart_playlist_detail), user_id=user_id, smart_id=smart_id)
        except NotFound:
            detail = None
        if detail is None or not detail.playlist.can_edit:
            self.not_found, self.loaded = True, True
            return None
        found = detail.playlist
        self.smart_id, self.name, self.public = found.id, found.name, found.public
        self.match = str(found.rules.get("match", "all"))
        self.rows = from_tree(found.rules, self._key)
        self.sort, self.order, self.limit = found.sort, found.order, str(found.limit)
        self.loaded = True
        return SmartBuilderState.recount

    def _selection(self) -> tuple[dict[str, Any], dict[str, str], Any]:
        tree, paths = to_tree(self.rows, self.match)
        raw = self.limit.strip()
        limit: Any = int(raw) if raw.isdigit() and len(raw) < 8 else raw
        return tree, paths, limit

    def _refused(self, exc: DomainError, paths: dict[str, str]) -> None:
        key, sentence = row_of_message(ui_message(exc), paths)
        self.problem, self.problem_key = sentence, key

    @rx.event
    @guarded
    async def recount(self):
        """Ask how many songs the rules match now (nothing is saved)."""
        tree, paths, limit = self._selection()
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return sign_in_redirect(self)
        try:
            preview = await call_service(as_actor(smart.preview_smart_playlist), user_id=user_id, rules=tree,
                                         sort=self.sort, order=self.order, limit=limit)
        except Invalid as exc:
            self._refused(exc, paths)
            self.matching = -1
            return None
        self.problem, self.problem_key = "", ""
        self.matching, self.capped = preview.matching, preview.count
        return None

    def _update(self, row_key: str, **changes: Any) -> bool:
        found = False
        rows = []
        for row in self.rows:
            if row["key"] == row_key:
                row, found = {**row, **changes}, True
            rows.append(row)
        self.rows = rows
        return found

    def _row(self, key: str) -> dict[str, Any] | None:
        return next((row for row in self.rows if row["key"] == key), None)

    @rx.event
    def set_field(self, key: str, field: str):
        row = self._row(str(key))
        if row is None or row["kind"] != "rule" or field not in FIELDS:
            return None
        fresh = rule_row(row["key"], row["parent"], row["depth"], field)
        self._update(row["key"], **fresh)
        return SmartBuilderState.recount

    @rx.event
    def set_operator(self, key: str, operator: str):
        row = self._row(str(key))
        if row is None or row["kind"] != "rule" or operator not in OPERATORS_FOR[row["ftype"]]:
            return None
        changes: dict[str, Any] = {"operator": operator, "input": input_kind(row["field"], operator),
                                   "range": operator == "inTheRange"}
        if changes["input"] != row["input"]:
            changes.update(value=rule_row("x", ROOT, 0, row["field"], operator)["value"], value2="")
        self._update(row["key"], **changes)
        return SmartBuilderState.recount

    @rx.event
    def set_value(self, key: str, value: str):
        if self._update(str(key), value=str(value)[:200]):
            return SmartBuilderState.recount
        return None

    @rx.event
    def set_value2(self, key: str, value: str):
        if self._update(str(key), value2=str(value)[:200]):
            return SmartBuilderState.recount
        return None

    @rx.event
    def set_group_match(self, key: str, match: str):
        if match not in ("all", "any"):
            return None
        if key == ROOT:
            self.match = match
        elif not self._update(str(key), match=match):
            return None
        return SmartBuilderState.recount

    def _room(self) -> bool:
        if len(self.rows) >= MAX_RULES:
            self.error = f"A smart playlist has at most {MAX_RULES} rules."
            return False
        self.error = ""
        return True

    def _parent_depth(self, parent: str) -> int | None:
        if parent == ROOT:
            return 0
        row = self._row(parent)
        return row["depth"] + 1 if row is not None and row["kind"] == "group" else None

    @rx.event
    def add_rule(self, parent: str):
        depth = self._parent_depth(str(parent))
        if depth is None or not self._room():
            return None
        rows = list(self.rows)
        rows.insert(insert_at(rows, parent), rule_row(self._key(), parent, depth))
        self.rows = rows
        return SmartBuilderState.recount

    @rx.event
    def add_group(self, parent: str):
        depth = self._parent_depth(str(parent))
        if depth is None or depth >= 3 or not self._room():
            return None
        rows = list(self.rows)
        group = group_row(self._key(), parent, depth)
        at = insert_at(rows, parent)
        rows[at:at] = [group, rule_row(self._key(), group["key"], depth + 1)]
        self.rows = rows
        return SmartBuilderState.recount

    @rx.event
    def remove(self, key: str):
        gone = descendants(self.rows, str(key))
        self.rows = [row for row in self.rows if row["key"] not in gone]
        return SmartBuilderState.recount

    @rx.event
    def set_sort(self, sort: str):
        self.sort = str(sort)[:20]
        return SmartBuilderState.recount

    @rx.event
    def set_order(self, order: str):
        self.order = "desc" if order == "desc" else "asc"
        return SmartBuilderState.recount

    @rx.event
    def set_limit(self, limit: str):
        self.limit = str(limit)[:8]
        return SmartBuilderState.recount

    @rx.event
    def set_name(self, name: str):
        self.name = str(name)[:300]

    @rx.event
    def set_public(self, public: bool):
        self.public = public is True

    @rx.event
    @guarded
    async def save(self):
        """Create or update the playlist, then open it."""
        tree, paths, limit = self._selection()
        fields = dict(name=self.name, rules=tree, sort=self.sort, order=self.order, limit=limit, public=self.public)
        self.error = ""
        if self.smart_id:
            saved, redirect = await act(self, smart.update_smart_playlist, smart_id=self.smart_id, **fields)
        else:
            saved, redirect = await act(self, smart.create_smart_playlist, **fields)
        if redirect is not None:
            return redirect
        if saved is None:
            key, sentence = row_of_message(self.error, paths)
            if key:  # the row is highlighted and the sentence shows under the count
                self.problem, self.problem_key, self.error = sentence, key, ""
            else:
                self.error = sentence
            return None
        return rx.redirect(saved.url)

    @rx.event
    def cancel(self):
        return rx.redirect(routes.smart_playlist_url(self.smart_id) if self.smart_id else routes.LIBRARY)
