"""Page states for playing music: the player, the queue, plays, streaming and charts.

Rules live in ``spoticlone.services.listening``.
"""
