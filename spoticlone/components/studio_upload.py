"""The parts of the upload page: the drop zone, the batch being sent, the recent uploads.

The drop zone and ``#sc-upload-batch`` are driven by ``assets/studio_upload.js``: it sends
the files to the REST API's resumable protocol and draws each file's progress bar into the batch box (React
renders no children there, so it never redraws over them). The two hidden buttons are how
the script reaches the state: ``#sc-upload-report`` hands over finished files, and
``#sc-upload-refresh`` asks for the list again while an upload is still being processed.
File names and refusal messages render as escaped text. Styles are local (``UPLOAD_CSS``).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.forms import form_error, form_notice
from spoticlone.state.studio.uploads import StudioUploadState as S

#: What the script has finished since the last report (read in the browser at click time).
TAKE_OUTCOMES = rx.Var(_js_expr="(window.scStudioUpload ? window.scStudioUpload.take() : [])", _var_type=list)
ACCEPT = "audio/*,.mp3,.flac,.ogg,.oga,.opus,.wav,.aif,.aiff,.aifc,.m4a"
SCRIPT = "/studio_upload.js"

UPLOAD_CSS = """
.sc-up { display: flex; flex-direction: column; gap: 20px; max-width: 960px; }
.sc-up-head { display: flex; align-items: flex-end; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
.sc-up-head h1 { font-size: 32px; font-weight: 800; letter-spacing: -0.03em; margin: 0; }
.sc-up-back { color: var(--sc-muted); font-size: 14px; font-weight: 700; display: inline-flex; gap: 6px;
              align-items: center; }
.sc-up-drop { border: 2px dashed #555; border-radius: var(--sc-radius); background: var(--sc-bg-elevated);
              padding: 36px 20px; display: flex; flex-direction: column; align-items: center; gap: 12px;
              text-align: center; transition: border-color .15s ease, background .15s ease; }
.sc-up-drop.sc-up-over { border-color: var(--sc-accent); background: rgba(30,215,96,.08); }
.sc-up-drop-icon { color: var(--sc-accent); }
.sc-up-drop-title { font-size: 20px; font-weight: 800; margin: 0; }
.sc-up-input { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
.sc-up-input:focus-visible + label { outline: 3px solid #fff; outline-offset: 2px; }
.sc-up-batch:empty { display: none; }
.sc-up-batch { background: var(--sc-bg-elevated); border-radius: var(--sc-radius); padding: 16px 20px;
               display: flex; flex-direction: column; gap: 12px; }
.sc-up-overall { display: flex; flex-direction: column; gap: 8px; }
.sc-up-overall-top { display: flex; justify-content: space-between; align-items: center; gap: 12px; }
.sc-up-overall-text { font-weight: 800; }
.sc-up-rows, .sc-up-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.sc-up-row { padding: 10px 0; border-top: 1px solid #2a2a2a; display: flex; flex-direction: column; gap: 6px; }
.sc-up-row-top { display: flex; align-items: center; gap: 10px; min-width: 0; }
.sc-up-name { font-weight: 700; flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sc-up-size { color: var(--sc-muted); font-size: 13px; white-space: nowrap; font-variant-numeric: tabular-nums; }
.sc-up-cancel, .sc-up-clear { background: none; border: 1px solid #666; color: var(--sc-text); border-radius: 999px;
                              font: inherit; font-size: 13px; font-weight: 700; padding: 6px 14px; cursor: pointer;
                              min-height: 32px; }
.sc-up-cancel:hover, .sc-up-clear:hover { border-color: var(--sc-text); }
.sc-up-bar { height: 6px; border-radius: 3px; background: #3a3a3a; overflow: hidden; }
.sc-up-fill { height: 100%; background: var(--sc-accent); border-radius: 3px; transition: width .2s linear; }
.sc-up-msg { color: var(--sc-muted); font-size: 13px; overflow-wrap: anywhere; }
.sc-up-refused .sc-up-msg, .sc-up-error .sc-up-msg { color: #ff6b78; }
.sc-up-sent .sc-up-msg { color: var(--sc-accent); }
.sc-up-waiting .sc-up-msg { color: #ffd166; }
.sc-up-cancelled .sc-up-name { color: var(--sc-muted); text-decoration: line-through; }
.sc-up-section { display: flex; flex-direction: column; gap: 10px; }
.sc-up-section h2 { font-size: 22px; font-weight: 800; margin: 0; }
.sc-up-item { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 4px 16px; align-items: center;
              background: var(--sc-bg-elevated); border-radius: var(--sc-radius); padding: 12px 16px; }
.sc-up-item-name { font-weight: 700; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sc-up-item-meta { color: var(--sc-muted); font-size: 13px; grid-column: 1; }
.sc-up-item-side { grid-column: 2; grid-row: 1 / span 2; display: flex; align-items: center; gap: 10px;
                   justify-content: flex-end; flex-wrap: wrap; }
.sc-up-item-error { grid-column: 1 / -1; color: #ff6b78; font-size: 13.5px; overflow-wrap: anywhere; }
.sc-up-badge { display: inline-flex; align-items: center; gap: 6px; border-radius: 999px; padding: 4px 10px;
               font-size: 12px; font-weight: 800; text-transform: uppercase; letter-spacing: .04em;
               white-space: nowrap; }
.sc-up-badge-received, .sc-up-badge-processing { background: #3a3320; color: #ffd166; }
.sc-up-badge-ready { background: rgba(30,215,96,.16); color: var(--sc-accent); }
.sc-up-badge-failed { background: rgba(233,20,41,.18); color: #ff6b78; }
.sc-up-spin { width: 10px; height: 10px; border-radius: 50%; border: 2px solid currentColor;
              border-right-color: transparent; animation: sc-up-spin .8s linear infinite; }
@keyframes sc-up-spin { to { transform: rotate(360deg); } }
.sc-up-lyrics { padding: 8px 16px; font-size: 14px; }
.sc-up-hidden, .sc-up-narrow { display: none; }
@media (max-width: 640px) {
  .sc-up-wide { display: none; }
  .sc-up-narrow { display: inline; }
  .sc-up-item-name { white-space: normal; overflow-wrap: anywhere; }
  .sc-up-head h1 { font-size: 26px; }
  .sc-up-drop { padding: 24px 14px; }
  .sc-up-item { grid-template-columns: minmax(0, 1fr); }
  .sc-up-item-side { grid-column: 1; grid-row: auto; justify-content: flex-start; }
}
"""


def _drop_zone() -> rx.Component:
    return rx.el.div(
        rx.icon("cloud-upload", size=44, class_name="sc-up-drop-icon"),
        rx.el.p(rx.el.span("Drag and drop your audio files here", class_name="sc-up-wide"),
                rx.el.span("Add your audio files", class_name="sc-up-narrow"), class_name="sc-up-drop-title"),
        rx.el.p("or", class_name="sc-hint sc-up-wide"),
        rx.el.input(type="file", id="sc-upload-input", multiple=True, accept=ACCEPT, class_name="sc-up-input",
                    data_testid="upload-input"),
        rx.el.label(rx.icon("folder-open", size=18), "Choose files", html_for="sc-upload-input",
                    class_name="sc-btn sc-btn-primary", tab_index=-1),
        rx.el.p("MP3, FLAC, Ogg, Opus, WAV, AIFF or M4A, up to ", S.limit_text,
                " each. Pick many at once: they are sent two at a time, and a dropped connection "
                "picks up where it stopped.", class_name="sc-hint"),
        id="sc-upload-drop",
        class_name="sc-up-drop",
        data_max_bytes=S.max_bytes.to_string(),
        data_testid="upload-drop",
    )


def _badge(u: Any) -> rx.Component:
    return rx.el.span(
        rx.cond(u["pending"].to(bool), rx.el.span(class_name="sc-up-spin", aria_hidden="true"), rx.fragment()),
        u["label"],
        class_name="sc-up-badge sc-up-badge-" + u["status"].to(str),
    )


def _item(u: Any) -> rx.Component:
    return rx.el.li(
        rx.el.div(u["filename"], class_name="sc-up-item-name", title=u["filename"].to(str)),
        rx.el.div(
            u["size"], " · ", u["when"],
            rx.cond(u["track_title"].to(str) != "", rx.fragment(" · Draft: ", u["track_title"]), rx.fragment()),
            class_name="sc-up-item-meta",
        ),
        rx.el.div(
            _badge(u),
            rx.cond(
                u["lyrics_url"].to(str) != "",
                rx.link(rx.icon("mic-vocal", size=16), "Edit lyrics", href=u["lyrics_url"].to(str),
                        class_name="sc-btn sc-btn-secondary sc-up-lyrics", data_testid="upload-lyrics-link"),
                rx.fragment(),
            ),
            class_name="sc-up-item-side",
        ),
        rx.cond(u["error"].to(str) != "", rx.el.div(u["error"], class_name="sc-up-item-error", role="alert"),
                rx.fragment()),
        class_name="sc-up-item",
        data_testid="upload-item",
        data_status=u["status"].to(str),
    )


def _recent() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Recent uploads"),
        rx.cond(
            S.uploads.length() > 0,
            rx.el.p("Ready files are drafts in your ",
                    rx.link("Studio", href=routes.STUDIO), ": add lyrics, then put them in a release.",
                    class_name="sc-hint"),
            rx.el.p("Nothing uploaded yet. Files you send appear here while they are processed.",
                    class_name="sc-hint"),
        ),
        rx.el.ul(rx.foreach(S.uploads, _item), id="sc-upload-list", class_name="sc-up-list",
                 data_pending=rx.cond(S.pending, "true", "false"), aria_live="polite"),
        class_name="sc-up-section",
    )


def _bridge() -> rx.Component:
    """Hidden buttons the script clicks to talk to the state (never reached by keyboard)."""
    return rx.el.div(
        rx.el.button("report", id="sc-upload-report", type="button", tab_index=-1,
                     on_click=S.report(TAKE_OUTCOMES)),
        rx.el.button("refresh", id="sc-upload-refresh", type="button", tab_index=-1, on_click=S.refresh),
        class_name="sc-up-hidden",
        aria_hidden="true",
    )


def not_artist() -> rx.Component:
    return rx.el.div(
        rx.icon("mic-vocal", size=48),
        rx.el.p("Only artists can upload music."),
        rx.el.p(S.not_artist),
        rx.link("Go to Settings", href=routes.SETTINGS, class_name="sc-btn sc-btn-primary"),
        class_name="sc-empty",
        data_testid="upload-not-artist",
    )


def uploader() -> rx.Component:
    return rx.el.div(
        rx.el.style(UPLOAD_CSS),
        rx.el.div(
            rx.el.div(
                rx.link(rx.icon("arrow-left", size=16), "Studio", href=routes.STUDIO, class_name="sc-up-back"),
                rx.el.h1("Upload music"),
            ),
            class_name="sc-up-head",
        ),
        form_error(S.error),
        form_notice(S.notice),
        _drop_zone(),
        rx.el.div(id="sc-upload-batch", class_name="sc-up-batch", aria_live="polite", data_testid="upload-batch"),
        _recent(),
        _bridge(),
        class_name="sc-up",
    )


REPLACE_CSS = """
.sc-rep { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-top: 6px; font-size: 13px; }
.sc-rep-input { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
.sc-rep-btn { color: var(--sc-text); font-weight: 700; cursor: pointer; text-decoration: underline;
              text-underline-offset: 2px; display: inline-flex; align-items: center; gap: 4px; }
.sc-rep-btn:hover { color: var(--sc-accent); }
.sc-rep-input:focus-visible + .sc-rep-btn { outline: 3px solid #fff; outline-offset: 2px; }
.sc-rep-status:empty { display: none; }
.sc-rep-status { color: var(--sc-muted); font-size: 12.5px; }
.sc-rep-status[data-state=done], .sc-rep-status[data-state=sent] { color: var(--sc-accent); }
.sc-rep-status[data-state=refused], .sc-rep-status[data-state=error] { color: #ff6b78; }
"""


def replace_audio_control(track_id: Any, title: Any) -> rx.Component:
    """"Replace audio" for one of the artist's songs: pick a file, see it sent and checked.

    ``track_id`` is the song's id as a string var. The file goes to the resumable upload
    protocol with ``replace_track_id`` (``assets/studio_upload.js``, loaded by the script tag
    here; it loads once however many rows carry it); the status line is the script's. The
    song keeps its id, plays, likes and details: only its sound changes once the new file
    has been checked (``services.studio.replace_audio``).
    """
    input_id = "sc-rep-" + track_id
    return rx.el.span(
        rx.el.style(REPLACE_CSS),
        rx.script(src=SCRIPT),
        rx.el.input(type="file", id=input_id, accept=ACCEPT, class_name="sc-up-input sc-rep-input",
                    custom_attrs={"data-replace-track": track_id}, data_testid="replace-audio-input",
                    aria_label="Replace the audio of " + title),
        rx.el.label(rx.icon("file-audio", size=14), "Replace audio", html_for=input_id, class_name="sc-rep-btn"),
        rx.el.span(class_name="sc-rep-status", aria_live="polite", data_testid="replace-audio-status",
                   custom_attrs={"data-replace-status": track_id}),
        class_name="sc-rep",
    )
