"""Notifications over HTTP: the list and unread count, preferences, and the one-click unsubscribe link.

Rules live in ``spoticlone.services.notifications``.
"""
