"""Routes for proving who someone is (sign-in, Google, two-step, sessions).

Rules live in ``spoticlone.services.auth``.
"""
