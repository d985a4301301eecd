"""One module per page. Importing this package registers every page with the template."""

from spoticlone.pages import album, artist, browse, genre, home, not_found, search, track  # noqa: F401
