"""Page states for discovery: Home's "Made for you", mix pages, the taste picker, similar music.

Rules live in ``spoticlone.services.discovery``.
"""
