"""The API's routers, grouped by domain; ``spoticlone.api.app`` includes them in order.

``ROUTERS`` names every router. The core's are registered by ``spoticlone.api.app`` in
the order they are matched; a plugin registers its own under a new name before the API
is built (``create_api``), and the catch-all for unknown ``/api`` paths always comes last.
"""

from fastapi import APIRouter

from spoticlone.services.core.registry import Registry

ROUTERS: Registry[APIRouter] = Registry("API routers")
