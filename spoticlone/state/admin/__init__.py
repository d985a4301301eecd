"""Page states for running the service (users, roles, health); rules live in ``spoticlone.services.admin``."""
