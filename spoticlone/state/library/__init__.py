"""Page states for what a listener keeps: likes, saved albums, playlists, follows and ratings.

Rules live in ``spoticlone.services.library``.
"""
