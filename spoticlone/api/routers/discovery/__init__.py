"""Routes for discovery: recommendations, made-for-you mixes, "not interested" and taste picks.

Rules live in ``spoticlone.services.discovery``.
"""
