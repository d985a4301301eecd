"""Notification settings: each kind in the app and by email (private page)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.forms import form_error, form_notice, settings_card
from spoticlone.components.notifications import preference_switches
from spoticlone.components.settings_tabs import settings_tabs
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.notifications.preferences import NotificationPreferencesState as S


@page(routes.SETTINGS_NOTIFICATIONS, title="Notifications",
      description="Choose which notifications you get in the app and by email.",
      on_load=[AuthState.require_account, S.load])
def settings_notifications_page() -> rx.Component:
    return rx.fragment(
        page_title("Settings"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.el.div(
                settings_tabs(routes.SETTINGS_NOTIFICATIONS),
                form_notice(S.notice),
                form_error(S.error),
                settings_card(
                    "Notifications",
                    preference_switches(),
                    description="Every email has a link to stop that kind of email in one click. "
                                "Emails go only to a confirmed address.",
                ),
                class_name="sc-settings",
            ),
            loading_block("320px"),
        ),
    )
