"""The data export: a round trip finds every item, links work once and expire, others are refused."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlmodel import select

from spoticlone.models import DataExport, Playlist, utcnow
from spoticlone.services.accounts import data_export
from spoticlone.services.accounts.data_export_archive import SECTIONS, export_user_archive, write_archive
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict, NotFound, PermissionDenied, RateLimited
from tests.export_support import AVATAR, ORIGINAL_AUDIO, make_everything, read_zip
from tests.factories import make_account

ORIGIN = "https://music.example"


class Outbox:
    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "exports"


def _build(session, engine, store, folder, user, clock=None, mailer=None):
    """Ask for an export as ``user`` and run its job; (row id, token from the email, mailer)."""
    clock = clock or FakeClock(utcnow())
    queued = []
    made = data_export.request_export(session, actor=user, enqueue=queued.append, clock=clock)
    assert queued == [made.id] and made.status == "queued"
    mailer = mailer or Outbox()
    status = data_export.run_export(made.id, engine=engine, folder=folder, store=store, mailer=mailer,
                                    origin=ORIGIN, clock=clock)
    assert status == "ready"
    token = re.search(r"token=([\w-]+)", mailer.sent[-1].text).group(1)
    return made.id, token, mailer


def test_round_trip_finds_every_item(session, engine, store, folder):
    ada = make_everything(session, store)
    export_id, token, _ = _build(session, engine, store, folder, ada.user)
    path = data_export.claim_download(session, actor=ada.user, export_id=export_id, token=token, folder=folder)
    raw = path.read_bytes()
    archive, files = read_zip(raw)

    names = set(archive.namelist())
    assert {section.path for section in SECTIONS} <= names
    readme = archive.read("README.txt").decode()
    assert all(section.path in readme for section in SECTIONS) and "playlists/" in readme

    profile = files["profile.json"]
    assert (profile["username"], profile["email"], profile["first_name"], profile["last_name"]) == \
        ("ada", "ada@example.com", "Ada", "Lovelace")
    assert profile["phone"] == "+441234567890" and profile["date_of_birth"] == "1990-12-10"
    assert profile["two_step_sign_in"] == {"enabled": True, "recovery_codes_left": 1}
    assert files["listener_settings.json"]["streaming_quality"] == "high"
    assert files["sessions.json"][0]["user_agent"] == "Firefox on Linux"
    assert files["sessions.json"][0]["ip_address"] == "203.0.113.7"
    assert files["linked_accounts.json"][0]["subject"] == "g-4242"
    assert [k["name"] for k in files["app_passwords.json"]] == ["Car stereo"]
    assert [(p["title"], p["ms_played"]) for p in files["plays.json"]] == [("Neon Harbour", 90_000)]
    assert [like["title"] for like in files["likes.json"]] == ["Neon Harbour"]
    assert [a["title"] for a in files["saved_albums.json"]] == ["Night Run"]
    assert [(r["title"], r["stars"]) for r in files["ratings.json"]] == [("Chrome <Tide> & Co", 4)]
    follows = files["follows.json"]
    assert [p["username"] for p in follows["people"]] == ["ada_friend"]
    assert [p["username"] for p in follows["followers"]] == ["ada_friend"]
    assert [a["artist"] for a in follows["artists"]] == ["Nova Drive ada"]
    assert [p["playlist"] for p in follows["playlists"]] == ["Bob's Mix"]
    playlists = files["playlists.json"]
    assert [p["name"] for p in playlists] == ["Road <trip> & more"]
    assert [t["title"] for t in playlists[0]["tracks"]] == ada.track_titles
    kinds = {(c["kind"], c["playlist"]) for c in files["collaborations.json"]}
    assert kinds == {("collaborator", "Bob's Mix"), ("added_song", "Bob's Mix")}
    assert [s["query"] for s in files["search_history.json"]] == ["hollow pines"]
    assert files["recommendations.json"][0]["reason"] == "Because you played Neon Harbour"
    tastes = files["tastes.json"]
    assert tastes["taste_picks"][0]["genre"] == "Chiptune ada"
    assert tastes["not_interested"][0]["artist"] == "Loud Guy ada"
    assert files["play_queue.json"]["changed_by"] == "DSub" and len(files["play_queue.json"]["track_ids"]) == 2
    assert [e["status"] for e in files["exports.json"]] == ["running"]

    artist = files["artist/profile.json"]
    assert artist["stage_name"] == "Ada Sounds ada" and artist["links"][0]["url"] == "https://shop.example/ada"
    assert artist["previous_slugs"] == ["old-ada-ada"]
    songs = [r for r in files["artist/releases.json"] if r["kind"] == "song"]
    assert [(s["title"], s["status"], s["original_file"]) for s in songs] == \
        [("Analytical Engine", "draft", ada.original_name)]
    uploads = {(u["kind"], u["filename"]) for u in files["artist/uploads.json"]}
    assert uploads == {("upload", "engine-master.mp3"), ("resumable_upload", "half-sent.flac")}
    assert archive.read(ada.original_name) == ORIGINAL_AUDIO
    assert archive.getinfo(ada.original_name).compress_type == 0  # stored: audio is compressed already
    assert archive.read("pictures/avatar.png") == AVATAR

    playlist = session.exec(select(Playlist).where(Playlist.owner_id == ada.user.id)).one()
    stem = f"playlists/{playlist.id}-{playlist.slug}"
    m3u = archive.read(f"{stem}.m3u8").decode()
    lines = m3u.splitlines()
    assert lines[:2] == ["#EXTM3U", "#PLAYLIST:Road <trip> & more"]
    assert lines[2] == "#EXTINF:201,Nova Drive ada - Neon Harbour" and lines[3].startswith(f"{ORIGIN}/track/")
    xspf = ET.fromstring(archive.read(f"{stem}.xspf"))
    ns = {"x": "http://xspf.org/ns/0/"}
    assert xspf.find("x:title", ns).text == "Road <trip> & more"
    assert [t.find("x:title", ns).text for t in xspf.findall("x:trackList/x:track", ns)] == ada.track_titles
    assert xspf.find("x:trackList/x:track/x:location", ns).text.startswith(f"{ORIGIN}/track/")

    for name in archive.namelist():
        body = archive.read(name)
        assert not any(secret.encode() in body for secret in ada.secrets), name
    assert not any(b"ada_friend@example.com" in archive.read(name) for name in names)


def test_the_email_links_to_the_settings_page_and_says_it_works_once(session, engine, store, folder):
    ada = make_account(session, username="ada", email="ada@example.com")
    export_id, token, mailer = _build(session, engine, store, folder, ada)
    message = mailer.sent[0]
    assert message.to == "ada@example.com" and token not in message.subject
    assert f"{ORIGIN}/settings/privacy?export={export_id}&token={token}" in message.text
    assert "works once" in message.text
    row = session.get(DataExport, export_id)
    session.refresh(row)
    assert row.token_hash == data_export.token_hash(token) and token not in (row.token_hash or "")
    assert row.progress == 100 and row.status == "ready" and row.size_bytes > 0


def test_progress_is_reported_for_every_part(session, store, tmp_path):
    ada = make_everything(session, store)
    steps = []
    summary = write_archive(session, user=ada.user, destination=tmp_path / "a.zip", store=store, origin=ORIGIN,
                            progress=lambda done, total, stage: steps.append((done, total, stage)))
    totals = {total for _, total, _ in steps}
    assert len(totals) == 1 and steps[-1] == (totals.pop(), steps[-1][1], "done")
    assert [d for d, _, _ in steps] == sorted(d for d, _, _ in steps)
    assert summary.counts["plays.json"] == 1 and not (tmp_path / "a.zip.part").exists()


def test_one_at_a_time_and_once_a_day(session, engine, store, folder):
    ada = make_account(session, username="ada")
    clock = FakeClock(utcnow())
    first = data_export.request_export(session, actor=ada, enqueue=lambda _id: None, clock=clock)
    with pytest.raises(Conflict, match="already being gathered"):
        data_export.request_export(session, actor=ada, enqueue=lambda _id: None, clock=clock)
    data_export.run_export(first.id, engine=engine, folder=folder, store=store, mailer=Outbox(), origin=ORIGIN,
                           clock=clock)
    clock.advance(hours=3)
    with pytest.raises(RateLimited, match="once a day") as refused:
        data_export.request_export(session, actor=ada, enqueue=lambda _id: None, clock=clock)
    assert 20 * 3600 < refused.value.retry_after <= 21 * 3600 + 1
    assert len(data_export.list_exports(session, actor=ada, clock=clock)) == 1
    clock.advance(hours=21, seconds=1)
    assert data_export.request_export(session, actor=ada, enqueue=lambda _id: None, clock=clock).status == "queued"


def test_a_failed_or_abandoned_export_does_not_block_a_new_one(session, engine, store, folder):
    ada = make_account(session, username="ada")
    clock = FakeClock(utcnow())
    stuck = data_export.request_export(session, actor=ada, enqueue=lambda _id: None, clock=clock)
    clock.advance(hours=7)
    assert data_export.export_status(session, actor=ada, export_id=stuck.id, clock=clock).status == "failed"
    again = data_export.request_export(session, actor=ada, enqueue=lambda _id: None, clock=clock)
    assert again.id != stuck.id

    def broken(_id):
        raise RuntimeError("queue down")

    bob = make_account(session, username="bob")
    with pytest.raises(RuntimeError):
        data_export.request_export(session, actor=bob, enqueue=broken, clock=clock)
    assert data_export.list_exports(session, actor=bob, clock=clock)[0].status == "failed"
    assert data_export.request_export(session, actor=bob, enqueue=lambda _id: None, clock=clock).status == "queued"


def test_the_link_works_once(session, engine, store, folder):
    ada = make_account(session, username="ada")
    export_id, token, _ = _build(session, engine, store, folder, ada)
    path = data_export.claim_download(session, actor=ada, export_id=export_id, token=token, folder=folder)
    assert path.is_file()
    data_export.discard_file(path)
    with pytest.raises(Conflict, match="already used"):
        data_export.claim_download(session, actor=ada, export_id=export_id, token=token, folder=folder)
    with pytest.raises(Conflict, match="already used"):
        data_export.new_download_link(session, actor=ada, export_id=export_id)
    assert data_export.export_status(session, actor=ada, export_id=export_id).status == "downloaded"


def test_a_new_link_replaces_the_old_one_and_wrong_tokens_fail(session, engine, store, folder):
    ada = make_account(session, username="ada")
    clock = FakeClock(utcnow())
    export_id, emailed, _ = _build(session, engine, store, folder, ada, clock=clock)
    with pytest.raises(NotFound, match="not valid"):
        data_export.claim_download(session, actor=ada, export_id=export_id, token="guess", folder=folder,
                                   clock=clock)
    link = data_export.new_download_link(session, actor=ada, export_id=export_id, clock=clock)
    fresh = link.url.split("token=")[1]
    assert link.url.startswith(f"/api/v1/me/exports/{export_id}/download?token=") and fresh != emailed
    with pytest.raises(NotFound):
        data_export.claim_download(session, actor=ada, export_id=export_id, token=emailed, folder=folder,
                                   clock=clock)
    assert data_export.claim_download(session, actor=ada, export_id=export_id, token=fresh, folder=folder,
                                      clock=clock).is_file()


def test_links_expire_and_the_sweep_deletes_the_file(session, engine, store, folder):
    ada = make_account(session, username="ada")
    clock = FakeClock(utcnow())
    export_id, token, _ = _build(session, engine, store, folder, ada, clock=clock)
    zips = list(folder.glob("*.zip"))
    assert len(zips) == 1
    clock.advance(days=6)
    assert data_export.sweep_exports(session, folder=folder, clock=clock) == 0 and zips[0].exists()
    clock.advance(days=1, seconds=1)
    assert data_export.export_status(session, actor=ada, export_id=export_id, clock=clock).status == "expired"
    with pytest.raises(Conflict, match="expired"):
        data_export.claim_download(session, actor=ada, export_id=export_id, token=token, folder=folder, clock=clock)
    assert data_export.sweep_exports(session, folder=folder, clock=clock) == 1
    assert not zips[0].exists()
    row = session.get(DataExport, export_id)
    session.refresh(row)
    assert (row.status, row.file_name, row.token_hash) == ("expired", None, None)


def test_other_people_and_strangers_are_refused(session, engine, store, folder):
    ada = make_account(session, username="ada")
    bob = make_account(session, username="bob")
    export_id, token, _ = _build(session, engine, store, folder, ada)
    for call in (lambda: data_export.export_status(session, actor=bob, export_id=export_id),
                 lambda: data_export.new_download_link(session, actor=bob, export_id=export_id),
                 lambda: data_export.claim_download(session, actor=bob, export_id=export_id, token=token,
                                                    folder=folder)):
        with pytest.raises(NotFound, match="No such data export"):
            call()
    with pytest.raises(PermissionDenied):
        data_export.claim_download(session, actor=None, export_id=export_id, token=token, folder=folder)
    with pytest.raises(PermissionDenied):
        data_export.request_export(session, actor=None, enqueue=lambda _id: None)
    assert data_export.list_exports(session, actor=bob) == []
    assert data_export.export_status(session, actor=ada, export_id=export_id).status == "ready"


def test_the_operator_exports_one_account_by_username(session, store, tmp_path):
    make_everything(session, store, username="ada")
    summary = export_user_archive(session, username="@ADA", destination=tmp_path / "out" / "ada.zip", store=store,
                                  origin=ORIGIN)
    _, files = read_zip(summary.path.read_bytes())
    assert files["profile.json"]["username"] == "ada" and summary.counts["likes.json"] == 1
    with pytest.raises(NotFound, match="nobody"):
        export_user_archive(session, username="nobody", destination=tmp_path / "x.zip", store=store, origin=ORIGIN)


def test_a_failing_build_is_recorded_and_leaves_no_file(session, engine, store, folder, monkeypatch):
    ada = make_account(session, username="ada")
    made = data_export.request_export(session, actor=ada, enqueue=lambda _id: None)

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(data_export, "write_archive", explode)
    assert data_export.run_export(made.id, engine=engine, folder=folder, store=store, mailer=Outbox(),
                                  origin=ORIGIN) == "failed"
    status = data_export.export_status(session, actor=ada, export_id=made.id)
    assert status.status == "failed" and "ask again" in status.error
    assert not folder.exists() or not any(folder.iterdir())
    assert data_export.run_export(made.id, engine=engine, folder=folder, store=store, mailer=Outbox(),
                                  origin=ORIGIN) == "failed"
    assert timedelta(0) < data_export.EXPORT_TTL
