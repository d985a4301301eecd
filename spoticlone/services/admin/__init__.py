"""Running the service: roles, suspensions and the user list.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.admin import artists``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.admin.artists import set_artist_verified
    from spoticlone.services.admin.audit import changed_fields, record
    from spoticlone.services.admin.audit_log import changes_of, list_entries
    from spoticlone.services.admin.data_browser import (
        all_tables,
        count_rows,
        get_row,
        list_rows,
        list_tables,
        table_domain,
        update_field,
    )
    from spoticlone.services.admin.data_browser_columns import column_choices, column_kind, linked_table
    from spoticlone.services.admin.data_browser_counts import (
        count_upto,
        estimate_rows,
        exact_count,
        size_label,
        table_size,
    )
    from spoticlone.services.admin.data_browser_edits import apply_edit, editable_fields, set_user_name
    from spoticlone.services.admin.data_browser_rows import select_page
    from spoticlone.services.admin.data_browser_tables import domain_of, is_secret, read_only_reason
    from spoticlone.services.admin.health import (
        check_database,
        check_job_queue,
        check_mail,
        check_media_store,
        check_redis,
        health_report,
    )
    from spoticlone.services.admin.metrics import (
        access_allowed,
        count_email,
        count_logged_exceptions,
        count_unhandled_exception,
        observe_request,
        render,
        set_job_queue_depth,
        status_class,
        websocket_closed,
        websocket_opened,
    )
    from spoticlone.services.admin.plugins import (
        enabled_names,
        is_enabled,
        known_enabled,
        list_plugins,
        record_error,
        set_enabled,
        settings_for,
        update_settings,
    )
    from spoticlone.services.admin.roles import list_users, make_admin, set_role, set_suspended, update_user
    from spoticlone.services.admin.simulation import (
        refuse_in_production,
        remove_synthetic,
        simulate_activity,
        synthetic_user_ids,
    )
    from spoticlone.services.admin.simulation_catalog import load_catalog

#: Which module of the package defines each public function.
_HOMES = {
    "access_allowed": "metrics",
    "all_tables": "data_browser",
    "apply_edit": "data_browser_edits",
    "changed_fields": "audit",
    "changes_of": "audit_log",
    "check_database": "health",
    "check_job_queue": "health",
    "check_mail": "health",
    "check_media_store": "health",
    "check_redis": "health",
    "column_choices": "data_browser_columns",
    "column_kind": "data_browser_columns",
    "count_email": "metrics",
    "count_logged_exceptions": "metrics",
    "count_rows": "data_browser",
    "count_unhandled_exception": "metrics",
    "count_upto": "data_browser_counts",
    "domain_of": "data_browser_tables",
    "editable_fields": "data_browser_edits",
    "enabled_names": "plugins",
    "estimate_rows": "data_browser_counts",
    "exact_count": "data_browser_counts",
    "get_row": "data_browser",
    "health_report": "health",
    "is_enabled": "plugins",
    "is_secret": "data_browser_tables",
    "known_enabled": "plugins",
    "linked_table": "data_browser_columns",
    "list_entries": "audit_log",
    "list_plugins": "plugins",
    "list_rows": "data_browser",
    "list_tables": "data_browser",
    "list_users": "roles",
    "load_catalog": "simulation_catalog",
    "make_admin": "roles",
    "observe_request": "metrics",
    "read_only_reason": "data_browser_tables",
    "record": "audit",
    "record_error": "plugins",
    "refuse_in_production": "simulation",
    "remove_synthetic": "simulation",
    "render": "metrics",
    "select_page": "data_browser_rows",
    "set_artist_verified": "artists",
    "set_enabled": "plugins",
    "set_job_queue_depth": "metrics",
    "set_role": "roles",
    "set_suspended": "roles",
    "set_user_name": "data_browser_edits",
    "settings_for": "plugins",
    "simulate_activity": "simulation",
    "size_label": "data_browser_counts",
    "status_class": "metrics",
    "synthetic_user_ids": "simulation",
    "table_domain": "data_browser",
    "table_size": "data_browser_counts",
    "update_field": "data_browser",
    "update_settings": "plugins",
    "update_user": "roles",
    "websocket_closed": "metrics",
    "websocket_opened": "metrics",
}

__all__ = [
    "access_allowed",
    "all_tables",
    "apply_edit",
    "changed_fields",
    "changes_of",
    "check_database",
    "check_job_queue",
    "check_mail",
    "check_media_store",
    "check_redis",
    "column_choices",
    "column_kind",
    "count_email",
    "count_logged_exceptions",
    "count_rows",
    "count_unhandled_exception",
    "count_upto",
    "domain_of",
    "editable_fields",
    "enabled_names",
    "estimate_rows",
    "exact_count",
    "get_row",
    "health_report",
    "is_enabled",
    "is_secret",
    "known_enabled",
    "linked_table",
    "list_entries",
    "list_plugins",
    "list_rows",
    "list_tables",
    "list_users",
    "load_catalog",
    "make_admin",
    "observe_request",
    "read_only_reason",
    "record",
    "record_error",
    "refuse_in_production",
    "remove_synthetic",
    "render",
    "select_page",
    "set_artist_verified",
    "set_enabled",
    "set_job_queue_depth",
    "set_role",
    "set_suspended",
    "set_user_name",
    "settings_for",
    "simulate_activity",
    "size_label",
    "status_class",
    "synthetic_user_ids",
    "table_domain",
    "table_size",
    "update_field",
    "update_settings",
    "update_user",
    "websocket_closed",
    "websocket_opened",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
