"""The support desk over HTTP: the Help page, a listener's own requests, the admins' inbox.

Rules live in ``spoticlone.services.support``.
"""
