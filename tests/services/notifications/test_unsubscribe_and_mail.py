"""Unsubscribe tokens stop exactly one kind for exactly one listener; mail escapes what people typed."""

from __future__ import annotations

import email
import email.policy
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from spoticlone.integrations.mailer import build_mime
from spoticlone.models import NotificationEmail, User
from spoticlone.services.core.errors import Invalid
from spoticlone.services.notifications import emails, preferences, unsubscribe
from spoticlone.services.studio import publishing
from tests import factories

HOSTILE = '<img src=x onerror="alert(1)"> & "Co"'


def _email_pref(session, user, kind):
    return {p.kind: p.email for p in preferences.list_preferences(session, actor=user)}[kind]


def test_a_valid_token_stops_only_its_kind_for_only_its_listener(session):
    ann = factories.make_user(session, username="ann")
    bob = factories.make_user(session, username="bob")
    token = unsubscribe.make_token(ann, "release")
    assert unsubscribe.describe_token(session, token=token).label == "New releases"
    assert _email_pref(session, ann, "release")  # looking does not change anything

    out = unsubscribe.unsubscribe_by_token(session, token=token)
    assert (out.kind, out.done) == ("release", True)
    assert not _email_pref(session, ann, "release")
    assert _email_pref(session, ann, "collaboration") and _email_pref(session, bob, "release")
    assert unsubscribe.unsubscribe_by_token(session, token=token).done  # a second click is harmless


@pytest.mark.parametrize("tamper", [
    lambda t, other: t.replace(t.split(".")[0], str(other.id), 1),  # someone else's id, same signature
    lambda t, other: t.replace(".release.", ".collaboration."),      # another kind, same signature
    lambda t, other: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # a forged signature
    lambda t, other: "",
    lambda t, other: "1.release",
    lambda t, other: "x" * 500,
    lambda t, other: "99999999999999999999.release." + t.split(".")[2],
])
def test_a_tampered_token_is_refused_clearly_and_changes_nothing(session, tamper):
    ann = factories.make_user(session, username="ann")
    bob = factories.make_user(session, username="bob")
    bad = tamper(unsubscribe.make_token(ann, "release"), bob)
    with pytest.raises(Invalid, match="not valid"):
        unsubscribe.unsubscribe_by_token(session, token=bad)
    assert _email_pref(session, ann, "release") and _email_pref(session, bob, "release")
    assert _email_pref(session, ann, "collaboration")


def test_a_token_for_an_unknown_kind_cannot_be_made():
    with pytest.raises(Invalid):
        unsubscribe.make_token(User(id=1, email="a@example.test", username="a"), "spam")


def test_the_url_carries_the_token_for_the_api(session):
    ann = factories.make_user(session, username="ann")
    url = unsubscribe.unsubscribe_url("https://music.example.org", ann, "digest")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "music.example.org", unsubscribe.PATH)
    assert parse_qs(parts.query)["token"] == [unsubscribe.make_token(ann, "digest")]


def test_hostile_names_are_escaped_in_the_mail_and_headers_are_set(session):
    owner = factories.make_user(session, username="owner", role="artist")
    artist = factories.make_artist(session, stage_name=HOSTILE, user_id=owner.id)
    album = factories.make_album(session, title="</p><script>steal()</script>", artist_id=artist.id)
    factories.make_track(session, artist_id=artist.id, album_id=album.id, status="draft")
    fan = factories.make_user(session, username="fan", email_verified=True)
    from spoticlone.services.library import follows

    follows.follow_artist(session, actor=fan, artist_id=artist.id)
    publishing.publish_release(session, actor=owner, album_id=album.id, affirm_rights=True)

    row = session.exec(select(NotificationEmail)).one()
    assert "<script>" not in row.html and "<img" not in row.html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;Co&quot;" in row.html
    assert "&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;" in row.html
    assert HOSTILE in row.text  # the plain part shows it as typed

    link = unsubscribe.unsubscribe_url("http://x.test", fan, "release")
    mime = build_mime(emails.message(to=fan.email, subject=row.subject, text=row.text, html_body=row.html,
                                     unsubscribe_link=link), "Spoticlone <no-reply@x.test>")
    parsed = email.message_from_bytes(bytes(mime), policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == f"<{link}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_subject_cannot_smuggle_headers():
    rendered = emails.render(username="a", title="Hi\r\nBcc: evil@example.test", body="", link="http://x/",
                             action="Open", kind_label="x", unsubscribe_link="http://x/u", settings_link="http://x/s")
    assert "\n" not in rendered.subject and "\r" not in rendered.subject
    msg = emails.message(to="a@example.test", subject=rendered.subject, text=rendered.text, html_body=rendered.html,
                         unsubscribe_link="http://x/u")
    assert msg.subject == "Hi Bcc: evil@example.test"
