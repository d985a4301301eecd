"""One module per page. Importing this package registers every page with the template."""

from spoticlone.pages import (  # noqa: F401
    account,
    admin_users,
    album,
    artist,
    browse,
    charts,
    genre,
    google_signup,
    home,
    library,
    not_found,
    playlist,
    playlists,
    search,
    settings_profile,
    settings_security,
    track,
    two_step,
    user_profile,
)
