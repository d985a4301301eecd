"""The notification list behind the bell (private page)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.notifications import notification_list
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.notifications.inbox import NotificationsState as S


@page(routes.NOTIFICATIONS, title="Notifications",
      description="New releases, followers, invitations and support replies.",
      on_load=[AuthState.require_account, S.load])
def notifications_page() -> rx.Component:
    return rx.fragment(
        page_title("Notifications"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.fragment(
                notification_list(),
                rx.el.p(rx.link("Choose which notifications you get", href=routes.SETTINGS_NOTIFICATIONS,
                                underline="always"),
                        class_name="sc-hint", style={"margin_top": "24px"}),
            ),
            loading_block("320px"),
        ),
    )
