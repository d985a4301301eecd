"""Page states of the artist studio: uploads, releases, the lyrics sync editor and analytics."""
