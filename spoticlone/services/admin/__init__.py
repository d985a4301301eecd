"""Running the service: roles, suspensions and the user list.

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.admin import roles``), which keeps import order simple.
"""

from spoticlone.services.admin.roles import list_users, make_admin, set_role, set_suspended, update_user

__all__ = [
    "list_users",
    "make_admin",
    "set_role",
    "set_suspended",
    "update_user",
]
