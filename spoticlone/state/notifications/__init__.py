"""Page states for notifications: the bell's count, the list, and the settings tab.

Rules live in ``spoticlone.services.notifications``.
"""
