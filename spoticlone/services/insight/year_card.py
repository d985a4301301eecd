"""The year-in-review card as a PNG, drawn on the server with Pillow.

Two shapes: ``og`` (1200×630, what link previews show) and ``story`` (1080×1920, a phone's
full screen). Names are the listener's and artists' own words, so every line is cleaned
(control and formatting characters such as bidi overrides are dropped), cut with an ellipsis
to its width, and drawn character by character from the first font that has the glyph:
DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew...) then WenQuanYi Micro Hei (Chinese,
Japanese, Korean), both Debian packages that ``make setup`` installs. Characters no font has
(emoji) are left out rather than drawn as boxes. Without either font the card falls back to
Pillow's built-in one, so it still draws.

A year without plays gets a card that says so, not a card of zeros. Rendered cards are kept
in a small in-process cache keyed by their ETag (a digest of everything drawn), so a link
preview fetched by many crawlers is drawn once.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from sqlmodel import Session

from spoticlone.branding import SITE_NAME
from spoticlone.models import User
from spoticlone.services.core.errors import Invalid
from spoticlone.services.insight import year_review
from spoticlone.services.insight.year_review import YearReview
from spoticlone.services.library.dto import display_name

SIZES = {"og": (1200, 630), "story": (1080, 1920)}
CARD_VERSION = "1"
MAX_TEXT = 200
BOLD_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
REGULAR_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
WHITE, MUTED, ACCENT, BACKGROUND = (255, 255, 255), (179, 179, 179), (30, 215, 96), (18, 18, 18)
_CACHE: OrderedDict[str, bytes] = OrderedDict()
_CACHE_SIZE = 64
_NO_GLYPH = "\U0010fffd"  # private use: no font has it, so it draws the font's "missing" box


@dataclass(frozen=True)
class CardImage:
    """A rendered card and its ETag (a digest of everything drawn on it)."""

    png: bytes
    etag: str


def check_variant(variant: str) -> str:
    """``variant`` if it is a card shape we draw; ``Invalid`` otherwise."""
    if variant not in SIZES:
        raise Invalid("Pick the card shape og (1200×630, for link previews) or story (1080×1920).")
    return variant


def clean(text: str) -> str:
    """``text`` without control, formatting, surrogate or unassigned characters, on one line."""
    kept = [" " if ch.isspace() else ch for ch in str(text)[: MAX_TEXT * 2]
            if ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}]
    return " ".join("".join(kept).split())[:MAX_TEXT]


@lru_cache(maxsize=32)
def _fonts(bold: bool, size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, ...]:
    loaded: list[ImageFont.FreeTypeFont | ImageFont.ImageFont] = []
    for path in BOLD_FONTS if bold else REGULAR_FONTS:
        if Path(path).is_file():
            loaded.append(ImageFont.truetype(path, size))
    return tuple(loaded) or (ImageFont.load_default(size),)


@lru_cache(maxsize=4096)
def _has_glyph(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, ch: str) -> bool:
    if ch.isspace() or unicodedata.combining(ch):
        return True
    return bytes(font.getmask(ch)) != bytes(font.getmask(_NO_GLYPH))


def _runs(text: str, fonts: tuple) -> list[tuple[object, str]]:
    """``text`` split into runs drawn with one font each (characters no font has are dropped)."""
    runs: list[tuple[object, str]] = []
    for ch in text:
        font = next((f for f in fonts if _has_glyph(f, ch)), None)
        if font is None:
            continue
        if runs and runs[-1][0] is font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def _width(runs: list[tuple[object, str]]) -> float:
    return sum(font.getlength(part) for font, part in runs)  # type: ignore[attr-defined]


def fit(text: str, *, bold: bool, size: int, width: int) -> list[tuple[object, str]]:
    """The runs of ``text`` cut with "…" so that they fit in ``width`` pixels."""
    fonts = _fonts(bold, size)
    text = clean(text)
    runs = _runs(text, fonts)
    if _width(runs) <= width:
        return runs
    chars = len(text)
    low, high = 0, chars
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if _width(_runs(text[:middle].rstrip() + "…", fonts)) <= width:
            low = middle
        else:
            high = middle - 1
    return _runs(text[:low].rstrip() + "…", fonts)


class _Card:
    def __init__(self, variant: str) -> None:
        self.width, self.height = SIZES[variant]
        self.image = _background(self.width, self.height)
        self.draw = ImageDraw.Draw(self.image)

    def text(self, x: int, y: int, text: str, *, size: int, width: int, bold: bool = False,
             color: tuple[int, int, int] = WHITE) -> int:
        """Draw one line at (x, y) (top of the line); returns its width."""
        cursor = float(x)
        for font, part in fit(text, bold=bold, size=size, width=width):
            self.draw.text((cursor, y), part, font=font, fill=color)  # type: ignore[arg-type]
            cursor += font.getlength(part)  # type: ignore[attr-defined]
        return int(cursor - x)

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.convert("RGB").save(out, "PNG", optimize=True)
        return out.getvalue()


def _background(width: int, height: int) -> Image.Image:
    """Near-black with a green glow top right and a violet one bottom left."""
    glow = Image.new("RGB", (width // 4, height // 4), BACKGROUND)
    paint = ImageDraw.Draw(glow)
    w, h = glow.size
    paint.ellipse((int(w * 0.55), int(-h * 0.35), int(w * 1.25), int(h * 0.45)), fill=(24, 120, 62))
    paint.ellipse((int(-w * 0.3), int(h * 0.6), int(w * 0.45), int(h * 1.3)), fill=(70, 34, 110))
    glow = glow.filter(ImageFilter.GaussianBlur(radius=max(w, h) // 8))
    return glow.resize((width, height), Image.Resampling.BICUBIC)


def _minutes(n: int) -> str:
    return f"{n:,}"


def _busiest(review: YearReview) -> str:
    day = review.busiest_day
    return f"{day:%b} {day.day} · {review.busiest_day_minutes:,} min" if day else "–"


def _ranked_block(card: _Card, x: int, y: int, width: int, heading: str, items: list, *, size: int,
                  step: int, with_detail: bool) -> int:
    card.text(x, y, heading.upper(), size=max(14, size // 2 + 2), width=width, bold=True, color=ACCENT)
    y += int(size * 1.1)
    for rank, item in enumerate(items, start=1):
        card.text(x, y, str(rank), size=size, width=40, bold=True, color=MUTED)
        used = card.text(x + int(size * 1.5), y, item.name, size=size, width=width - int(size * 1.5), bold=True)
        if with_detail and item.detail:
            left = width - int(size * 1.5) - used - 16
            if left > size * 3:
                card.text(x + int(size * 1.5) + used + 12, y + size // 6, item.detail, size=int(size * 0.8),
                          width=left, color=MUTED)
        y += step
    return y


def _facts(review: YearReview) -> list[tuple[str, str]]:
    return [
        ("Top genre", review.top_genre.name if review.top_genre else "–"),
        ("New artists", f"{review.new_artists:,}"),
        ("Busiest day", _busiest(review)),
    ]


def _draw_og(card: _Card, name: str, review: YearReview) -> None:
    card.text(60, 48, f"{SITE_NAME} · year in review".upper(), size=18, width=700, bold=True, color=ACCENT)
    card.text(60, 78, f"{name}’s {review.year}", size=50, width=1080, bold=True)
    if review.empty:
        card.text(60, 250, f"No listening in {review.year}.", size=54, width=1080, bold=True)
        card.text(60, 330, "Play some music and this card fills itself in.", size=28, width=1080, color=MUTED)
        return
    card.text(60, 170, _minutes(review.minutes), size=92, width=520, bold=True, color=ACCENT)
    card.text(64, 280, "minutes listened", size=26, width=500, color=MUTED)
    y = 350
    for label, value in _facts(review):
        card.text(64, y, label.upper(), size=15, width=500, bold=True, color=MUTED)
        card.text(64, y + 22, value, size=26, width=500, bold=True)
        y += 72
    _ranked_block(card, 620, 170, 540, "Top artists", review.top_artists, size=25, step=35, with_detail=False)
    _ranked_block(card, 620, 390, 540, "Top songs", review.top_tracks, size=25, step=35, with_detail=True)


def _draw_story(card: _Card, name: str, review: YearReview) -> None:
    card.text(80, 120, f"{SITE_NAME} · year in review".upper(), size=30, width=920, bold=True, color=ACCENT)
    card.text(80, 170, f"{name}’s", size=64, width=920, bold=True)
    card.text(80, 250, str(review.year), size=150, width=920, bold=True)
    if review.empty:
        card.text(80, 700, "No listening", size=80, width=920, bold=True)
        card.text(80, 800, f"in {review.year}.", size=80, width=920, bold=True)
        card.text(80, 930, "Play some music and this card fills itself in.", size=34, width=920, color=MUTED)
        return
    card.text(80, 470, _minutes(review.minutes), size=130, width=920, bold=True, color=ACCENT)
    card.text(86, 625, "minutes listened", size=38, width=920, color=MUTED)
    y = _ranked_block(card, 80, 760, 920, "Top artists", review.top_artists, size=42, step=60, with_detail=False)
    y = _ranked_block(card, 80, max(y + 50, 1150), 920, "Top songs", review.top_tracks, size=42, step=60,
                      with_detail=True)
    y = max(y + 50, 1580)
    for (label, value), (x, width) in zip(_facts(review), ((80, 300), (400, 200), (620, 380)), strict=True):
        card.text(x, y, label.upper(), size=24, width=width, bold=True, color=MUTED)
        card.text(x, y + 36, value, size=34, width=width, bold=True)
    card.text(80, 1800, SITE_NAME.lower(), size=30, width=920, bold=True, color=MUTED)


def render(name: str, review: YearReview, variant: str = "og") -> bytes:
    """The card's PNG for ``name``'s ``review`` (no access check: the caller decided)."""
    card = _Card(check_variant(variant))
    (_draw_og if variant == "og" else _draw_story)(card, clean(name) or "Someone", review)
    return card.png()


def _etag(name: str, review: YearReview, variant: str) -> str:
    drawn = review.model_dump_json(exclude={"shared", "share_path"})
    digest = hashlib.sha256(f"{CARD_VERSION}\n{variant}\n{name}\n{drawn}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def _card(name: str, review: YearReview, variant: str) -> CardImage:
    etag = _etag(name, review, check_variant(variant))
    png = _CACHE.get(etag)
    if png is None:
        png = render(name, review, variant)
        _CACHE[etag] = png
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(etag)
    return CardImage(png=png, etag=etag)


def own_card(session: Session, *, actor: User | None, year: int, variant: str = "og",
              tz: str | None = None) -> CardImage:
    """The actor's own card for ``year``, shared or not.

    Raises:
        PermissionDenied: anonymous.
        Invalid: a year out of range, an unknown time zone or card shape.
    """
    check_variant(variant)
    review = year_review.own_year(session, actor=actor, year=year, tz=tz)
    return _card(display_name(actor), review, variant) if actor else _card("", review, variant)


def shared_card(session: Session, *, token: str, variant: str = "og") -> CardImage:
    """The card behind a share link, for anyone.

    Raises:
        NotFound: a malformed, forged or revoked token.
        Invalid: an unknown card shape.
    """
    check_variant(variant)
    shared = year_review.shared_review(session, token=token)
    return _card(shared.listener_name, shared.review, variant)
