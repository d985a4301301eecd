"""The command-line entry: argument parsing, file discovery and import reporting."""

from __future__ import annotations

from pathlib import Path

import pytest

from spoticlone import cli
from tests.factories import make_track


def test_parser_accepts_each_command():
    parser = cli.build_parser()
    args = parser.parse_args(["import", "a.mp3", "music", "--genre", "Jazz", "--draft"])
    assert args.command == "import" and args.paths == [Path("a.mp3"), Path("music")]
    assert args.genre == "Jazz" and args.draft and args.artist is None
    assert parser.parse_args(["seed"]).command == "seed"
    assert parser.parse_args(["-v", "stats"]).verbose


@pytest.mark.parametrize("argv", [[], ["import"], ["wipe"]])
def test_parser_rejects_missing_or_unknown_commands(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.build_parser().parse_args(argv)
    assert exc.value.code == 2


def test_folders_yield_only_audio_files_and_problems_are_named(tmp_path):
    (tmp_path / "album" / "disc2").mkdir(parents=True)
    for name in ("album/01.mp3", "album/cover.jpg", "album/disc2/02.FLAC", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "empty").mkdir()
    found = list(cli.iter_audio_files(
        [tmp_path / "album", tmp_path / "notes.txt", tmp_path / "missing.mp3", tmp_path / "empty"]
    ))
    assert found == [
        (tmp_path / "album/01.mp3", None),
        (tmp_path / "album/disc2/02.FLAC", None),
        (tmp_path / "notes.txt", None),  # named explicitly: ingestion judges it by content
        (tmp_path / "missing.mp3", "no such file or folder"),
        (tmp_path / "empty", "no audio files in this folder"),
    ]


def test_stats_counts_the_catalog(engine, session, capsys):
    make_track(session)
    make_track(session)
    assert cli.main(["stats"]) == 0
    lines = dict(line.split() for line in capsys.readouterr().out.splitlines())
    assert lines == {"artists": "2", "albums": "0", "tracks": "2", "genres": "0"}


def test_commands_refuse_a_database_without_tables(settings, capsys):
    assert cli.main(["stats"]) == 2
    assert "make migrate" in capsys.readouterr().err


def test_reindex_search_repairs_a_damaged_index(engine, session, capsys):
    from sqlalchemy import text

    from spoticlone.services.search import engine as search_engine

    make_track(session, title="Hollow Pines")
    for table in ("search_index", "search_hot"):
        session.exec(text(f"DELETE FROM {table}"))
    session.commit()
    assert search_engine.search(session, query="hollow pines").tracks == []

    assert cli.main(["reindex-search"]) == 0
    assert "rebuilt" in capsys.readouterr().out
    session.expire_all()
    assert [t.title for t in search_engine.search(session, query="hollow pines").tracks] == ["Hollow Pines"]


def test_seed_skips_a_non_empty_catalog(engine, session, capsys):
    make_track(session)
    assert cli.main(["seed"]) == 0
    assert "not seeded" in capsys.readouterr().out


def test_make_admin_promotes_an_account_and_says_so(engine, session, capsys):
    from spoticlone.models import Role, User
    from tests.factories import make_account

    user = make_account(session, username="owner", email="owner@example.test")
    assert cli.main(["make-admin", "Owner@Example.test"]) == 0
    assert capsys.readouterr().out.strip() == "owner (owner@example.test) is now an administrator."
    session.expire_all()
    assert session.get(User, user.id).role == Role.ADMIN
    assert cli.main(["make-admin", "owner@example.test"]) == 0
    assert "already an administrator" in capsys.readouterr().out


def test_make_admin_explains_an_unknown_email(engine, session, capsys):
    from sqlmodel import func, select

    from spoticlone.models import Role, User

    assert cli.main(["make-admin", "ghost@example.test"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "No account has the email address 'ghost@example.test'" in captured.err
    assert session.exec(select(func.count()).select_from(User).where(User.role == Role.ADMIN)).one() == 0


def test_make_admin_warns_about_a_suspended_account(engine, session, capsys):
    from tests.factories import make_account

    make_account(session, email="sus@example.test", suspended=True)
    assert cli.main(["make-admin", "sus@example.test"]) == 0
    assert "suspended" in capsys.readouterr().out


def test_reset_two_step_turns_the_app_off(engine, session, capsys):
    from spoticlone.models import User
    from tests.factories import make_account

    user = make_account(session, email="lost@example.test", totp_enabled=True, totp_secret="x")
    assert cli.main(["reset-two-step", "lost@example.test"]) == 0
    assert "now off" in capsys.readouterr().out
    session.expire_all()
    assert not session.get(User, user.id).totp_enabled
    assert cli.main(["reset-two-step", "nobody@example.test"]) == 1
    assert "No account" in capsys.readouterr().err


def test_cleanup_deletes_expired_sign_in_leftovers(engine, session, capsys):
    from datetime import timedelta

    from sqlmodel import select

    from spoticlone.models import AuthTicket, TicketKind, utcnow
    from tests.factories import make_user

    user = make_user(session)
    session.add(AuthTicket(kind=TicketKind.MFA, token_hash="a" * 64, user_id=user.id,
                           expires_at=utcnow() - timedelta(minutes=1)))
    session.add(AuthTicket(kind=TicketKind.MFA, token_hash="b" * 64, user_id=user.id,
                           expires_at=utcnow() + timedelta(minutes=5)))
    session.commit()
    assert cli.main(["cleanup"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Deleted ") and "1 auth tickets" in out
    assert [t.token_hash[0] for t in session.exec(select(AuthTicket)).all()] == ["b"]


def test_folders_offer_every_format_the_probe_accepts(tmp_path):
    """A folder import must not skip a format uploads accept (AIFF came later than the rest)."""
    from spoticlone.services.media.audio_probe import AUDIO_FORMATS

    extensions = {"." + fmt.extension.lower().lstrip(".") for _, fmt in AUDIO_FORMATS.items()}
    assert extensions <= cli.AUDIO_SUFFIXES, extensions - cli.AUDIO_SUFFIXES
