"""One router per area; ``spoticlone.api.app`` includes them in order."""
