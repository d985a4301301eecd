"""Domain errors raised by services and translated by each adapter (API, state, CLI).

Keeping them in one module means an HTTP status or a UI message is chosen in exactly
one place per adapter, never ad hoc inside a route or handler.
"""


class DomainError(Exception):
    """Base class: ``message`` is safe to show to the person who caused it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing does not exist, or the actor may not know that it does."""


class PermissionDenied(DomainError):
    """The actor is known but may not do this."""


class Invalid(DomainError):
    """The input is wrong; nothing was changed."""


class TooLarge(Invalid):
    """The input is over a size limit (an upload body); nothing was changed."""


class RateLimited(DomainError):
    """Too many attempts; ``retry_after`` seconds until the next one is allowed."""

    def __init__(self, message: str, retry_after: int = 60):
        super().__init__(message)
        self.retry_after = retry_after


class Conflict(DomainError):
    """The change clashes with existing data (a duplicate, a stale version)."""


class AlreadyInPlaylist(Conflict):
    """Some songs are in the playlist already; ``track_ids`` names them.

    Adding them again is allowed, but only when the caller says so (``allow_duplicate``),
    so the UI can ask first, as Spotify does.
    """

    def __init__(self, message: str, track_ids: list[int]):
        super().__init__(message)
        self.track_ids = track_ids
