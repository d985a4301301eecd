"""The expected access matrix of releases and their songs, written once for every layer.

``tests/services/studio/test_release_access_matrix.py`` replays it through the services and
``tests/api/studio/test_releases_api.py`` through the REST API (allowed = 2xx there).
"""

from __future__ import annotations

OPERATIONS = ("read_release", "read_track", "stream", "edit_release", "edit_track",
              "publish", "unpublish", "delete_release", "delete_track",
              "upload_cover", "track_cover", "remove_cover", "add_featured", "remove_featured")
STATES = ("draft", "scheduled", "published", "unpublished")
ACTORS = ("anonymous", "listener", "owner", "other_artist", "admin")

# Columns in OPERATIONS order; Y = allowed, - = refused. The last five are the album builder's
# cover (upload, use a song's embedded picture, remove) and featured artists (add, remove):
# only the release's own artist, in every state (a published release's cover changes too).
EXPECTED_TABLE = """
anonymous    draft        - - - - - - - - - - - - - -
anonymous    scheduled    - - - - - - - - - - - - - -
anonymous    published    - - Y - - - - - - - - - - -
anonymous    unpublished  - - - - - - - - - - - - - -
listener     draft        - - - - - - - - - - - - - -
listener     scheduled    - - - - - - - - - - - - - -
listener     published    - - Y - - - - - - - - - - -
listener     unpublished  - - - - - - - - - - - - - -
owner        draft        Y Y Y Y Y Y - Y Y Y Y Y Y Y
owner        scheduled    Y Y Y Y Y Y Y - - Y Y Y Y Y
owner        published    Y Y Y Y Y - Y - - Y Y Y Y Y
owner        unpublished  Y Y Y Y Y Y - Y Y Y Y Y Y Y
other_artist draft        - - - - - - - - - - - - - -
other_artist scheduled    - - - - - - - - - - - - - -
other_artist published    - - Y - - - - - - - - - - -
other_artist unpublished  - - - - - - - - - - - - - -
admin        draft        Y Y Y - - - - - - - - - - -
admin        scheduled    Y Y Y - - - Y - - - - - - -
admin        published    Y Y Y - - - Y - - - - - - -
admin        unpublished  Y Y Y - - - - - - - - - - -
"""


def expected() -> dict[tuple[str, str, str], bool]:
    """``(actor, state, operation)`` -> allowed, for every cell of the table."""
    table = {}
    for line in EXPECTED_TABLE.strip().splitlines():
        actor, state, *marks = line.split()
        assert len(marks) == len(OPERATIONS), line
        for operation, mark in zip(OPERATIONS, marks, strict=True):
            table[(actor, state, operation)] = mark == "Y"
    assert len(table) == len(ACTORS) * len(STATES) * len(OPERATIONS)
    return table
