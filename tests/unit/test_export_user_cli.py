"""``python -m spoticlone.cli export-user``: the operator's copy of one account's data."""

from __future__ import annotations

from spoticlone import cli
from tests.export_support import make_everything, read_zip


def test_export_user_writes_the_same_archive(session, store, tmp_path, capsys):
    ada = make_everything(session, store)
    out = tmp_path / "ada.zip"
    assert cli.main(["export-user", "ada", str(out)]) == 0
    archive, files = read_zip(out.read_bytes())
    assert files["profile.json"]["email"] == "ada@example.com"
    assert ada.original_name in archive.namelist() and "README.txt" in archive.namelist()
    printed = capsys.readouterr()
    assert "Wrote" in printed.out and "of" in printed.err


def test_an_unknown_username_is_a_clear_error(engine, tmp_path, capsys):
    assert cli.main(["export-user", "nobody", str(tmp_path / "x.zip"), "--quiet"]) == 1
    assert "No account has the username 'nobody'" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()
