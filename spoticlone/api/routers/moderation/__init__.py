"""Routes for reports and takedowns; rules live in ``spoticlone.services.moderation``."""
