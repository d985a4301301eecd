"""The parts of the studio page: drafts, releases, the new-release form and the album builder.

Titles are user text and render as escaped text. Inputs are uncontrolled and keyed on
``form_version`` and their saved value, so a reload shows what was saved and only the field
that changed is redrawn (focus elsewhere stays put); a track's title and ISRC are saved
when the field loses focus, its explicit flag and licence when they change. Styles are
local to the page (``STUDIO_CSS``, under ``.sc-st``).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import cover_image
from spoticlone.components.forms import form_error, form_notice
from spoticlone.state.studio.releases import ANALYTICS_PAGE, STUDIO, UPLOAD_PAGE, StudioState as S

#: The schedule field's local time and the browser's UTC offset at that time, read on click.
PICKED = rx.Var(
    _js_expr=("(() => { const v = (document.getElementById('sc-st-when') || {}).value || ''; "
              "const d = new Date(v); "
              "return {local: v, offset: isNaN(d.getTime()) ? 0 : -d.getTimezoneOffset()}; })()"),
    _var_type=dict,
)

STUDIO_CSS = """
.sc-st { display: flex; flex-direction: column; gap: 20px; max-width: 1100px; }
.sc-st-top { display: flex; gap: 12px; align-items: center; justify-content: space-between; flex-wrap: wrap; }
.sc-st-top h1 { font-size: 32px; font-weight: 800; letter-spacing: -0.03em; margin: 0; }
.sc-st-card { background: var(--sc-bg-elevated); border-radius: var(--sc-radius); padding: 20px;
              display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.sc-st-card h2 { font-size: 20px; font-weight: 800; margin: 0; }
.sc-st-card-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.sc-st-count { color: var(--sc-muted); font-size: 13px; }
.sc-st-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; }
.sc-st-draft { display: grid; grid-template-columns: auto minmax(0, 1fr) auto; gap: 12px; align-items: center;
               padding: 10px 8px; border-radius: 6px; }
.sc-st-draft:hover, .sc-st-rel:hover { background: #232323; }
.sc-st-title { font-weight: 700; overflow-wrap: anywhere; }
.sc-st-meta { color: var(--sc-muted); font-size: 13px; overflow-wrap: anywhere; }
.sc-st-actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; justify-content: flex-end; }
.sc-st-pick { width: 20px; height: 20px; accent-color: var(--sc-accent); cursor: pointer; }
.sc-st-new { border: 1px solid var(--sc-accent); }
.sc-st-grid { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); }
.sc-st-rel { display: grid; grid-template-columns: 56px minmax(0, 1fr) auto; gap: 12px; align-items: center;
             padding: 8px; border-radius: 6px; color: inherit; text-decoration: none; }
.sc-st-rel img, .sc-st-rel .sc-placeholder { width: 56px; height: 56px; border-radius: 4px; object-fit: cover; }
.sc-st-rel .sc-placeholder svg { width: 24px; height: 24px; }
.sc-st-badge { font-size: 11px; font-weight: 800; text-transform: uppercase; letter-spacing: .06em;
               padding: 3px 8px; border-radius: 999px; background: #333; color: var(--sc-text); white-space: nowrap; }
.sc-st-published { background: rgba(30,215,96,.18); color: var(--sc-accent); }
.sc-st-scheduled { background: rgba(80,155,245,.2); color: #8ab8ff; }
.sc-st-unpublished { background: rgba(255,107,120,.15); color: #ff6b78; }
.sc-st-hero { display: grid; grid-template-columns: 160px minmax(0, 1fr); gap: 20px; align-items: end; }
.sc-st-hero img, .sc-st-hero .sc-placeholder { width: 160px; height: 160px; border-radius: 6px; object-fit: cover;
                                               box-shadow: 0 8px 24px rgba(0,0,0,.5); }
.sc-st-hero h1 { font-size: 36px; font-weight: 900; margin: 4px 0; overflow-wrap: anywhere; letter-spacing: -0.03em; }
.sc-st-back { color: var(--sc-muted); display: inline-flex; gap: 6px; align-items: center; text-decoration: none; }
.sc-st-back:hover { color: var(--sc-text); }
.sc-st-form { display: grid; gap: 12px; grid-template-columns: repeat(4, minmax(0, 1fr)); align-items: end; }
.sc-st-form .sc-st-wide { grid-column: span 2; }
.sc-st-field { display: flex; flex-direction: column; gap: 6px; min-width: 0; }
.sc-st-field label, .sc-st-label { font-size: 13px; font-weight: 700; color: var(--sc-muted); }
.sc-st select.sc-input, .sc-st input[type="datetime-local"] { color-scheme: dark; }
.sc-st-form .sc-input { height: 44px; box-sizing: border-box; }
.sc-st button:disabled { opacity: .45; cursor: not-allowed; }
.sc-st-track { display: grid; grid-template-columns: 28px minmax(0, 2fr) auto minmax(0, 1fr) minmax(0, 1.2fr) auto;
               gap: 10px; align-items: center; padding: 10px 8px; border-bottom: 1px solid #2a2a2a; }
.sc-st-track.sc-st-bad { background: rgba(255,107,120,.08); }
.sc-st-num { color: var(--sc-subtle); text-align: right; font-variant-numeric: tabular-nums; }
.sc-st-move { display: flex; gap: 4px; }
.sc-st-iconbtn { background: #2a2a2a; border: 0; color: var(--sc-text); border-radius: 6px; cursor: pointer;
                 width: 36px; height: 36px; display: inline-flex; align-items: center; justify-content: center; }
.sc-st-iconbtn:hover:not(:disabled) { background: #3a3a3a; }
.sc-st-iconbtn:disabled { opacity: .3; cursor: default; }
.sc-st-iconbtn:focus-visible { outline: 3px solid #fff; outline-offset: 1px; }
.sc-st-small { font-size: 12px; color: var(--sc-muted); display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.sc-st-small a { color: var(--sc-muted); }
.sc-st-small a:hover { color: var(--sc-text); }
.sc-st-publish { display: flex; flex-direction: column; gap: 14px; }
.sc-st-row { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; }
.sc-st-danger { display: flex; gap: 10px; flex-wrap: wrap; }
@media (max-width: 900px) {
  .sc-st-form { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .sc-st-track { grid-template-columns: 24px minmax(0, 1fr) auto; }
  .sc-st-track .sc-st-cell { grid-column: 2 / -1; }
}
@media (max-width: 600px) {
  .sc-st-top h1 { font-size: 26px; }
  .sc-st-card { padding: 14px; }
  .sc-st-draft { grid-template-columns: auto minmax(0, 1fr); }
  .sc-st-draft .sc-st-actions { grid-column: 1 / -1; justify-content: flex-start; }
  .sc-st-form { grid-template-columns: minmax(0, 1fr); }
  .sc-st-form .sc-st-wide { grid-column: auto; }
  .sc-st-hero { grid-template-columns: 96px minmax(0, 1fr); gap: 14px; }
  .sc-st-hero img, .sc-st-hero .sc-placeholder { width: 96px; height: 96px; }
  .sc-st-hero h1 { font-size: 24px; }
  .sc-st-iconbtn { width: 44px; height: 44px; }
}
"""


def _badge(status: Any, label: Any) -> rx.Component:
    return rx.el.span(label, class_name="sc-st-badge sc-st-" + status.to(str))


def _select(name: str, label: str, options: Any, value: Any, *, blank: str | None = None) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"sc-st-{name}"),
        rx.el.select(
            rx.el.option(blank, value="") if blank else rx.fragment(),
            rx.foreach(options, lambda o: rx.el.option(o["name"], value=o["id"])),
            id=f"sc-st-{name}", name=name, default_value=value, key=S.form_version.to_string(),
            class_name="sc-input",
        ),
        class_name="sc-st-field",
    )


def _kind_select(value: Any) -> rx.Component:
    return rx.el.div(
        rx.el.label("Kind", html_for="sc-st-kind"),
        rx.el.select(
            rx.foreach(S.kind_options, lambda o: rx.el.option(o[1], value=o[0])),
            id="sc-st-kind", name="kind", default_value=value, key=S.form_version.to_string(), class_name="sc-input",
        ),
        class_name="sc-st-field",
    )


def _input(name: str, label: str, value: Any, *, type: str = "text", wide: bool = False, **props: Any) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"sc-st-{name}"),
        rx.el.input(id=f"sc-st-{name}", name=name, type=type, default_value=value,
                    key=S.form_version.to_string(), class_name="sc-input", **props),
        class_name="sc-st-field sc-st-wide" if wide else "sc-st-field",
    )


def header() -> rx.Component:
    return rx.el.div(
        rx.el.h1("Studio"),
        rx.el.div(
            rx.link(rx.icon("upload", size=16), "Upload music", href=UPLOAD_PAGE, class_name="sc-btn sc-btn-primary",
                    data_testid="studio-upload"),
            rx.link(rx.icon("chart-line", size=16), "Analytics", href=ANALYTICS_PAGE,
                    class_name="sc-btn sc-btn-secondary", data_testid="studio-analytics"),
            class_name="sc-btn-row",
        ),
        class_name="sc-st-top",
    )


def not_artist() -> rx.Component:
    return rx.el.div(
        rx.icon("mic-vocal", size=48),
        rx.el.p("The studio is where artists upload and release their music."),
        rx.el.p(S.not_artist),
        rx.link("Go to Settings", href=routes.SETTINGS, class_name="sc-btn sc-btn-primary"),
        class_name="sc-empty",
        data_testid="studio-not-artist",
    )


def _draft(d: Any) -> rx.Component:
    track_id = d["id"].to(int)
    return rx.el.li(
        rx.el.input(type="checkbox", class_name="sc-st-pick", checked=S.selected.contains(track_id),
                    on_change=lambda _v: S.toggle_draft(track_id),
                    aria_label="Put in the new release: " + d["title"].to(str),
                    id="sc-st-pick-" + d["id"].to_string()),
        rx.el.div(
            rx.el.div(d["title"], class_name="sc-st-title"),
            rx.el.div(d["file_info"], class_name="sc-st-meta"),
            rx.cond(d["album_title"] != "",
                    rx.el.div("In release: ", d["album_title"], class_name="sc-st-meta"), rx.fragment()),
        ),
        rx.el.div(
            rx.link(rx.icon("mic-vocal", size=14), "Sync lyrics", href=d["lyrics_url"],
                    class_name="sc-btn sc-btn-secondary sc-btn-small"),
            rx.el.button(rx.icon("trash-2", size=14), "Delete", type="button",
                         on_click=S.ask("delete_draft", track_id, d["title"]),
                         class_name="sc-btn sc-btn-danger sc-btn-small",
                         aria_label="Delete draft " + d["title"].to(str)),
            class_name="sc-st-actions",
        ),
        class_name="sc-st-draft",
        data_testid="studio-draft",
    )


def new_release_form() -> rx.Component:
    return rx.cond(
        S.selected.length() > 0,
        rx.el.section(
            rx.el.h2("New release"),
            rx.el.p("Songs, in this order: ", S.selected_titles.join(" · "), class_name="sc-st-meta"),
            rx.el.form(
                _input("title", "Title", "", wide=True, required=True, max_length=300),
                _kind_select("album"),
                _select("genre", "Genre", S.genres, "", blank="No genre"),
                _input("release_date", "Release date (optional)", "", type="date"),
                rx.el.div(rx.el.button("Create release", type="submit", class_name="sc-btn sc-btn-primary"),
                          class_name="sc-st-field"),
                on_submit=S.create_release, reset_on_submit=False, class_name="sc-st-form",
                aria_label="New release",
            ),
            class_name="sc-st-card sc-st-new",
            aria_label="New release",
        ),
        rx.fragment(),
    )


def drafts_card() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h2("Drafts"),
            rx.el.span(S.drafts_total.to_string() + " waiting · tick songs to put them in a release",
                       class_name="sc-st-count"),
            class_name="sc-st-card-head",
        ),
        rx.cond(
            S.drafts.length() > 0,
            rx.el.ul(rx.foreach(S.drafts, _draft), class_name="sc-st-list"),
            rx.el.p("No drafts. Uploaded songs wait here until you put them in a release.", class_name="sc-st-meta"),
        ),
        class_name="sc-st-card",
        aria_label="Drafts",
    )


def _release(r: Any) -> rx.Component:
    return rx.el.li(
        rx.link(
            cover_image(r["cover_url"], "Cover of " + r["title"].to(str)),
            rx.el.div(
                rx.el.div(r["title"], class_name="sc-st-title"),
                rx.el.div(r["kind_label"], " · ", r["track_count"].to_string(), " songs · ", r["when"],
                          class_name="sc-st-meta"),
            ),
            _badge(r["status"], r["status_label"]),
            href=r["href"], class_name="sc-st-rel", underline="none",
        ),
        data_testid="studio-release",
    )


def releases_card() -> rx.Component:
    return rx.el.section(
        rx.el.div(rx.el.h2("Releases"), rx.el.span(S.releases_total.to_string() + " in all", class_name="sc-st-count"),
                  class_name="sc-st-card-head"),
        rx.cond(
            S.releases.length() > 0,
            rx.el.ul(rx.foreach(S.releases, _release), class_name="sc-st-list"),
            rx.el.p("No releases yet. Tick some drafts above to build your first one.", class_name="sc-st-meta"),
        ),
        class_name="sc-st-card",
        aria_label="Releases",
    )


def overview() -> rx.Component:
    return rx.el.div(
        form_error(S.error), form_notice(S.notice), new_release_form(), drafts_card(), releases_card(),
        class_name="sc-st",
    )


def _key(field: str, track_id: Any, value: Any) -> Any:
    """A song field's React key: redrawn after a reload or when its saved value changes."""
    return S.form_version.to_string() + "-" + field + track_id + "-" + value


def _track(t: Any) -> rx.Component:
    track_id = t["id"].to(int)
    tid = t["id"].to_string()
    return rx.el.li(
        rx.el.span(t["number"].to_string(), class_name="sc-st-num"),
        rx.el.div(
            rx.el.label("Title of song " + t["number"].to_string(), html_for="sc-st-t-" + tid,
                        class_name="sc-visually-hidden"),
            rx.el.input(id="sc-st-t-" + tid, default_value=t["title"], key=_key("t", tid, t["title"].to(str)),
                        on_blur=lambda v: S.set_track_title(track_id, v), class_name="sc-input", max_length=300),
            rx.el.div(t["duration"], " · ", t["status_label"],
                      rx.link("Sync lyrics", href=t["lyrics_url"]), class_name="sc-st-small"),
        ),
        rx.el.div(
            rx.el.button(rx.icon("arrow-up", size=16), type="button", id="sc-st-up-" + tid,
                         on_click=S.move(track_id, -1), disabled=t["number"].to(int) <= 1,
                         class_name="sc-st-iconbtn", aria_label="Move " + t["title"].to(str) + " up"),
            rx.el.button(rx.icon("arrow-down", size=16), type="button", id="sc-st-down-" + tid,
                         on_click=S.move(track_id, 1), disabled=t["number"].to(int) >= S.tracks.length(),
                         class_name="sc-st-iconbtn", aria_label="Move " + t["title"].to(str) + " down"),
            class_name="sc-st-move",
        ),
        rx.el.div(
            rx.el.label("ISRC", html_for="sc-st-i-" + tid, class_name="sc-st-label"),
            rx.el.input(id="sc-st-i-" + tid, default_value=t["isrc"], key=_key("i", tid, t["isrc"].to(str)),
                        on_blur=lambda v: S.set_track_isrc(track_id, v), class_name="sc-input",
                        placeholder="Optional", max_length=20, spell_check=False),
            class_name="sc-st-field sc-st-cell",
        ),
        rx.el.div(
            rx.el.label("Licence", html_for="sc-st-l-" + tid, class_name="sc-st-label"),
            rx.el.select(
                rx.foreach(S.licence_options, lambda lic: rx.el.option(lic["name"], value=lic["name"])),
                id="sc-st-l-" + tid, default_value=t["licence"], key=_key("l", tid, t["licence"].to(str)),
                on_change=lambda v: S.set_track_licence(track_id, v), class_name="sc-input",
            ),
            rx.cond(t["licence_url"] != "",
                    rx.el.a("About this licence", href=t["licence_url"], target="_blank", rel="noopener noreferrer",
                            class_name="sc-st-small"),
                    rx.fragment()),
            class_name="sc-st-field sc-st-cell",
        ),
        rx.el.div(
            rx.checkbox("Explicit", default_checked=t["explicit"].to(bool),
                        key=_key("e", tid, t["explicit"].to_string()),
                        on_change=lambda v: S.set_track_explicit(track_id, v)),
            class_name="sc-st-cell",
        ),
        rx.cond(S.track_error_id == track_id,
                rx.el.div(form_error(S.error), style={"grid_column": "1 / -1"}), rx.fragment()),
        class_name=rx.cond(S.track_error_id == track_id, "sc-st-track sc-st-bad", "sc-st-track"),
        data_testid="builder-track",
    )


def _details() -> rx.Component:
    rel = S.release
    return rx.el.section(
        rx.el.h2("Details"),
        rx.el.form(
            _input("title", "Title", rel["title"].to(str), wide=True, required=True, max_length=300),
            _kind_select(rel["kind"].to(str)),
            _select("genre", "Genre", S.genres, rel["genre_id"].to(str), blank="No genre"),
            _input("release_date", "Release date", rel["release_date"].to(str), type="date"),
            rx.el.div(rx.el.button("Save details", type="submit", class_name="sc-btn sc-btn-secondary"),
                      class_name="sc-st-field"),
            on_submit=S.save_details, reset_on_submit=False, class_name="sc-st-form", aria_label="Release details",
        ),
        class_name="sc-st-card",
        aria_label="Details",
    )


def _tracks() -> rx.Component:
    return rx.el.section(
        rx.el.div(rx.el.h2("Songs"),
                  rx.el.span("Changes save as you go. Use the arrows to change the order.", class_name="sc-st-count"),
                  class_name="sc-st-card-head"),
        rx.el.ol(rx.foreach(S.tracks, _track), class_name="sc-st-list"),
        class_name="sc-st-card",
        aria_label="Songs",
    )


def _publishing() -> rx.Component:
    status = S.status
    can_publish = (status != "published")
    return rx.el.section(
        rx.el.h2("Release it"),
        rx.cond(
            can_publish,
            rx.el.div(
                rx.checkbox("I own or control the rights to this music and may publish it.",
                            checked=S.rights_ticked, on_change=S.set_rights, data_testid="rights"),
                rx.el.div(
                    rx.el.button(rx.icon("rocket", size=16), "Publish now", type="button", on_click=S.publish_now,
                                 disabled=~S.rights_ticked, class_name="sc-btn sc-btn-primary",
                                 data_testid="publish-now"),
                    class_name="sc-btn-row",
                ),
                rx.el.div(
                    rx.el.div(
                        rx.el.label("Or schedule for", html_for="sc-st-when"),
                        rx.el.input(id="sc-st-when", type="datetime-local", class_name="sc-input"),
                        class_name="sc-st-field",
                    ),
                    rx.el.button(rx.icon("calendar-clock", size=16), "Schedule", type="button",
                                 on_click=S.schedule(PICKED), disabled=~S.rights_ticked,
                                 class_name="sc-btn sc-btn-secondary", data_testid="schedule"),
                    class_name="sc-st-row",
                ),
                rx.el.p("Times are in your time zone: ", S.tz_label, ".", class_name="sc-st-meta"),
                class_name="sc-st-publish",
            ),
            rx.el.p("This release is out: listeners can find and play it.", class_name="sc-st-meta"),
        ),
        rx.el.div(
            rx.cond((status == "published") | (status == "scheduled"),
                    rx.el.button("Unpublish", type="button", class_name="sc-btn sc-btn-secondary",
                                 on_click=S.ask("unpublish", S.release_id, S.release["title"].to(str)),
                                 data_testid="unpublish"),
                    rx.fragment()),
            rx.el.button(rx.icon("trash-2", size=16), "Delete release", type="button",
                         class_name="sc-btn sc-btn-danger",
                         on_click=S.ask("delete_release", S.release_id, S.release["title"].to(str)),
                         data_testid="delete-release"),
            class_name="sc-st-danger",
        ),
        class_name="sc-st-card",
        aria_label="Release it",
    )


def builder() -> rx.Component:
    rel = S.release
    return rx.el.div(
        rx.link(rx.icon("arrow-left", size=16), "Studio", href=STUDIO, class_name="sc-st-back"),
        rx.el.div(
            cover_image(rel["cover_url"].to(str), "Cover of " + rel["title"].to(str)),
            rx.el.div(
                rx.el.span(rel["kind_label"].to(str), class_name="sc-st-count"),
                rx.el.h1(rel["title"].to(str)),
                rx.el.div(_badge(rel["status"], rel["status_label"].to(str)), rx.el.span(rel["when"].to(str)),
                          class_name="sc-st-small"),
            ),
            class_name="sc-st-hero",
        ),
        form_error(S.error), form_notice(S.notice),
        _details(), _tracks(), _publishing(),
        class_name="sc-st",
        data_testid="album-builder",
    )


def release_missing() -> rx.Component:
    return rx.el.div(
        rx.icon("disc-3", size=40),
        rx.el.p(S.error),
        rx.link("Back to the studio", href=STUDIO, class_name="sc-btn sc-btn-secondary"),
        class_name="sc-empty",
        data_testid="release-missing",
    )


def confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(S.confirm_heading),
            rx.alert_dialog.description(rx.el.strong(S.confirm_title), rx.el.br(), S.confirm_body),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                 on_click=S.cancel_confirm)),
                rx.alert_dialog.action(rx.button(S.confirm_action, color_scheme="red", on_click=S.confirm,
                                                 data_testid="confirm-action")),
                spacing="3", justify="end", margin_top="16px",
            ),
            on_escape_key_down=S.cancel_confirm,
        ),
        open=S.confirm_kind != "",
    )


def studio() -> rx.Component:
    return rx.el.div(
        rx.el.style(STUDIO_CSS),
        rx.cond(S.release_id > 0, rx.fragment(), header()),
        rx.cond(
            S.not_artist != "",
            not_artist(),
            rx.cond(S.release_missing, release_missing(), rx.cond(S.release_id > 0, builder(), overview())),
        ),
        confirm_dialog(),
        class_name="sc-st",
    )
