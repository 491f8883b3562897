"""The picture of a clipped page, for ``jianbao show`` and the browser UI alike.

A *scene* is worked out once from the page: every block's box (pages of a multi-page PDF stacked top
to bottom), coloured by its article, numbered ``article.order`` in reading order, unassigned blocks
grey, and an arrow for every join of a split paragraph (from the end of one block to the start of the
next block of the same element).  It is then written as SVG (no styles or scripts inside, so the web UI
can inline it) or as PNG (Pillow) on top of the page itself: the PDF page rendered by PyMuPDF or the
scan.  A page read from a text dump has no geometry: it is drawn as a column-free listing, one row
per block in input order.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from jianbao.errors import InputError
from jianbao.model import Box, Page

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
           "#bcbd22", "#393b79", "#637939", "#843c39")
UNASSIGNED = "#9a9a9a"
GAP = 24.0  # page units between stacked pages
FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@dataclass(frozen=True)
class Mark:
    """Where a block belongs: its article (index and label, or None when unassigned), its place in that
    article's reading order (1-based), its role, and the colour drawn."""

    block: int
    article: int | None
    label: str | None
    order: int
    role: str
    colour: str


def marks(page: Page) -> dict[int, Mark]:
    out: dict[int, Mark] = {}
    for i, art in enumerate(page.articles or ()):
        for k, b in enumerate(art.block_ids(), 1):
            role = next(el.role.value for el in art.elements if b in el.blocks)
            out[b] = Mark(b, i, art.id, k, role, PALETTE[i % len(PALETTE)])
    for el in page.unassigned:
        for b in el.blocks:
            out[b] = Mark(b, None, None, 0, el.role.value, UNASSIGNED)
    return out


def has_geometry(page: Page) -> bool:
    return bool(page.blocks) and all(b.box is not None for b in page.blocks)


def joins(page: Page) -> list[tuple[int, int, str]]:
    """Split-paragraph joins: (block, next block of the same element, colour)."""
    out = []
    for i, art in enumerate(page.articles or ()):
        for el in art.elements:
            out += [(a, b, PALETTE[i % len(PALETTE)]) for a, b in zip(el.blocks, el.blocks[1:])]
    return out


# -- the scene ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sheet:
    """One printed page in the picture: its page number, size and where it sits (page units)."""

    number: int | None
    width: float
    height: float
    top: float
    left: float = 0.0


@dataclass(frozen=True)
class Outline:
    block: int
    box: Box          # in picture units
    colour: str
    label: str | None  # "article.order", None when unassigned
    title: str
    mark: Mark | None


@dataclass
class Scene:
    width: float
    height: float
    x0: float
    y0: float
    sheets: list[Sheet]
    outlines: list[Outline]
    arrows: list[tuple[tuple[float, float], tuple[float, float], str]]


def sheets_of(page: Page, sizes: dict[int, tuple[float, float]] | None = None,
              only: int | None = None) -> list[Sheet]:
    """The page's sheets stacked top to bottom (only page ``only`` if given); sizes from ``sizes``
    (page number → width, height), else the extent of the blocks on that page plus a margin."""
    numbers = sorted({b.page for b in page.blocks if b.page is not None}) or [None]
    if only is not None:
        numbers = [n for n in numbers if n == only]
    out, top = [], 0.0
    for n in numbers:
        if sizes and n in sizes:
            w, h, left = sizes[n][0], sizes[n][1], 0.0
        else:
            boxes = [b.box for b in page.blocks if b.box is not None and b.page == n]
            if not boxes:
                continue
            left = min(b.x0 for b in boxes) - 10
            w = max(b.x1 for b in boxes) + 10 - left
            h = max(b.y1 for b in boxes) + 10
        out.append(Sheet(n, w, h, top, left))
        top += h + GAP
    return out


def scene(page: Page, sizes: dict[int, tuple[float, float]] | None = None, only: int | None = None) -> Scene:
    sheets = sheets_of(page, sizes, only)
    where = {s.number: s for s in sheets}
    found = marks(page)
    outlines = []
    for block in page.blocks:
        sheet = where.get(block.page)
        if block.box is None or sheet is None:
            continue
        box = Box(block.box.x0, block.box.y0 + sheet.top, block.box.x1, block.box.y1 + sheet.top)
        mark = found.get(block.id)
        label = f"{mark.article + 1}.{mark.order}" if mark and mark.article is not None else None
        title = f"block {block.id}: {mark.role if mark else '?'}" + (
            f", article {mark.label}" if mark and mark.label else "")
        outlines.append(Outline(block.id, box, mark.colour if mark else UNASSIGNED, label, title, mark))
    at = {o.block: o.box for o in outlines}
    arrows = []
    for a, b, colour in joins(page):
        if a in at and b in at:
            ba, bb = at[a], at[b]
            arrows.append((((ba.x0 + ba.x1) / 2, ba.y1), (bb.x0 + min(12.0, bb.width / 2), bb.y0), colour))
    x0 = 0.0 if sizes else min((s.left for s in sheets), default=0.0)
    width = max((s.left + s.width for s in sheets), default=1.0) - x0
    height = (sheets[-1].top + sheets[-1].height) if sheets else 1.0
    y0 = 0.0 if sizes else max(0.0, min((o.box.y0 for o in outlines), default=10.0) - 10)
    return Scene(width, height - y0, x0, y0, sheets, outlines, arrows)


def _arrow_head(p: tuple[float, float], q: tuple[float, float], size: float) -> list[tuple[float, float]]:
    angle = math.atan2(q[1] - p[1], q[0] - p[0])
    return [q] + [(q[0] - size * math.cos(angle + s), q[1] - size * math.sin(angle + s)) for s in (0.45, -0.45)]


# -- SVG ----------------------------------------------------------------------------------------------
def svg(page: Page, *, focus: str | None = None, width_px: int = 520, link: str | None = None,
        sizes: dict[int, tuple[float, float]] | None = None, backgrounds: dict[int | None, str] | None = None,
        fill: bool = True, only: int | None = None) -> str | None:
    """The page as SVG, or None when its blocks have no geometry.

    ``focus`` names an article label: its blocks are drawn strongly and the others faintly.  ``link``, a
    format string such as ``"#b{block}"``, makes every block a link.  ``backgrounds`` maps a page number
    to an image URL (e.g. a data: URI of the rendered page) drawn beneath that page's blocks."""
    if not has_geometry(page):
        return None
    sc = scene(page, sizes, only)
    x0, y0, w, h = sc.x0, sc.y0, sc.width, sc.height
    height_px = int(width_px * h / w) if w > 0 else width_px
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="page-picture" viewBox="{x0:.1f} {y0:.1f} {w:.1f} {h:.1f}" '
             f'width="{width_px}" height="{height_px}" role="img" aria-label="page {escape(page.source)}">']
    for s in sc.sheets:
        parts.append(f'<rect x="{s.left:.1f}" y="{s.top:.1f}" width="{s.width:.1f}" height="{s.height:.1f}" '
                     f'fill="#fffdf7" stroke="#bbb"/>')
        if backgrounds and s.number in backgrounds:
            parts.append(f'<image x="{s.left:.1f}" y="{s.top:.1f}" width="{s.width:.1f}" height="{s.height:.1f}" '
                         f'href="{escape(backgrounds[s.number])}" preserveAspectRatio="none"/>')
    font = max(8.0, w / 45) if not backgrounds else max(7.0, w / 70)
    for o in sc.outlines:
        box, mark = o.box, o.mark
        strong = focus is None or (mark is not None and mark.label == focus)
        opacity = (0.35 if fill else 0.12) if strong else 0.08
        stroke = 2.0 if (focus is not None and strong) or not fill else 0.8
        rect = (f'<rect x="{box.x0:.1f}" y="{box.y0:.1f}" width="{max(box.width, 1):.1f}" height="{max(box.height, 1):.1f}" '
                f'fill="{o.colour}" fill-opacity="{opacity}" stroke="{o.colour}" stroke-width="{stroke}" '
                f'data-block="{o.block}"><title>{escape(o.title)}</title></rect>')
        if link:
            rect = f'<a href="{escape(link.format(block=o.block))}">{rect}</a>'
        parts.append(rect)
        if o.label and strong:
            parts.append(f'<text x="{box.x0 + 2:.1f}" y="{box.y0 + font:.1f}" font-size="{font:.1f}" '
                         f'font-family="sans-serif" font-weight="bold" fill="{o.colour}">{o.label}</text>')
    for p, q, colour in sc.arrows:
        head = " ".join(f"{x:.1f},{y:.1f}" for x, y in _arrow_head(p, q, font * 0.6))
        parts.append(f'<line x1="{p[0]:.1f}" y1="{p[1]:.1f}" x2="{q[0]:.1f}" y2="{q[1]:.1f}" stroke="{colour}" '
                     f'stroke-width="1.4" stroke-dasharray="4 2" class="join"/>'
                     f'<polygon points="{head}" fill="{colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


# -- PNG ----------------------------------------------------------------------------------------------
def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    if FONT_FILE.exists():
        return ImageFont.truetype(str(FONT_FILE), size)
    return ImageFont.load_default(size=size)


def _rgb(colour: str, alpha: int = 255) -> tuple[int, int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), alpha


def png(page: Page, images: dict[int, Any], sizes: dict[int, tuple[float, float]], *,
        width_px: int = 1400, only: int | None = None) -> bytes:
    """The page as PNG: each sheet's image (a PIL image of the rendered PDF page or the scan, in the
    page's own units scaled to ``sizes``) with the outlines, numbers and join arrows on top."""
    from PIL import Image, ImageDraw

    if not has_geometry(page):
        raise InputError(page.source, "the page has no geometry to draw", "use listing_png")
    sc = scene(page, sizes, only)
    k = width_px / sc.width
    canvas = Image.new("RGB", (width_px, int(sc.height * k) + 1), "white")
    for s in sc.sheets:
        img = images.get(s.number)
        if img is not None:
            canvas.paste(img.convert("RGB").resize((int(s.width * k), int(s.height * k))),
                         (int((s.left - sc.x0) * k), int((s.top - sc.y0) * k)))
    over = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(over)
    font = _font(max(11, int(width_px / 90)))
    at = lambda x, y: ((x - sc.x0) * k, (y - sc.y0) * k)  # noqa: E731
    for o in sc.outlines:
        a, b = at(o.box.x0, o.box.y0), at(o.box.x1, o.box.y1)
        grey = o.label is None
        draw.rectangle([a, b], fill=_rgb(o.colour, 60 if grey else 28), outline=_rgb(o.colour, 255),
                       width=1 if grey else 2)
    for p, q, colour in sc.arrows:
        p, q = at(*p), at(*q)
        draw.line([p, q], fill=_rgb(colour), width=2)
        draw.polygon(_arrow_head(p, q, 9), fill=_rgb(colour))
    for o in sc.outlines:
        if o.label:
            x, y = at(o.box.x0, o.box.y0)
            left, top, right, bottom = draw.textbbox((x + 2, y + 1), o.label, font=font)
            draw.rectangle([left - 1, top - 1, right + 1, bottom + 1], fill=(255, 255, 255, 220))
            draw.text((x + 2, y + 1), o.label, font=font, fill=_rgb(o.colour))
    out = Image.alpha_composite(canvas.convert("RGBA"), over).convert("RGB")
    buf = io.BytesIO()
    out.quantize(colors=256).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def listing_png(page: Page, *, width_px: int = 1100, preview: int = 48) -> bytes:
    """A page without geometry: one row per block in input order, the article's colour on the left with
    its ``article.order`` number, unassigned rows grey, joins as arrows in the left margin."""
    from PIL import Image, ImageDraw

    found = marks(page)
    size = 16
    row = int(size * 1.8)
    font = _font(size)
    img = Image.new("RGB", (width_px, row * len(page.blocks) + 20), "white")
    draw = ImageDraw.Draw(img)
    for block in page.blocks:
        y = 10 + block.id * row
        mark = found.get(block.id)
        colour = mark.colour if mark else UNASSIGNED
        grey = mark is None or mark.article is None
        draw.rectangle([60, y, width_px - 10, y + row - 4], outline=_rgb(colour)[:3],
                       fill=(238, 238, 238) if grey else (255, 255, 255), width=1 if grey else 2)
        label = f"{mark.article + 1}.{mark.order}" if mark and mark.article is not None else "—"
        draw.text((66, y + 3), label, font=font, fill=_rgb(colour)[:3])
        text = block.text if len(block.text) <= preview else block.text[:preview] + "…"
        draw.text((130, y + 3), text, font=font, fill=(120, 120, 120) if grey else (20, 20, 20))
    for a, b, colour in joins(page):
        ya, yb = 10 + a * row + row // 2, 10 + b * row + row // 2
        x = 40 - 6 * ((a + b) % 4)
        draw.line([(58, ya), (x, ya), (x, yb), (58, yb)], fill=_rgb(colour)[:3], width=2)
        draw.polygon(_arrow_head((x, yb), (58, yb), 8), fill=_rgb(colour)[:3])
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def data_uri(image, fmt: str = "JPEG") -> str:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    image.convert("RGB").save(buf, fmt, quality=70)
    return f"data:image/{fmt.lower()};base64," + base64.b64encode(buf.getvalue()).decode("ascii")
