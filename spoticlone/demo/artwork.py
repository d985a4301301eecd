"""Generated artwork for the demo catalog: album covers and artist portraits.

Covers are drawn rather than shipped so the repository carries no image assets of
uncertain origin, and each release still gets a distinct, recognisable cover.
Drawing is deterministic (seeded from the title) so re-seeding produces the same
art. Gradients are computed with numpy because per-pixel Python loops over a
million pixels would make seeding noticeably slow.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
import textwrap
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

COVER_SIZE = 1000
PORTRAIT_SIZE = 800

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)

RGB = tuple[int, int, int]


def hex_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _rng(text: str) -> random.Random:
    return random.Random(int(hashlib.sha256(text.encode()).hexdigest()[:16], 16))


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A bold system font if one exists, else Pillow's bundled scalable default."""
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def linear_gradient(size: int, start: RGB, end: RGB, angle_deg: float) -> Image.Image:
    """A smooth two-colour gradient across the square at ``angle_deg``."""
    coords = np.linspace(-1.0, 1.0, size, dtype=np.float32)
    xx, yy = np.meshgrid(coords, coords)
    angle = math.radians(angle_deg)
    t = (xx * math.cos(angle) + yy * math.sin(angle)) / math.sqrt(2) * 0.5 + 0.5
    t = np.clip(t, 0.0, 1.0)[..., None]
    pixels = np.array(start, np.float32) * (1 - t) + np.array(end, np.float32) * t
    return Image.fromarray(pixels.astype(np.uint8), "RGB")


def radial_gradient(size: int, inner: RGB, outer: RGB, centre=(0.5, 0.5), radius=0.75):
    coords = np.linspace(0.0, 1.0, size, dtype=np.float32)
    xx, yy = np.meshgrid(coords, coords)
    dist = np.sqrt((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / radius
    t = np.clip(dist, 0.0, 1.0)[..., None] ** 1.2
    pixels = np.array(inner, np.float32) * (1 - t) + np.array(outer, np.float32) * t
    return Image.fromarray(pixels.astype(np.uint8), "RGB")


def _grain(image: Image.Image, rng: random.Random, amount: float = 6.0) -> Image.Image:
    """Fine film grain: it hides gradient banding after JPEG compression."""
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, amount, (image.height, image.width, 1))
    pixels = np.asarray(image, np.float32) + noise
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def _overlay(base: Image.Image, draw_fn, blur: float = 0.0) -> Image.Image:
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(layer, "RGBA"))
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    return Image.alpha_composite(base.convert("RGBA"), layer).convert("RGB")


# Cover styles: each takes (image, palette, rng) and returns a new image.


def _botanical(img, pal, rng):
    def draw(d):
        for _ in range(26):
            cx, cy = rng.randint(-100, 1000), rng.randint(-100, 900)
            length, angle = rng.randint(180, 380), rng.uniform(0, math.tau)
            for side in (-1, 1):
                pts = []
                for i in range(21):
                    t = i / 20
                    w = math.sin(t * math.pi) * length * 0.22 * side
                    x = cx + math.cos(angle) * t * length - math.sin(angle) * w
                    y = cy + math.sin(angle) * t * length + math.cos(angle) * w
                    pts.append((x, y))
                d.polygon([(cx, cy), *pts], fill=(*pal[rng.randint(0, 2)], rng.randint(90, 170)))
    return _overlay(img, draw, blur=1.5)


def _sunset(img, pal, rng):
    def draw(d):
        d.ellipse((250, 330, 750, 830), fill=(*pal[2], 235))
        for i in range(7):
            y = 560 + i * 38
            d.rectangle((0, y, 1000, y + 12 + i * 3), fill=(*pal[0], 210))
        d.polygon([(0, 1000), (0, 780), (300, 690), (560, 800), (1000, 700), (1000, 1000)],
                  fill=(*pal[0], 255))
    return _overlay(img, draw)


def _stripes(img, pal, rng):
    def draw(d):
        for i in range(-8, 16):
            x = i * 110 + rng.randint(-10, 10)
            d.polygon([(x, 0), (x + 60, 0), (x - 440, 1000), (x - 500, 1000)],
                      fill=(*pal[i % 3], 150))
    return _overlay(img, draw)


def _circles(img, pal, rng):
    def draw(d):
        cx, cy = 500, 430
        for r in range(460, 20, -45):
            d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(*pal[(r // 45) % 3], 200), width=14)
        d.ellipse((cx - 70, cy - 70, cx + 70, cy + 70), fill=(*pal[1], 255))
    return _overlay(img, draw)


def _waves(img, pal, rng):
    def draw(d):
        for band in range(9):
            base_y = 180 + band * 95
            amp, freq, phase = rng.uniform(18, 45), rng.uniform(1.5, 3.0), rng.uniform(0, math.tau)
            top = [(x, base_y + amp * math.sin(freq * x / 160 + phase)) for x in range(0, 1001, 20)]
            d.polygon([*top, (1000, 1000), (0, 1000)], fill=(*pal[band % 3], 55))
    return _overlay(img, draw, blur=2.0)


def _bokeh(img, pal, rng):
    def draw(d):
        for _ in range(38):
            r = rng.randint(30, 150)
            x, y = rng.randint(-50, 1050), rng.randint(-50, 1050)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(*pal[rng.randint(1, 2)], rng.randint(40, 110)))
    return _overlay(img, draw, blur=9.0)


def _retro_sun(img, pal, rng):
    def draw(d):
        d.ellipse((220, 120, 780, 680), fill=(*pal[2], 255))
        for i in range(8):
            y = 430 + i * 32
            d.rectangle((200, y, 800, y + 6 + i * 2), fill=(*pal[0], 255))
        d.rectangle((0, 600, 1000, 1000), fill=(*pal[0], 255))
        for i in range(-12, 13):
            d.line((500 + i * 25, 600, 500 + i * 160, 1000), fill=(*pal[1], 230), width=3)
        for j in range(10):
            horizon = 600 + (j / 9) ** 2 * 400
            d.line((0, horizon, 1000, horizon), fill=(*pal[1], 230), width=3)
    return _overlay(img, draw)


def _grid(img, pal, rng):
    def draw(d):
        for i in range(0, 1001, 50):
            d.line((i, 0, i, 1000), fill=(*pal[1], 60), width=2)
            d.line((0, i, 1000, i), fill=(*pal[1], 60), width=2)
        for k in range(4):
            r = 140 + k * 70
            d.regular_polygon((500, 420, r), 3, rotation=k * 7, outline=(*pal[2 - k % 2], 230), width=8)
    return _overlay(img, draw, blur=0.8)


def _confetti(img, pal, rng):
    def draw(d):
        for _ in range(160):
            x, y, s = rng.randint(0, 1000), rng.randint(0, 1000), rng.randint(10, 34)
            colour = (*pal[rng.randint(0, 2)], 230) if rng.random() < 0.7 else (255, 255, 255, 200)
            if rng.random() < 0.5:
                d.ellipse((x, y, x + s, y + s), fill=colour)
            else:
                d.regular_polygon((x, y, s), rng.choice((3, 4, 5)), rotation=rng.randint(0, 90), fill=colour)
    return _overlay(img, draw)


def _blobs(img, pal, rng):
    def draw(d):
        for _ in range(7):
            r = rng.randint(180, 340)
            x, y = rng.randint(100, 900), rng.randint(100, 900)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(*pal[rng.randint(0, 2)], 170))
    return _overlay(img, draw, blur=60.0)


STYLES = {
    "botanical": _botanical, "sunset": _sunset, "stripes": _stripes, "circles": _circles,
    "waves": _waves, "bokeh": _bokeh, "retro_sun": _retro_sun, "grid": _grid,
    "confetti": _confetti, "blobs": _blobs,
}


def _caption(img: Image.Image, title: str, subtitle: str, ink: RGB) -> Image.Image:
    """Title and artist in a soft dark band at the bottom, readable on any style."""
    size = img.width
    title_font, sub_font = _font(size // 13), _font(size // 30)
    lines = textwrap.wrap(title.upper(), width=18) or [title]
    line_h = size // 12
    band_top = size - (len(lines) * line_h + size // 7)

    def band(d):
        for i in range(size - band_top):
            alpha = int(170 * min(1.0, i / (size * 0.08)))
            d.line((0, band_top + i, size, band_top + i), fill=(0, 0, 0, alpha))

    img = _overlay(img, band)
    draw = ImageDraw.Draw(img)
    margin, y = size // 16, band_top + size // 22
    for line in lines:
        draw.text((margin, y), line, font=title_font, fill=ink)
        y += line_h
    draw.text((margin, y + size // 80), subtitle, font=sub_font, fill=_mix(ink, (160, 160, 160), 0.3))
    return img


def _jpeg(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    return buffer.getvalue()


def album_cover(title: str, artist: str, style: str, palette: tuple[str, str, str]) -> bytes:
    """A 1000x1000 JPEG cover: gradient ground, the style's shapes, title and artist."""
    rng = _rng(f"{artist}/{title}")
    pal = [hex_rgb(c) for c in palette]
    base = linear_gradient(COVER_SIZE, pal[0], _mix(pal[1], pal[0], 0.35), rng.uniform(20, 160))
    img = STYLES[style](base, pal, rng)
    img = _caption(img, title, artist, (255, 255, 255))
    return _jpeg(_grain(img, rng))


def initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def artist_portrait(name: str, palette: tuple[str, str, str]) -> bytes:
    """An 800x800 JPEG: soft abstract gradient art with the artist's initials."""
    rng = _rng(name)
    pal = [hex_rgb(c) for c in palette]
    img = radial_gradient(PORTRAIT_SIZE, pal[1], pal[0], (rng.uniform(0.3, 0.7), 0.35), 0.9)

    def shapes(d):
        for _ in range(9):
            r = rng.randint(90, 260)
            x, y = rng.randint(0, PORTRAIT_SIZE), rng.randint(0, PORTRAIT_SIZE)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(*pal[rng.randint(0, 2)], rng.randint(60, 140)))

    img = _overlay(img, shapes, blur=40.0)
    text = initials(name)
    font = _font(PORTRAIT_SIZE // 3)
    draw = ImageDraw.Draw(img)
    box = draw.textbbox((0, 0), text, font=font)
    x = (PORTRAIT_SIZE - (box[2] - box[0])) / 2 - box[0]
    y = (PORTRAIT_SIZE - (box[3] - box[1])) / 2 - box[1]
    shadow = Image.new("RGBA", img.size, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).text((x + 8, y + 10), text, font=font, fill=(0, 0, 0, 140))
    img = Image.alpha_composite(img.convert("RGBA"), shadow.filter(ImageFilter.GaussianBlur(12)))
    ImageDraw.Draw(img).text((x, y), text, font=font, fill=(255, 255, 255, 240))
    return _jpeg(_grain(img.convert("RGB"), rng, 4.0))
