"""Routes for the artist studio: uploads, releases, lyrics and analytics.

Rules live in ``spoticlone.services.studio``.
"""
