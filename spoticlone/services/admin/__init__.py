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
    from spoticlone.services.admin.roles import list_users, make_admin, set_role, set_suspended, update_user

#: Which module of the package defines each public function.
_HOMES = {
    "list_users": "roles",
    "make_admin": "roles",
    "set_artist_verified": "artists",
    "set_role": "roles",
    "set_suspended": "roles",
    "update_user": "roles",
}

__all__ = [
    "list_users",
    "make_admin",
    "set_artist_verified",
    "set_role",
    "set_suspended",
    "update_user",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
