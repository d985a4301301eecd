"""The backup status card of the admin page: last backup, whether it verified, back up now, stray media."""

from __future__ import annotations

import reflex as rx

from spoticlone.state.admin.backups import AdminBackupsState as S


def _status_badge() -> rx.Component:
    return rx.match(
        S.last_status,
        ("Verified", rx.badge("Verified", color_scheme="green")),
        ("Failed", rx.badge("Failed", color_scheme="red")),
        ("Interrupted", rx.badge("Interrupted", color_scheme="red")),
        rx.badge(S.last_status, color_scheme="gray"),
    )


def _line(label: str, value: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.text(label, size="2", color_scheme="gray", min_width="150px"),
        value,
        spacing="2", align="center", wrap="wrap",
    )


def _details() -> rx.Component:
    return rx.vstack(
        _line("Last backup", rx.cond(
            S.last_run != "",
            rx.hstack(rx.text(S.last_run, size="2"), _status_badge(), spacing="2", align="center", wrap="wrap"),
            rx.text("None yet", size="2"),
        )),
        rx.cond(S.last_error != "", rx.text(S.last_error, size="2", color_scheme="red", role="alert")),
        _line("Last verified backup", rx.text(rx.cond(S.last_verified != "", S.last_verified, "None yet"),
                                              size="2", data_testid="backup-last-verified")),
        rx.cond(S.configured, _line("Kept", rx.text(S.retention, size="2"))),
        rx.cond(S.configured, _line("Folder", rx.code(S.backup_dir, size="1", word_break="break-all"))),
        _line("Stray media", rx.text(S.stray_media, size="2", data_testid="stray-media")),
        rx.cond(S.stray_files > 0, rx.text(
            "Files a crash left behind: only disk space, never played. ",
            rx.code("python -m spoticlone.cli media-sweep --delete", size="1"), " removes them.",
            size="1", color_scheme="gray", data_testid="stray-media-hint")),
        spacing="2", width="100%",
    )


def backup_card() -> rx.Component:
    """Shown to admins only (the state is empty for anyone else)."""
    return rx.cond(
        S.loaded & S.allowed,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading("Backups", size="4", as_="h2"),
                    rx.spacer(),
                    rx.button(rx.icon("hard-drive-download", size=16), "Back up now", size="2", radius="full",
                              variant="soft", disabled=~S.configured, on_click=S.back_up_now,
                              data_testid="backup-now"),
                    width="100%", align="center", wrap="wrap", spacing="2",
                ),
                _details(),
                rx.cond(
                    ~S.configured,
                    rx.text("Scheduled backups are off. Set SPOTICLONE_BACKUP_DIR to a folder on another disk "
                            "and restart the server and the worker; python -m spoticlone.cli backup works "
                            "meanwhile.", size="2", color_scheme="gray", data_testid="backups-off"),
                ),
                rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                                  role="alert", size="1")),
                rx.cond(S.notice != "", rx.callout(S.notice, icon="circle-check", color_scheme="green",
                                                   role="status", size="1")),
                spacing="3", width="100%",
            ),
            width="100%", max_width="720px", margin_bottom="20px", data_testid="backup-card",
        ),
    )
