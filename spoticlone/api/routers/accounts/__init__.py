"""Routes for an account's own settings, security and public profile.

Rules live in ``spoticlone.services.accounts``.
"""
