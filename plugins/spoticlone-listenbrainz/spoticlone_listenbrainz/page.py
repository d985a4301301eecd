"""The listener's ListenBrainz page: connect with a token, see what was sent, disconnect."""

import reflex as rx

from spoticlone_listenbrainz.state import ListenBrainzState as S


def _connected() -> rx.Component:
    return rx.vstack(
        rx.text("Connected as ", rx.text.strong(S.user_name), ".", data_testid="listenbrainz-connected"),
        rx.text(S.sent, rx.cond(S.sent == 1, " listen sent · ", " listens sent · "), S.waiting, " waiting",
                color_scheme="gray"),
        rx.button("Disconnect", on_click=S.disconnect, variant="soft", color_scheme="red",
                  data_testid="listenbrainz-disconnect"),
        spacing="3",
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text("Paste your user token from ListenBrainz (Settings → User token). "
                    "It is checked with ListenBrainz, then stored encrypted.", color_scheme="gray"),
            rx.input(name="token", type="password", placeholder="Your ListenBrainz token", max_length=200,
                     width="100%", required=True, data_testid="listenbrainz-token"),
            rx.button("Connect", type="submit", data_testid="listenbrainz-save"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save,
        reset_on_submit=True,
        width="100%",
    )


def listenbrainz_page() -> rx.Component:
    return rx.box(
        rx.heading("ListenBrainz", size="7", as_="h1"),
        rx.text("Send what you listen to to your ListenBrainz profile.", color_scheme="gray"),
        rx.vstack(
            rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", width="100%",
                                              data_testid="listenbrainz-error")),
            rx.cond(S.notice != "", rx.callout(S.notice, color_scheme="green", width="100%")),
            rx.cond(S.connected, _connected(), _form()),
            spacing="4",
            margin_top="1.5rem",
            max_width="32rem",
            width="100%",
        ),
        data_testid="listenbrainz-page",
        width="100%",
        padding_y="4",
    )
