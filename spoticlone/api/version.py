"""The version reported by ``/api/health`` and the OpenAPI document."""

from __future__ import annotations

from importlib import metadata


def _version() -> str:
    # The app runs from a checkout rather than an installed distribution, so fall
    # back to the package attribute, then to a placeholder that is clearly not real.
    try:
        return metadata.version("spoticlone")
    except metadata.PackageNotFoundError:
        import spoticlone

        return getattr(spoticlone, "__version__", "0.0.0+dev")


API_VERSION = _version()
