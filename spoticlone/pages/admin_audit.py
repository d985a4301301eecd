"""/admin/audit: who changed what and when, filtered and paged (administrators only)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.admin_data import audit_filters, audit_list, messages
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.template import page
from spoticlone.state.admin.audit import AdminAuditState
from spoticlone.state.auth.signed_in import AuthState


def _log() -> rx.Component:
    return rx.fragment(
        rx.text("Every change an administrator made, newest first: who, what, when, and each field before → after. "
                "Browse the rows themselves in the ", rx.link("data browser", href=routes.ADMIN_DATA), ".",
                size="2", color_scheme="gray", margin_bottom="16px", max_width="720px"),
        messages(AdminAuditState.error),
        audit_filters(),
        audit_list(),
    )


def _not_allowed() -> rx.Component:
    return rx.callout(
        "Only administrators can see this page.", icon="lock", color_scheme="gray", size="3",
        data_testid="admin-not-allowed", max_width="560px",
    )


@page(
    routes.ADMIN_AUDIT,
    title="Audit log",
    description="Administration: every change administrators made, with before and after.",
    on_load=[AuthState.require_account, AdminAuditState.load],
)
def admin_audit_page() -> rx.Component:
    return rx.fragment(
        page_title("Audit log"),
        rx.cond(
            AuthState.signed_in & AdminAuditState.loaded,
            rx.cond(AdminAuditState.allowed, _log(), _not_allowed()),
            loading_block("320px"),
        ),
    )
