"""What an artist profile may say: stage name, URL slug, bio and outbound links.

Pure checks, no database: each function returns the cleaned value or raises ``Invalid``
with a sentence the artist can act on. ``services.studio.profile`` runs all of them
before it writes anything, so one bad field changes nothing.

Links are the riskiest field: they are shown to every visitor of the artist page as
clickable anchors. Only absolute ``http``/``https`` URLs with a real host name are
accepted (no ``javascript:``, ``data:``, ``file:``, protocol-relative ``//host`` or
embedded ``user:password@``), and nothing invisible or spacing may hide in them.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from spoticlone.services.core.errors import Invalid
from spoticlone.services.core.slugs import slugify

STAGE_NAME_MAX = 200
SLUG_MIN = 2
SLUG_MAX = 60
BIO_MAX = 2000
BIO_MAX_LINES = 60
MAX_LINKS = 8
LINK_LABEL_MAX = 40
LINK_URL_MAX = 500

#: Slugs that would impersonate the site or read like one of its own pages.
RESERVED_SLUGS = frozenset({
    "about", "account", "admin", "administrator", "api", "app", "artist", "artists", "browse",
    "charts", "contact", "edit", "help", "home", "library", "login", "logout", "me", "new",
    "null", "official", "playlist", "playlists", "profile", "root", "search", "settings",
    "signin", "signout", "signup", "spoticlone", "staff", "studio", "support", "system",
    "undefined", "upload", "user", "users", "verified", "www",
})

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")
SLUG_RULES = (f"Use {SLUG_MIN} to {SLUG_MAX} characters: lower-case letters, digits and single "
              "hyphens between them.")


def _printable(text: str) -> bool:
    return all(ch.isprintable() for ch in text)


def clean_stage_name(raw: object) -> str:
    """The stage name with runs of white space folded; ``Invalid`` if empty or too long."""
    name = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not name:
        raise Invalid("Enter the name you perform under.")
    if len(name) > STAGE_NAME_MAX:
        raise Invalid(f"A stage name can be at most {STAGE_NAME_MAX} characters.")
    if not _printable(name):
        raise Invalid("That stage name contains characters we can't show.")
    return name


def suggest_slug_base(stage_name: str) -> str:
    """A slug made from a stage name (accents folded), before checking who has it."""
    base = slugify(stage_name or "", max_length=SLUG_MAX, fallback="artist")
    if len(base) < SLUG_MIN or base in RESERVED_SLUGS:
        base = f"{base}-music"[:SLUG_MAX]
    return base


def clean_slug(raw: object) -> str:
    """A slug as typed, lower-cased and trimmed; ``Invalid`` if malformed or reserved."""
    slug = raw.strip().lower() if isinstance(raw, str) else ""
    if not slug:
        raise Invalid("Choose the address of your artist page. " + SLUG_RULES)
    if len(slug) > SLUG_MAX or len(slug) < SLUG_MIN or not _SLUG.match(slug):
        raise Invalid("That page address can't be used. " + SLUG_RULES)
    if slug in RESERVED_SLUGS or slug.isdigit():
        raise Invalid(f"“{slug}” is reserved. Please choose another address.")
    return slug


def clean_bio(raw: object) -> str:
    """Plain-text bio: line breaks kept, tabs made spaces, other control characters refused."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise Invalid("Write your bio as text.")
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) > BIO_MAX:
        raise Invalid(f"Your bio can be at most {BIO_MAX:,} characters (it has {len(text):,}).")
    if text.count("\n") >= BIO_MAX_LINES:
        raise Invalid(f"Your bio can have at most {BIO_MAX_LINES} lines.")
    if not all(ch == "\n" or ch.isprintable() for ch in text):
        raise Invalid("Your bio contains characters we can't show.")
    return text


def clean_url(raw: object) -> str:
    """An absolute ``http``/``https`` URL with a real host; ``Invalid`` for anything else."""
    url = raw.strip() if isinstance(raw, str) else ""
    problem = Invalid("Links must be full web addresses starting with https:// (or http://).")
    if not url:
        raise problem
    if len(url) > LINK_URL_MAX:
        raise Invalid(f"A link can be at most {LINK_URL_MAX} characters.")
    if any(ch.isspace() or not ch.isprintable() or unicodedata.category(ch) == "Cf" for ch in url):
        raise Invalid("A link can't contain spaces or invisible characters.")
    if "\\" in url:
        raise problem
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise problem from None
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(parts.scheme.lower() + "://"):
        raise problem
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise Invalid("A link can't contain a user name or password.")
    host = (parts.hostname or "").rstrip(".")
    try:
        ascii_host = host.encode("idna").decode("ascii").lower() if host else ""
    except UnicodeError:
        raise problem from None
    if not _HOST.match(ascii_host) or ascii_host.split(".")[-1].isdigit() or port == 0:
        raise Invalid("That link does not point to a web site name (like example.com).")
    return url


def clean_label(raw: object, url: str) -> str:
    """The text shown for a link; the site's name when left empty."""
    label = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not label:
        host = urlsplit(url).hostname or url
        label = host.removeprefix("www.")
    if len(label) > LINK_LABEL_MAX:
        raise Invalid(f"A link's name can be at most {LINK_LABEL_MAX} characters.")
    if not _printable(label):
        raise Invalid("A link's name contains characters we can't show.")
    return label


def clean_links(raw: object) -> list[tuple[str, str]]:
    """``[(label, url), ...]`` from a list of ``{"label", "url"}`` (or pairs), empty rows dropped."""
    if raw is None:
        return []
    if not isinstance(raw, (list, tuple)):
        raise Invalid("Send the links as a list.")
    if len(raw) > MAX_LINKS * 4:
        raise Invalid(f"An artist page can show at most {MAX_LINKS} links.")
    out: list[tuple[str, str]] = []
    for item in raw:
        if isinstance(item, dict):
            label, url = item.get("label"), item.get("url")
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            label, url = item
        else:
            raise Invalid("Each link needs a name and a web address.")
        if not (isinstance(url, str) and url.strip()) and not (isinstance(label, str) and label.strip()):
            continue  # an empty row of the form
        clean = clean_url(url)
        out.append((clean_label(label, clean), clean))
    if len(out) > MAX_LINKS:
        raise Invalid(f"An artist page can show at most {MAX_LINKS} links.")
    if len({url for _label, url in out}) != len(out):
        raise Invalid("The same link is listed twice.")
    return out
