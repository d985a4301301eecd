"""Routes for browsing the catalog and its lyrics; rules live in ``spoticlone.services.catalog``."""
