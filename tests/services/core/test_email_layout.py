"""The one email layout: every block escapes what it is given, and both parts say the same."""

from __future__ import annotations

import email
import email.policy

import pytest

from spoticlone.integrations.mailer import build_mime
from spoticlone.services.core import email_layout as layout
from spoticlone.services.core.email_layout import Link

HOSTILE = '<img src=x onerror="alert(1)"> & \'Co\''
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#x27;Co&#x27;"
EVIL_URL = 'https://x.test/"><script>steal()</script>'

BLOCKS = {
    "paragraph": lambda: layout.paragraph(HOSTILE),
    "muted paragraph": lambda: layout.paragraph(HOSTILE, muted=True),
    "heading": lambda: layout.heading(HOSTILE),
    "code": lambda: layout.code(HOSTILE),
    "button": lambda: layout.button(HOSTILE, EVIL_URL),
    "quote": lambda: layout.quote(HOSTILE),
    "link list": lambda: layout.link_list([Link(HOSTILE, EVIL_URL)]),
    "fine print": lambda: layout.fine_print(HOSTILE, [Link(HOSTILE, EVIL_URL)]),
}


@pytest.mark.parametrize("make", BLOCKS.values(), ids=BLOCKS.keys())
def test_every_block_escapes_in_html_and_keeps_the_words_as_typed_in_text(make):
    block = make()
    assert ESCAPED in block.html and "<img" not in block.html and "<script>" not in block.html
    assert HOSTILE in block.text


@pytest.mark.parametrize("make", [BLOCKS["button"], BLOCKS["link list"], BLOCKS["fine print"]])
def test_a_url_cannot_leave_its_attribute(make):
    html = make().html
    assert 'href="https://x.test/&quot;&gt;&lt;script&gt;steal()&lt;/script&gt;"' in html
    assert EVIL_URL in make().text


def test_the_body_greets_signs_off_and_escapes_the_greeting():
    body = layout.render(layout.hello(HOSTILE), [layout.paragraph("One."), layout.paragraph("Two.")])
    assert body.text == f"Hi {HOSTILE},\n\nOne.\n\nTwo.\n\n— The Spoticlone team\n"
    assert body.html.startswith("<!doctype html>") and f"Hi {ESCAPED}," in body.html
    assert body.html.index("One.") < body.html.index("Two.")
    assert layout.hello() == "Hello,"


def test_fine_print_comes_after_the_sign_off_with_each_url_on_its_own_line():
    footer = layout.fine_print("Why you get this.", [Link("Stop", "https://x.test/u?t=1"),
                                                    Link("Settings", "https://x.test/s")])
    body = layout.render("Hello,", [layout.paragraph("News.")], footer=footer)
    assert body.text.endswith("— The Spoticlone team\n\nWhy you get this.\nStop: https://x.test/u?t=1\n"
                              "Settings: https://x.test/s\n")
    assert "https://x.test/u?t=1" in body.text.split()
    assert body.html.index("News.") < body.html.index("Why you get this.")


def test_a_message_carries_both_parts_and_extra_headers_to_the_wire():
    spec = layout.message("ada@example.org", "Subject", "Hello,", [layout.paragraph(HOSTILE)],
                          headers=(("List-Unsubscribe", "<https://x.test/u>"),))
    parsed = email.message_from_bytes(bytes(build_mime(spec, "Spoticlone <no-reply@x.test>")),
                                      policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == "<https://x.test/u>"
    assert HOSTILE in parsed.get_body(("plain",)).get_content()
    assert ESCAPED in parsed.get_body(("html",)).get_content()
