"""A listener becomes an artist with a full profile (address checked live, bio, links, picture),
edits it in the studio, an old address still leads to the page, listeners see links and bio,
and an administrator gives and takes back the verified badge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spoticlone.models import Role
from tests import images
from tests.e2e.helpers import PHONE, TIMEOUT_MS, server_db, settle, sign_in, verified_account

pytestmark = pytest.mark.e2e

PASSWORD = "stage-lights-and-synths-7"
ARTIST_EMAIL, ADMIN_EMAIL = "nova.quartz@example.com", "root.admin@example.com"
REPORTS = Path("/tmp/reports/A")
DESKTOP = {"width": 1280, "height": 800}


def _accounts(data_dir) -> None:
    with server_db(data_dir) as session:
        verified_account(session, email=ARTIST_EMAIL, username="nova_quartz", password=PASSWORD)
        verified_account(session, email=ADMIN_EMAIL, username="root_admin", password=PASSWORD, role=Role.ADMIN)


def _shots(page, name: str) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    settle(page)
    page.screenshot(path=str(REPORTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    settle(page)
    page.screenshot(path=str(REPORTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def _status(page, text: str) -> None:
    page.locator("[data-testid=slug-status]").filter(has_text=text).wait_for(timeout=TIMEOUT_MS)


def test_artist_profile_journey(browser, app_url, app_data_dir, tmp_path, browser_errors):
    _accounts(app_data_dir)
    picture = tmp_path / "nova.jpg"
    picture.write_bytes(images.jpeg_with_metadata(900, 700))

    artist = browser.new_context(viewport=DESKTOP)
    page = artist.new_page()
    sign_in(page, app_url, ARTIST_EMAIL, PASSWORD)
    page.goto(app_url + "/settings")
    page.get_by_label("Stage name").wait_for(timeout=TIMEOUT_MS)

    # The address is suggested from the stage name, then checked live as it is typed.
    page.get_by_label("Stage name").fill("Nova Quartz")
    _status(page, "/artist/nova-quartz is available")
    assert page.locator("[data-testid=artist-slug]").input_value() == "nova-quartz"
    page.locator("[data-testid=artist-slug]").fill("admin")
    _status(page, "reserved")
    page.locator("[data-testid=artist-slug]").fill("nova-quartz")
    _status(page, "is available")
    page.get_by_label("Bio").fill("Synth duo from Lisbon.\nNight drives only.")
    page.locator("[data-testid=link-label]").first.fill("Shop")
    page.locator("[data-testid=link-url]").first.fill("https://shop.example.com/nova")
    page.locator("[data-testid=add-link]").click()
    page.locator("[data-testid=link-url]").nth(1).fill("javascript:alert(1)")
    _shots(page, "settings-artist-form")
    page.locator("[data-testid=become-artist]").click()
    page.get_by_role("alert").filter(has_text="full web addresses").wait_for(timeout=TIMEOUT_MS)
    page.locator("[data-testid=link-url]").nth(1).fill("https://bandcamp.example.com/nova")
    page.locator("[data-testid=become-artist]").click()
    page.get_by_role("link", name="Open artist page").wait_for(timeout=TIMEOUT_MS)

    # The picture goes through the upload pipeline right away.
    with page.expect_file_chooser(timeout=TIMEOUT_MS) as chooser:
        page.locator("[data-testid=choose-artist-image]").click()
    chooser.value.set_files(str(picture))
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=artist-picture] img');"
        " return i && i.src.includes('/api/v1/media/images/') && i.complete && i.naturalWidth > 0; }",
        timeout=TIMEOUT_MS,
    )
    _shots(page, "settings-artist-created")

    # Edit later in the studio: a new address; the old one keeps working.
    page.locator("[data-testid=edit-artist-profile]").click()
    page.wait_for_url(re.compile(r"/studio/profile$"), timeout=TIMEOUT_MS)
    slug = page.locator("[data-testid=artist-slug]")
    slug.wait_for(timeout=TIMEOUT_MS)
    assert slug.input_value() == "nova-quartz"
    slug.fill("nova-quartz-duo")
    _status(page, "is available")
    page.get_by_label("Stage name").fill("Nova Quartz Duo")
    page.locator("[data-testid=save-artist-profile]").click()
    page.get_by_text("Your artist profile is saved.").wait_for(timeout=TIMEOUT_MS)
    page.locator("[data-testid=previous-slugs]").filter(has_text="/artist/nova-quartz").wait_for(timeout=TIMEOUT_MS)
    _shots(page, "studio-profile")
    artist.close()

    # A listener follows an old link: the page moved, the link still works.
    listener = browser.new_context(viewport=DESKTOP)
    page = listener.new_page()
    browser_errors.expect_404("/artist/nova-quartz")  # the old address's document is 404 before the redirect
    page.goto(app_url + "/artist/nova-quartz")
    page.wait_for_url(re.compile(r"/artist/nova-quartz-duo$"), timeout=TIMEOUT_MS)
    page.get_by_role("heading", name="Nova Quartz Duo").wait_for(timeout=TIMEOUT_MS)
    links = page.locator("[data-testid=artist-link]")
    links.first.wait_for(timeout=TIMEOUT_MS)
    assert links.count() == 2 and links.first.inner_text().strip() == "Shop"
    assert links.first.get_attribute("href") == "https://shop.example.com/nova"
    assert set(links.first.get_attribute("rel").split()) == {"noopener", "noreferrer", "nofollow"}
    assert "Night drives only." in page.locator("[data-testid=artist-bio]").inner_text()
    assert page.locator("[data-testid=toggle-verified]").count() == 0
    page.wait_for_function("() => Array.from(document.images).some(i => i.src.includes('/api/v1/media/images/'))",
                           timeout=TIMEOUT_MS)
    listener.close()

    # An administrator gives the badge, and takes it back.
    admin = browser.new_context(viewport=DESKTOP)
    page = admin.new_page()
    sign_in(page, app_url, ADMIN_EMAIL, PASSWORD)
    page.goto(app_url + "/artist/nova-quartz-duo")
    button = page.locator("[data-testid=toggle-verified]")
    button.filter(has_text="Mark as verified").wait_for(timeout=TIMEOUT_MS)
    button.click()
    page.get_by_text("Verified artist").wait_for(timeout=TIMEOUT_MS)
    button.filter(has_text="Remove verified badge").wait_for(timeout=TIMEOUT_MS)
    _shots(page, "artist-page")
    button.click()
    button.filter(has_text="Mark as verified").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text("Verified artist").count() == 0
    admin.close()
