"""The smart playlist builder's pieces (rule and group rows, settings, the live count) and the
library's "Smart playlists" shelf with the ``.nsp`` import button.

Rows come flat from ``SmartBuilderState.rows`` and are indented by depth; the operator list
follows the field's kind, and the value input follows the operator (a date, a number of
days, two values for "is between", yes/no for "Liked"). Text and number inputs are debounced
so the live count asks the server once per pause, not once per key.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.file_picker import file_picker
from spoticlone.services.library.smart_nsp import MAX_NSP_BYTES
from spoticlone.services.library.smart_rules import (
    FIELDS,
    MAX_LIMIT,
    OPERATORS,
    OPERATORS_FOR,
    SORT_FIELDS,
    FieldKind,
)
from spoticlone.state.library.smart_builder import SmartBuilderState as B
from spoticlone.state.library.smart_playlist import SmartLibraryState as L

IMPORT_ID = "smart-nsp-import"
ROW = {"display": "flex", "flexWrap": "wrap", "alignItems": "center", "gap": "8px", "padding": "10px 12px",
       "borderRadius": "8px", "background": "#1f1f1f", "border": "1px solid transparent"}
BAD_ROW = {**ROW, "border": "1px solid #f59b23"}
HINT = {"marginTop": "8px", "background": "rgba(245,155,35,.14)", "color": "#ffe2b8"}
GROUP = {**ROW, "background": "#2a2a2a"}
SELECT = {"width": "auto", "minWidth": "130px", "flex": "0 1 auto", "padding": "8px 10px", "fontSize": "14px"}
VALUE = {"flex": "1 1 140px", "minWidth": "110px", "padding": "8px 10px", "fontSize": "14px"}
COUNT = {"display": "flex", "alignItems": "center", "gap": "10px", "padding": "14px 16px", "borderRadius": "8px",
         "background": "linear-gradient(90deg, #1e3264, #2d46b9)", "fontWeight": "700", "fontSize": "18px"}
SETTINGS = {"display": "grid", "gridTemplateColumns": "repeat(auto-fit, minmax(150px, 1fr))", "gap": "12px",
            "margin": "20px 0"}


def _options(pairs: list[tuple[str, str]]) -> list[rx.Component]:
    return [rx.el.option(label, value=value) for value, label in pairs]


def _operator_select(row: Any) -> rx.Component:
    def select(kind: FieldKind) -> rx.Component:
        return rx.el.select(
            *_options([(op, OPERATORS[op]) for op in OPERATORS_FOR[kind]]),
            value=row["operator"].to(str), on_change=lambda v: B.set_operator(row["key"].to(str), v),
            class_name="sc-input", style=SELECT, aria_label="Operator", data_testid="rule-operator",
        )

    return rx.match(row["ftype"].to(str), ("number", select("number")), ("date", select("date")),
                    ("boolean", select("boolean")), select("text"))


def _input(row: Any, which: str, kind: str) -> rx.Component:
    handler = B.set_value if which == "value" else B.set_value2
    return rx.debounce_input(
        # Numbers go as text (with a numeric keyboard on phones): the service parses and bounds them.
        rx.el.input(
            type="date" if kind == "date" else "text", input_mode="decimal" if kind == "number" else None,
            value=row[which].to(str), on_change=lambda v: handler(row["key"].to(str), v),
            class_name="sc-input", style=VALUE, aria_label="Value" if which == "value" else "To",
            placeholder=rx.cond(row["unit"].to(str) != "", row["unit"].to(str), "Value"),
            data_testid=f"rule-{which}",
        ),
        debounce_timeout=400,
    )


def _value(row: Any) -> rx.Component:
    boolean = rx.el.select(
        rx.el.option("yes", value="true"), rx.el.option("no", value="false"),
        value=row["value"].to(str), on_change=lambda v: B.set_value(row["key"].to(str), v),
        class_name="sc-input", style=SELECT, aria_label="Value", data_testid="rule-value",
    )
    single = rx.match(row["input"].to(str), ("number", _input(row, "value", "number")),
                      ("days", _input(row, "value", "number")), ("date", _input(row, "value", "date")),
                      _input(row, "value", "text"))
    ranged = rx.fragment(
        rx.match(row["input"].to(str), ("date", _input(row, "value", "date")), _input(row, "value", "number")),
        rx.el.span("and", style={"color": "var(--sc-muted)"}),
        rx.match(row["input"].to(str), ("date", _input(row, "value2", "date")), _input(row, "value2", "number")),
    )
    return rx.cond(row["input"].to(str) == "boolean", boolean, rx.cond(row["range"].to(bool), ranged, single))


def _remove(row: Any, label: str) -> rx.Component:
    return rx.el.button(rx.icon("x", size=16), type="button", class_name="sc-icon-btn", title=label,
                        aria_label=label, on_click=B.remove(row["key"].to(str)), data_testid="rule-remove")


def _match_select(key: Any, value: Any, testid: str) -> rx.Component:
    return rx.el.select(
        rx.el.option("all", value="all"), rx.el.option("any", value="any"),
        value=value, on_change=lambda v: B.set_group_match(key, v), class_name="sc-input", style=SELECT,
        aria_label="Match all or any", data_testid=testid,
    )


def _rule_row(row: Any) -> rx.Component:
    return rx.el.div(
        rx.el.select(*_options([(f, spec[1]) for f, spec in FIELDS.items()]), value=row["field"].to(str),
                     on_change=lambda v: B.set_field(row["key"].to(str), v), class_name="sc-input", style=SELECT,
                     aria_label="Field", data_testid="rule-field"),
        _operator_select(row),
        _value(row),
        rx.cond(row["unit"].to(str) != "", rx.el.span(row["unit"].to(str), class_name="sc-hint"), rx.fragment()),
        _remove(row, "Remove this rule"),
        style=rx.cond(B.problem_key == row["key"].to(str), BAD_ROW, ROW),
        data_testid="rule-row",
    )


def _group_row(row: Any) -> rx.Component:
    key = row["key"].to(str)
    return rx.el.div(
        rx.el.span("Match", style={"fontWeight": "700"}),
        _match_select(key, row["match"].to(str), "group-match"),
        rx.el.span("of these:", style={"fontWeight": "700", "flex": "1"}),
        rx.el.button(rx.icon("plus", size=14), "Rule", type="button", class_name="sc-btn sc-btn-secondary sc-btn-small",
                     on_click=B.add_rule(key), data_testid="group-add-rule"),
        rx.cond(row["can_nest"].to(bool),
                rx.el.button(rx.icon("brackets", size=14), "Group", type="button",
                             class_name="sc-btn sc-btn-secondary sc-btn-small", on_click=B.add_group(key)),
                rx.fragment()),
        _remove(row, "Remove this group and its rules"),
        style=rx.cond(B.problem_key == key, BAD_ROW, GROUP),
        data_testid="group-row",
    )


def _row(row: Any) -> rx.Component:
    indent = (row["depth"].to(int) * 24).to_string() + "px"
    return rx.el.div(
        rx.cond(row["kind"].to(str) == "group", _group_row(row), _rule_row(row)),
        style={"marginLeft": indent, "borderLeft": rx.cond(row["depth"].to(int) > 0, "2px solid #3e3e3e", "none"),
               "paddingLeft": rx.cond(row["depth"].to(int) > 0, "8px", "0")},
    )


def live_count() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.icon("sparkles", size=20),
            rx.el.span(B.count_text, data_testid="smart-count", aria_live="polite"),
            style=COUNT,
        ),
        # A rule still being typed is not a failure: a calm hint next to the outlined row.
        rx.cond(B.problem != "", rx.el.p(rx.icon("circle-alert", size=16), B.problem, class_name="sc-form-notice",
                                         data_testid="smart-problem", style=HINT),
                rx.fragment()),
        style={"position": "sticky", "top": "0", "zIndex": "2", "paddingBottom": "12px",
               "background": "var(--sc-bg, #121212)"},
    )


def rule_rows() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.span("Songs that match", style={"fontWeight": "700"}),
            _match_select("root", B.match, "root-match"),
            rx.el.span("of these rules:", style={"fontWeight": "700"}),
            style={"display": "flex", "alignItems": "center", "gap": "8px", "flexWrap": "wrap",
                   "marginBottom": "12px"},
        ),
        rx.el.div(rx.foreach(B.rows, _row), style={"display": "flex", "flexDirection": "column", "gap": "8px"},
                  data_testid="smart-rules"),
        rx.el.div(
            rx.el.button(rx.icon("plus", size=16), "Add rule", type="button", class_name="sc-btn sc-btn-secondary",
                         on_click=B.add_rule("root"), data_testid="add-rule"),
            rx.el.button(rx.icon("brackets", size=16), "Add group", type="button",
                         class_name="sc-btn sc-btn-secondary", on_click=B.add_group("root"), data_testid="add-group"),
            style={"display": "flex", "gap": "8px", "marginTop": "12px", "flexWrap": "wrap"},
        ),
    )


def _labelled(label: str, control: rx.Component, html_for: str) -> rx.Component:
    return rx.el.div(rx.el.label(label, html_for=html_for, class_name="sc-label"), control, class_name="sc-field")


def settings() -> rx.Component:
    return rx.el.div(
        _labelled("Sort by", rx.el.select(*_options(list(SORT_FIELDS.items())), id="smart-sort", value=B.sort,
                                          on_change=B.set_sort, class_name="sc-input"), "smart-sort"),
        _labelled("Order", rx.el.select(*_options([("asc", "Ascending"), ("desc", "Descending")]),
                                        id="smart-order", value=B.order, on_change=B.set_order,
                                        class_name="sc-input"), "smart-order"),
        _labelled(f"Limit (1–{MAX_LIMIT} songs)", rx.debounce_input(rx.el.input(
            id="smart-limit", type="text", input_mode="numeric", value=B.limit, on_change=B.set_limit,
            class_name="sc-input", data_testid="smart-limit"), debounce_timeout=400), "smart-limit"),
        style=SETTINGS,
    )


def name_and_save() -> rx.Component:
    return rx.el.div(
        _labelled("Name", rx.el.input(id="smart-name", value=B.name, on_change=B.set_name, max_length=100,
                                      placeholder="My smart playlist", class_name="sc-input",
                                      data_testid="smart-name"), "smart-name"),
        rx.el.label(
            rx.checkbox(checked=B.public, on_change=B.set_public, data_testid="smart-public"),
            rx.el.span("Public: anyone with the link can open it (it uses your plays, likes and ratings)"),
            style={"display": "flex", "gap": "8px", "alignItems": "center", "margin": "12px 0"},
        ),
        rx.cond(B.error != "", rx.el.p(B.error, class_name="sc-form-error", role="alert"), rx.fragment()),
        rx.el.div(
            rx.el.button("Save", type="button", class_name="sc-btn sc-btn-primary", on_click=B.save,
                         data_testid="smart-save"),
            rx.el.button("Cancel", type="button", class_name="sc-btn sc-btn-secondary", on_click=B.cancel),
            style={"display": "flex", "gap": "12px", "flexWrap": "wrap"},
        ),
        style={"marginTop": "8px"},
    )


def import_button() -> rx.Component:
    """Choose a Navidrome ``.nsp`` file: it becomes a new smart playlist and opens."""
    return file_picker(
        rx.el.button(rx.icon("file-up", size=16), rx.cond(L.importing, "Importing…", "Import .nsp"), type="button",
                     class_name="sc-btn sc-btn-secondary sc-btn-small", disabled=L.importing,
                     data_testid="smart-import"),
        upload_id=IMPORT_ID, max_bytes=MAX_NSP_BYTES,
        accept={"application/json": [".nsp", ".json"], "application/octet-stream": [".nsp"]},
        on_file=L.import_nsp, on_refused=L.import_rejected,
    )


def _smart_card(item: Any) -> rx.Component:
    return rx.link(
        rx.el.div(rx.el.div(rx.icon("sparkles", size=40), style={
            "width": "100%", "height": "100%", "display": "flex", "alignItems": "center", "justifyContent": "center",
            "background": "linear-gradient(135deg, #2d46b9, #8400e7)", "borderRadius": "6px"}),
            class_name="sc-card-cover"),
        rx.el.div(item["name"], class_name="sc-card-title"),
        rx.el.div(item["summary"], class_name="sc-card-subtitle"),
        href=item["url"].to(str), class_name="sc-card", underline="none", data_testid="smart-card",
    )


def smart_shelf() -> rx.Component:
    """Your Library's smart playlists, with "New smart playlist" and the import."""
    return rx.el.section(
        rx.el.div(
            rx.el.h2("Smart playlists", class_name="sc-section-title"),
            rx.el.div(
                rx.link(rx.icon("plus", size=16), "New smart playlist", href=routes.SMART_NEW,
                        class_name="sc-btn sc-btn-secondary sc-btn-small", underline="none",
                        data_testid="smart-new"),
                import_button(),
                style={"display": "flex", "gap": "8px", "flexWrap": "wrap"},
            ),
            class_name="sc-section-header", style={"flexWrap": "wrap", "gap": "8px"},
        ),
        rx.cond(L.error != "", rx.el.p(L.error, class_name="sc-form-error", role="alert"), rx.fragment()),
        rx.cond(L.items.length() > 0,
                rx.el.div(rx.foreach(L.items, _smart_card), class_name="sc-grid sc-shelf"),
                rx.el.p("Build a playlist from rules (genre, year, your plays, likes and ratings…) "
                        "and it keeps itself up to date.", class_name="sc-hint")),
        class_name="sc-section", on_mount=L.load, data_testid="smart-shelf", style={"marginTop": "32px"},
    )
