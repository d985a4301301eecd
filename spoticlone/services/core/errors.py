"""Domain errors raised by services and translated by each adapter (API, state, CLI).

Keeping them in one module means an HTTP status or a UI message is chosen in exactly
one place per adapter (``api/errors.py``, ``state/safety.py``), never ad hoc inside a
route or handler.

Every error carries a stable ``code``: adapters that must react to one particular
refusal (send a visitor to sign in, offer a new verification code) test the code,
never the wording, so a message can be reworded without breaking a page.
"""


class ErrorCode:
    """Codes for refusals an adapter reacts to; other errors carry their class's code."""

    SIGN_IN_REQUIRED = "sign_in_required"
    EMAIL_NOT_VERIFIED = "email_not_verified"
    #: A sign-in step (MFA ticket, hand-off) expired or was used up: start again.
    SIGN_IN_STEP_ENDED = "sign_in_step_ended"


class DomainError(Exception):
    """Base class: ``message`` is safe to show to the person who caused it.

    ``code`` defaults to the class's ``code``; pass one of ``ErrorCode`` when an
    adapter needs to tell this refusal apart from others of its class.
    """

    code = "error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or type(self).code


class NotFound(DomainError):
    """The thing does not exist, or the actor may not know that it does."""

    code = "not_found"


class PermissionDenied(DomainError):
    """The actor is known but may not do this."""

    code = "permission_denied"


class Invalid(DomainError):
    """The input is wrong; nothing was changed."""

    code = "invalid"


class TooLarge(Invalid):
    """The input is over a size limit (an upload body); nothing was changed."""

    code = "too_large"


class RateLimited(DomainError):
    """Too many attempts; ``retry_after`` seconds until the next one is allowed."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int = 60, *, code: str | None = None):
        super().__init__(message, code=code)
        self.retry_after = retry_after


class Conflict(DomainError):
    """The change clashes with existing data (a duplicate, a stale version)."""

    code = "conflict"


class AlreadyInPlaylist(Conflict):
    """Some songs are in the playlist already; ``track_ids`` names them.

    Adding them again is allowed, but only when the caller says so (``allow_duplicate``),
    so the UI can ask first, as Spotify does.
    """

    code = "already_in_playlist"

    def __init__(self, message: str, track_ids: list[int]):
        super().__init__(message)
        self.track_ids = track_ids
