"""The REST API and HTTP middleware mounted into Reflex.

``spoticlone.spoticlone`` passes ``[create_api(), social_meta_middleware]`` as the
``api_transformer`` of ``rx.App``: the FastAPI app answers ``/api/...`` and Reflex
(mounted under it at ``""``) answers everything else; the social-preview middleware
then wraps the whole stack so even the compiled frontend's HTML gets link previews.
"""

from spoticlone.api.app import cors_options, create_api
from spoticlone.middleware.social_meta import social_meta_middleware

__all__ = ["cors_options", "create_api", "social_meta_middleware"]
