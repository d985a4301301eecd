"""The parts of the lyrics sync editor: text box, tap deck, line list, listener preview.

Lyrics are user text: every line renders as escaped text, never as markup. The editor's
own ``<audio>`` (``sc-lyrics-audio``) is separate from the site's player; the Tap
button reads its ``currentTime`` in the browser at the moment of the press, and
``assets/lyrics_editor.js`` adds the keyboard (Space/Enter), the running clock and the
preview highlight. Styles are local to the editor (``EDITOR_CSS``, under ``.sc-le``).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.file_picker import file_picker
from spoticlone.components.forms import form_error, form_notice
from spoticlone.services.studio.lyrics import MAX_CHARS, MAX_LRC_BYTES
from spoticlone.state.studio.lyrics import NUDGE_MS, LyricsEditorState as S

#: The editor audio's time in ms, read in the browser when Tap is pressed.
AUDIO_MS = rx.Var(
    _js_expr="Math.round(((document.getElementById('sc-lyrics-audio') || {}).currentTime || 0) * 1000)",
    _var_type=int,
)
UPLOAD_ID = "lrc-upload"
LRC_ACCEPT = {"text/plain": [".lrc", ".txt"], "application/octet-stream": [".lrc"]}

EDITOR_CSS = """
.sc-le { display: flex; flex-direction: column; gap: 16px; max-width: 1100px; }
.sc-le-head { display: flex; flex-direction: column; gap: 4px; }
.sc-le-kicker { color: var(--sc-muted); font-size: 13px; font-weight: 700; text-transform: uppercase;
                letter-spacing: .08em; }
.sc-le-title { font-size: 32px; font-weight: 800; letter-spacing: -0.03em; margin: 0; overflow-wrap: anywhere; }
.sc-le-sub { color: var(--sc-muted); display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.sc-le-card { background: var(--sc-bg-elevated); border-radius: var(--sc-radius); padding: 20px;
              display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.sc-le-card h2 { font-size: 18px; font-weight: 800; margin: 0; }
.sc-le-text { min-height: 180px; resize: vertical; font-family: inherit; line-height: 1.5; }
.sc-le-deck { position: sticky; top: 8px; z-index: 5; background: #202020; border: 1px solid #2f2f2f;
              border-radius: var(--sc-radius); padding: 14px; display: grid; gap: 12px;
              grid-template-columns: minmax(0, 1fr) auto; align-items: center;
              box-shadow: 0 8px 24px rgba(0,0,0,.45); }
.sc-le-deck audio { width: 100%; min-width: 0; color-scheme: dark; }
.sc-le-clock { font-variant-numeric: tabular-nums; font-size: 22px; font-weight: 800; }
.sc-le-tap { grid-column: 1 / -1; display: flex; flex-direction: column; align-items: center; gap: 2px;
             width: 100%; min-height: 84px; border: 0; border-radius: 14px; cursor: pointer;
             background: var(--sc-accent); color: #000; font: inherit; padding: 12px 16px;
             touch-action: manipulation; user-select: none; -webkit-user-select: none; }
.sc-le-tap:active { transform: scale(.985); background: #3be477; }
.sc-le-tap:disabled { opacity: .5; cursor: default; }
.sc-le-tap:focus-visible { outline: 3px solid #fff; outline-offset: 2px; }
.sc-le-tap-label { font-size: 24px; font-weight: 900; letter-spacing: .02em; }
.sc-le-tap-next { font-size: 14px; font-weight: 600; max-width: 100%; overflow: hidden;
                  text-overflow: ellipsis; white-space: nowrap; }
.sc-le-status { grid-column: 1 / -1; display: flex; gap: 12px; align-items: center; flex-wrap: wrap;
                justify-content: space-between; }
.sc-le-status .sc-hint { margin: 0; }
.sc-le-dirty { color: #ffd166; font-size: 13px; font-weight: 700; }
.sc-le-grid { display: grid; gap: 16px; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); align-items: start; }
.sc-le-lines { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; }
.sc-le-row { display: grid; grid-template-columns: 28px auto minmax(0, 1fr) auto; gap: 8px; align-items: center;
             padding: 6px 8px; border-radius: 6px; border-left: 3px solid transparent; }
.sc-le-row:hover { background: #232323; }
.sc-le-row.sc-le-next { background: rgba(30,215,96,.12); border-left-color: var(--sc-accent); }
.sc-le-row.sc-le-active .sc-le-line-text { color: var(--sc-accent); }
.sc-le-num { color: var(--sc-subtle); font-size: 12px; text-align: right; font-variant-numeric: tabular-nums; }
.sc-le-time { display: flex; align-items: center; gap: 2px; }
.sc-le-clockbtn { background: none; border: 0; color: var(--sc-text); font: inherit; font-size: 14px;
                  font-variant-numeric: tabular-nums; padding: 4px 6px; border-radius: 4px; cursor: pointer;
                  min-width: 64px; text-align: center; }
.sc-le-clockbtn:hover { background: #333; }
.sc-le-clockbtn.sc-le-untimed { color: var(--sc-subtle); cursor: default; }
.sc-le-clockbtn.sc-le-early { color: #ff6b78; }
.sc-le-nudge { background: #2a2a2a; border: 0; color: var(--sc-text); border-radius: 4px; font: inherit;
               font-size: 12px; padding: 4px 6px; cursor: pointer; min-width: 40px; min-height: 32px; }
.sc-le-nudge:hover:not(:disabled) { background: #3a3a3a; }
.sc-le-nudge:disabled { opacity: .35; cursor: default; }
.sc-le-line-text { overflow-wrap: anywhere; font-size: 15px; }
.sc-le-retap { background: none; border: 1px solid #444; color: var(--sc-muted); border-radius: 999px;
               font: inherit; font-size: 12px; padding: 4px 10px; cursor: pointer; white-space: nowrap;
               min-height: 32px; }
.sc-le-retap:hover { color: var(--sc-text); border-color: var(--sc-text); }
.sc-le-preview { max-height: 420px; overflow-y: auto; display: flex; flex-direction: column; gap: 10px;
                 padding: 8px 4px; scroll-behavior: smooth; }
.sc-le-pv-line { margin: 0; font-size: 22px; font-weight: 800; line-height: 1.3; color: rgba(255,255,255,.45);
                 transition: color .15s; overflow-wrap: anywhere; }
.sc-le-pv-line.sc-le-active { color: #fff; }
.sc-le-files { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.sc-le-empty { color: var(--sc-muted); margin: 0; }
.sc-le-side { display: flex; flex-direction: column; gap: 16px; min-width: 0; }
@media (max-width: 900px) {
  .sc-le-grid { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 768px) {
  .sc-le-deck { top: 64px; }
}
@media (max-width: 600px) {
  .sc-le-title { font-size: 24px; }
  .sc-le-card { padding: 14px; }
  .sc-le-deck { padding: 10px; gap: 8px; }
  .sc-le-tap { min-height: 88px; }
  .sc-le-keys { display: none; }
  .sc-le-clock { font-size: 18px; }
  .sc-le-row { grid-template-columns: auto minmax(0, 1fr); row-gap: 4px; padding: 8px 6px; }
  .sc-le-num { display: none; }
  .sc-le-line-text { grid-column: 1 / -1; grid-row: 1; font-size: 16px; }
  .sc-le-retap { justify-self: end; }
  .sc-le-nudge { min-width: 44px; min-height: 40px; }
  .sc-le-pv-line { font-size: 20px; }
}
"""


def header() -> rx.Component:
    return rx.el.header(
        rx.el.span("Lyrics sync", class_name="sc-le-kicker"),
        rx.el.h1(S.title, class_name="sc-le-title"),
        rx.el.div(
            rx.el.span(S.artist_name),
            rx.cond(S.status == "draft", rx.el.span("Draft", class_name="sc-badge"), rx.fragment()),
            class_name="sc-le-sub",
        ),
        class_name="sc-le-head",
    )


def _import_button() -> rx.Component:
    return file_picker(
        rx.el.button(
            rx.icon("file-up", size=16), rx.cond(S.importing, "Importing…", "Import .lrc"),
            type="button", class_name="sc-btn sc-btn-secondary sc-btn-small", disabled=S.importing,
            data_testid="import-lrc",
        ),
        upload_id=UPLOAD_ID, accept=LRC_ACCEPT, max_bytes=MAX_LRC_BYTES,
        on_file=S.import_lrc, on_refused=S.lrc_rejected,
    )


def text_card() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Lyrics text"),
        rx.el.p("Paste the words, one sung line per line. Blank lines (between verses) are kept in the "
                "text but skipped when syncing. Editing a line keeps the times of the others.",
                class_name="sc-hint"),
        rx.el.label("Lyrics text", html_for="sc-lyrics-text", class_name="sc-visually-hidden"),
        rx.el.textarea(
            id="sc-lyrics-text", default_value=S.plain, key=S.form_version.to_string(),
            on_blur=S.set_plain, max_length=MAX_CHARS, rows=10, spell_check=True,
            placeholder="Paste the lyrics here…", class_name="sc-input sc-le-text", data_testid="lyrics-text",
        ),
        rx.el.div(
            _import_button(),
            rx.cond(
                S.has_synced,
                rx.el.a(rx.icon("file-down", size=16), "Download .lrc", href=S.export_url, download=True,
                        reload_document=True, class_name="sc-btn sc-btn-secondary sc-btn-small",
                        data_testid="export-lrc"),
                rx.fragment(),
            ),
            class_name="sc-le-files",
        ),
        class_name="sc-le-card",
        aria_label="Lyrics text",
    )


def deck() -> rx.Component:
    """Audio, clock, the big Tap button and Save: sticky, so they stay in reach on a phone."""
    return rx.el.section(
        rx.el.audio(id="sc-lyrics-audio", src=S.stream_url, controls=True, preload="metadata",
                    aria_label="The song"),
        rx.el.span("0:00.0", id="sc-lyrics-now", class_name="sc-le-clock", aria_live="off"),
        rx.el.button(
            rx.el.span("Tap", class_name="sc-le-tap-label"),
            rx.el.span(
                rx.cond(S.next_line != "", "Next: " + S.next_line, "All lines have a time"),
                class_name="sc-le-tap-next",
            ),
            id="sc-lyrics-tap", type="button", class_name="sc-le-tap", on_click=S.stamp(AUDIO_MS),
            disabled=S.next_line == "", aria_keyshortcuts="Space Enter", data_testid="tap",
        ),
        rx.el.div(
            rx.el.p(S.progress_text, rx.el.span(" · Space or Enter taps", class_name="sc-le-keys"),
                    class_name="sc-hint"),
            rx.el.div(
                rx.cond(S.dirty, rx.el.span("Unsaved changes", class_name="sc-le-dirty"), rx.fragment()),
                rx.el.button("Save", type="button", on_click=S.save, class_name="sc-btn sc-btn-primary sc-btn-small",
                             data_testid="save-lyrics"),
                class_name="sc-btn-row",
                style={"align_items": "center"},
            ),
            class_name="sc-le-status",
        ),
        rx.el.div(form_error(S.error), form_notice(S.notice), style={"grid_column": "1 / -1"}),
        class_name="sc-le-deck",
        aria_label="Play and tap",
    )


def _row(line: Any) -> rx.Component:
    index = line["index"].to(int)
    clock_class = rx.cond(
        line["timed"],
        rx.cond(line["early"], "sc-le-clockbtn sc-le-early", "sc-le-clockbtn"),
        "sc-le-clockbtn sc-le-untimed",
    )
    return rx.el.li(
        rx.el.span((index + 1).to_string(), class_name="sc-le-num"),
        rx.el.div(
            rx.el.button("−0.1", type="button", on_click=S.nudge(index, -NUDGE_MS), disabled=~line["timed"].to(bool),
                         class_name="sc-le-nudge", aria_label="0.1 seconds earlier"),
            rx.el.button(line["clock"], type="button", class_name=clock_class,
                         title=rx.cond(line["early"], "Earlier than the line before: nudge or re-tap it",
                                       "Play from here"),
                         custom_attrs={"data-sync-seek": line["time_ms"].to_string()}),
            rx.el.button("+0.1", type="button", on_click=S.nudge(index, NUDGE_MS), disabled=~line["timed"].to(bool),
                         class_name="sc-le-nudge", aria_label="0.1 seconds later"),
            class_name="sc-le-time",
        ),
        rx.el.span(line["shown"], class_name="sc-le-line-text"),
        rx.el.button("Re-tap from here", type="button", on_click=S.retap_from(index), class_name="sc-le-retap"),
        class_name=rx.cond(S.cursor == index, "sc-le-row sc-le-next", "sc-le-row"),
        custom_attrs={"data-sync-time": line["time_ms"].to_string()},
        data_testid="sync-line",
    )


def lines_card() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Lines"),
        rx.el.p("Play the song and tap as each line starts. Click a time to hear it; nudge it by a tenth "
                "of a second; or re-tap from any line.", class_name="sc-hint"),
        rx.cond(
            S.lines.length() > 0,
            rx.el.ol(rx.foreach(S.lines, _row), id="sc-lyrics-lines", class_name="sc-le-lines"),
            rx.el.p("Paste the lyrics in the text box to get lines to sync.", class_name="sc-le-empty"),
        ),
        class_name="sc-le-card",
        aria_label="Lines",
    )


def _preview_line(line: Any) -> rx.Component:
    return rx.cond(
        line["timed"],
        rx.el.p(line["shown"], class_name="sc-le-pv-line",
                custom_attrs={"data-sync-time": line["time_ms"].to_string()}),
        rx.fragment(),
    )


def preview_card() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Preview"),
        rx.el.p("What listeners see while the song plays.", class_name="sc-hint"),
        rx.cond(
            S.timed_count > 0,
            rx.el.div(rx.foreach(S.lines, _preview_line), id="sc-lyrics-preview", class_name="sc-le-preview",
                      data_testid="lyrics-preview"),
            rx.el.p("Synced lines appear here once you tap.", class_name="sc-le-empty"),
        ),
        class_name="sc-le-card",
        aria_label="Preview",
    )


def editor() -> rx.Component:
    """Song, tap deck, then the lines beside the text and the preview.

    With no lines yet the text box comes first (pasting is the first step); once there are
    lines, the line list leads, with the listener preview beside it at the top (in view while
    tapping, however long the song) and the text box under the preview.
    """
    has_lines = S.lines.length() > 0
    return rx.el.div(
        rx.el.style(EDITOR_CSS),
        header(),
        rx.cond(has_lines, rx.fragment(), text_card()),
        deck(),
        rx.el.div(
            lines_card(),
            rx.el.div(preview_card(), rx.cond(has_lines, text_card(), rx.fragment()), class_name="sc-le-side"),
            class_name="sc-le-grid",
        ),
        id="sc-lyrics-editor",
        class_name="sc-le",
    )
