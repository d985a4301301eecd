"""The share menu: copy link, the native share sheet, and links for chat and social apps.

``share_menu(url, title)`` takes a site path (``/album/3-x``) and a title, both plain
strings or state Vars. The absolute link is the configured public URL plus the path
(``ShareState.share_base``), so copied links name the address listeners use, and
carries ``?ref=share`` so plays started from the opened page count as "Share link"
(``state.share``). URL encoding happens in the browser (``encodeURIComponent``) because
the values are only known there. Every outside link opens in a new tab with ``rel="noopener noreferrer"``:
the opened site gets no handle on this tab and no referrer.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.function import FunctionStringVar

from spoticlone.state.share import COPIED, SHARE_PARAM, SHARE_VALUE, ShareState

_ENCODE = FunctionStringVar.create("encodeURIComponent")
_JSON = FunctionStringVar.create("JSON.stringify")

# (label, icon, test id, URL template): {u} is the encoded link, {t} the encoded title.
TARGETS = (
    ("X", "at-sign", "share-x", "https://twitter.com/intent/tweet?url={u}&text={t}"),
    ("Facebook", "thumbs-up", "share-facebook", "https://www.facebook.com/sharer/sharer.php?u={u}"),
    ("WhatsApp", "message-circle", "share-whatsapp", "https://wa.me/?text={t}%20{u}"),
    ("Telegram", "send", "share-telegram", "https://t.me/share/url?url={u}&text={t}"),
    ("Email", "mail", "share-email", "mailto:?subject={t}&body={u}"),
)


def _str(value: Any) -> rx.Var:
    return rx.Var.create(value).to(str)


def with_marker(url: Any) -> rx.Var:
    """``url`` with ``?ref=share`` (or ``&ref=share`` when it already has a query)."""
    path = _str(url)
    marker = f"{SHARE_PARAM}={SHARE_VALUE}"
    return rx.cond(path.contains("?"), path + "&" + marker, path + "?" + marker).to(str)


def absolute_url(url: Any) -> rx.Var:
    """The public URL of a site path, marked as shared, as a string Var."""
    return ShareState.share_base + with_marker(url)


def _href(template: str, encoded_url: rx.Var, encoded_title: rx.Var) -> rx.Var:
    """Fill a ``{u}``/``{t}`` template with Vars (literal parts stay literal)."""
    out: rx.Var = rx.Var.create("")
    rest = template
    while rest:
        cut = min((i for i in (rest.find("{u}"), rest.find("{t}")) if i >= 0), default=-1)
        if cut < 0:
            out, rest = out + rest, ""
            break
        out = out + rest[:cut] + (encoded_url if rest[cut:cut + 3] == "{u}" else encoded_title)
        rest = rest[cut + 3:]
    return out.to(str)


def _native_share_script(link: rx.Var, title: rx.Var) -> rx.Var:
    """JS that opens the share sheet, or copies the link where there is none.

    It evaluates to "shared" or "copied"; ``ShareState.native_done`` toasts on "copied".
    """
    return (
        rx.Var.create("(() => { const d = {title: ") + _JSON.call(title).to(str)
        + ", url: " + _JSON.call(link).to(str)
        + "}; if (navigator.share) { navigator.share(d).catch(() => {}); return 'shared'; }"
        " navigator.clipboard.writeText(d.url); return 'copied'; })()"
    ).to(str)


def _item(label: str, icon: str, **props: Any) -> rx.Component:
    return rx.menu.item(rx.icon(icon, size=16), label, class_name="sc-menu-item", **props)


def _link_item(label: str, icon: str, test_id: str, href: rx.Var) -> rx.Component:
    return rx.menu.item(
        rx.el.a(
            rx.icon(icon, size=16),
            label,
            href=href,
            target="_blank",
            rel="noopener noreferrer",
            data_testid=test_id,
        ),
        as_child=True,
        class_name="sc-menu-item",
    )


def share_menu(url: Any, title: Any, *, label: str = "Share") -> rx.Component:
    """A "Share" button opening the menu for the page at ``url`` (a path) titled ``title``."""
    link = absolute_url(url)
    name = _str(title)
    encoded_url, encoded_title = _ENCODE.call(link).to(str), _ENCODE.call(name).to(str)
    return rx.menu.root(
        rx.menu.trigger(
            rx.el.button(
                rx.icon("share-2", size=20),
                type="button",
                class_name="sc-icon-btn sc-share-btn",
                aria_label=label,
                title=label,
                data_testid="share-button",
            ),
        ),
        rx.menu.content(
            _item("Copy link", "link", on_select=[rx.set_clipboard(link), rx.toast(COPIED)],
                  data_testid="share-copy"),
            _item("Share…", "share", data_testid="share-native",
                  on_select=rx.call_script(_native_share_script(link, name),
                                           callback=ShareState.native_done)),
            rx.menu.separator(),
            *[_link_item(lbl, icon, tid, _href(tpl, encoded_url, encoded_title))
              for lbl, icon, tid, tpl in TARGETS],
            align="start",
            class_name="sc-menu",
            data_testid="share-menu",
        ),
    )
