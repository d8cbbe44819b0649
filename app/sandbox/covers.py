"""Generated cover art (releases) and portraits (artists) with Pillow: distinct per id, JPEG in 7digital's sizes.

Drawing is CPU work (~40 ms at 50 px, ~120 ms at 800 px): at most RENDER_SLOTS covers are drawn at
once and RENDER_WAITING more may wait for a slot, so a burst of cover requests can't take every
server thread (catalogue calls stay fast); a request beyond that gets RenderBusy (the route answers
503 with Retry-After, which clients retry).
"""
from __future__ import annotations

import colorsys
import io
import math
import random
import threading
from contextlib import contextmanager
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

_FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf")
# The sizes 7digital serves (API-NOTES §5: release art 33 … 800 px, artist images 150 px by default).
SIZES = (33, 50, 100, 150, 180, 182, 200, 350, 500, 800)
MAX_ASKED_SIZE = 99_999     # a file name asking for more is not an image size at all (404)
RENDER_SLOTS = 2
RENDER_WAITING = 2
RENDER_WAIT = 5.0           # seconds a waiting request waits for a slot before it is told to come back


def nearest_size(size: int) -> int:
    """The served size nearest to `size` (the larger one on a tie): 1200 → 800, 40 → 33, 75 → 100."""
    return min(SIZES, key=lambda s: (abs(s - size), -s))


class RenderBusy(Exception):
    """Every drawing slot and waiting place is taken: ask again in a moment."""


class RenderGate:
    """At most `slots` drawings at once, `waiting` more waiting up to `wait` s; the rest RenderBusy."""

    def __init__(self, slots: int = RENDER_SLOTS, waiting: int = RENDER_WAITING, wait: float = RENDER_WAIT):
        self._slots = threading.BoundedSemaphore(slots)
        self._room = threading.BoundedSemaphore(slots + waiting)
        self.wait = wait

    @contextmanager
    def slot(self):
        if not self._room.acquire(blocking=False):
            raise RenderBusy("every cover drawing slot is taken")
        try:
            if not self._slots.acquire(timeout=self.wait):
                raise RenderBusy("no cover drawing slot came free in time")
            try:
                yield
            finally:
                self._slots.release()
        finally:
            self._room.release()


GATE = RenderGate()


@lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont:
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _rgb(h: float, s: float, v: float) -> tuple[int, int, int]:
    return tuple(int(c * 255) for c in colorsys.hsv_to_rgb(h % 1.0, s, v))


def _palette(rng: random.Random) -> list[tuple[int, int, int]]:
    hue = rng.random()
    scheme = rng.choice((0.08, 0.5, 0.33, 0.6, 0.92))      # analogous, complementary, triadic…
    return [_rgb(hue, rng.uniform(0.45, 0.75), rng.uniform(0.75, 0.95)),
            _rgb(hue + scheme, rng.uniform(0.5, 0.85), rng.uniform(0.3, 0.6)),
            _rgb(hue + scheme / 2, rng.uniform(0.2, 0.6), rng.uniform(0.85, 1.0)),
            _rgb(hue + 0.5, rng.uniform(0.6, 0.9), rng.uniform(0.5, 0.8))]


def _gradient(size: int, a, b, angle: float) -> Image.Image:
    # Rotate a gradient 1.5x larger than the cover and crop the middle, so no corner is left empty.
    big = int(size * 1.5)
    margin = (big - size) // 2
    mask = Image.linear_gradient("L").resize((big, big)).rotate(angle, resample=Image.BICUBIC)
    mask = mask.crop((margin, margin, margin + size, margin + size))
    return Image.composite(Image.new("RGB", (size, size), a), Image.new("RGB", (size, size), b), mask)


def _motif(draw: ImageDraw.ImageDraw, rng: random.Random, size: int, colours) -> None:
    kind = rng.randrange(6)
    c = colours
    if kind == 0:    # concentric rings
        cx, cy = rng.uniform(0.3, 0.7) * size, rng.uniform(0.3, 0.6) * size
        for i in range(rng.randint(4, 9), 0, -1):
            r = i * size / rng.uniform(9, 14)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=c[2 + i % 2] + (200,), width=max(2, size // 60))
    elif kind == 1:  # sunset: a sun over stripes
        r = size * rng.uniform(0.18, 0.3)
        cx, cy = size * rng.uniform(0.35, 0.65), size * 0.5
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=c[2] + (235,))
        for i in range(6):
            y = size * 0.52 + i * size * 0.06
            draw.rectangle((0, y, size, y + size * 0.025 * (6 - i) / 3), fill=c[1] + (220,))
    elif kind == 2:  # diagonal stripes
        step = size / rng.randint(5, 11)
        for i in range(-12, 24):
            x = i * step
            draw.polygon([(x, 0), (x + step / 2, 0), (x + step / 2 - size, size), (x - size, size)],
                         fill=c[2 + i % 2] + (110,))
    elif kind == 3:  # mountains
        for layer in range(3):
            base = size * (0.55 + layer * 0.12)
            points, x = [(0, size)], 0.0
            while x < size:
                points.append((x, base - rng.uniform(0.05, 0.25) * size))
                x += rng.uniform(0.1, 0.25) * size
            points += [(size, base - 0.1 * size), (size, size)]
            draw.polygon(points, fill=c[1 + layer] + (200 - layer * 30,))
    elif kind == 4:  # dot grid
        n = rng.randint(4, 8)
        gap = size / n
        for i in range(n):
            for j in range(n):
                r = gap * rng.uniform(0.12, 0.42)
                x, y = (i + 0.5) * gap, (j + 0.5) * gap
                draw.ellipse((x - r, y - r, x + r, y + r), fill=c[(i + j) % 2 + 2] + (190,))
    else:            # waves
        for band in range(7):
            amp, freq, y0 = size * 0.04, rng.uniform(1.5, 3.5), size * (0.25 + band * 0.1)
            pts = [(x, y0 + amp * math.sin(freq * 2 * math.pi * x / size + band)) for x in range(0, size + 8, 8)]
            draw.polygon(pts + [(size, size), (0, size)], fill=c[1 + band % 3] + (60,))


def _caption(img: Image.Image, lines: list[str], colour) -> None:
    size = img.width
    band = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(band)
    top = int(size * 0.74)
    draw.rectangle((0, top, size, size), fill=(12, 12, 16, 150))
    y = top + size * 0.035
    for i, text in enumerate(lines):
        font = _font(max(8, int(size * (0.075 if i == 0 else 0.055))))
        while font.getlength(text) > size * 0.9 and len(text) > 4:
            text = text[:-2].rstrip() + "…"
        draw.text((size * 0.05, y), text, font=font, fill=colour if i == 0 else (235, 235, 235, 255))
        y += font.size * 1.25
    img.alpha_composite(band)


def release_cover(release_id: int, title: str, artist: str, size: int) -> bytes:
    """A square JPEG for a release: gradient, a motif and the title, the same every time for the id."""
    with GATE.slot():
        return _release_cover(release_id, title, artist, size)


def _release_cover(release_id: int, title: str, artist: str, size: int) -> bytes:
    rng = random.Random(f"cover/{release_id}")
    colours = _palette(rng)
    work = max(240, min(2 * size, 800))
    img = _gradient(work, colours[0], colours[1], rng.uniform(0, 360)).convert("RGBA")
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    _motif(ImageDraw.Draw(layer), rng, work, colours)
    img.alpha_composite(layer)
    _caption(img, [artist, title], colours[2] + (255,))
    return _jpeg(img, size)


def artist_portrait(artist_id: int, name: str, size: int) -> bytes:
    """A duotone silhouette with the artist's initials."""
    with GATE.slot():
        return _artist_portrait(artist_id, name, size)


def _artist_portrait(artist_id: int, name: str, size: int) -> bytes:
    rng = random.Random(f"artist/{artist_id}")
    colours = _palette(rng)
    work = max(240, min(2 * size, 800))
    img = _gradient(work, colours[2], colours[0], rng.uniform(0, 360)).convert("RGBA")
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cx = work * rng.uniform(0.4, 0.6)
    head = work * 0.17
    draw.ellipse((cx - head, work * 0.22, cx + head, work * 0.22 + 2 * head), fill=colours[1] + (235,))
    draw.ellipse((cx - work * 0.36, work * 0.62, cx + work * 0.36, work * 1.25), fill=colours[1] + (235,))
    img.alpha_composite(layer.filter(ImageFilter.GaussianBlur(work / 200)))
    initials = "".join(w[0] for w in name.replace("&", " ").split()[:3] if w[:1].isalnum()).upper() or "?"
    font = _font(int(work * 0.12))
    ImageDraw.Draw(img).text((work * 0.06, work * 0.04), initials, font=font, fill=colours[3] + (255,))
    return _jpeg(img, size)


def _jpeg(img: Image.Image, size: int) -> bytes:
    out = img.convert("RGB")
    if out.width != size:
        out = out.resize((size, size), Image.LANCZOS)
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=85, optimize=False, progressive=size >= 350)
    return buffer.getvalue()
