"""``cli archive on|off|status``: the operator's switch, with the same rules as the admin page."""

from __future__ import annotations

from spoticlone import cli
from spoticlone.services.lifecycle import archive


def test_on_status_off(engine, session, capsys):
    assert cli.main(["archive", "on", "--message", "Closing soon.", "--contact", "ops@example.com",
                     "--closes-on", "2027-01-31"]) == 0
    out = capsys.readouterr().out
    assert "ON" in out and "Closing soon. The service closes for good on 31 January 2027." in out
    assert archive.archive_status(session).enabled
    assert cli.main(["archive", "status"]) == 0 and "ON" in capsys.readouterr().out
    assert cli.main(["archive", "off"]) == 0 and "off" in capsys.readouterr().out
    assert not archive.archive_status(session).enabled


def test_a_too_long_message_is_refused(engine, session, capsys):
    assert cli.main(["archive", "on", "--message", "x" * 3000]) == 1
    assert "at most" in capsys.readouterr().err
    assert not archive.archive_status(session).enabled
