"""The picture of a page: its blocks drawn from their geometry, coloured by article, with reading-order
numbers — an SVG string with no styles or scripts inside, so the browser UI and ``jianbao show`` can both
use it.  Pages read from text dumps have no geometry; :func:`listing` gives the same information as rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from jianbao.model import Page

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
           "#bcbd22", "#393b79", "#637939", "#843c39")
UNASSIGNED = "#9a9a9a"


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


def page_svg(page: Page, *, focus: str | None = None, width_px: int = 520, link: str | None = None) -> str | None:
    """The page as SVG, or None when its blocks have no geometry.

    ``focus`` names an article label: its blocks are drawn strongly and the others faintly.  ``link``, a
    format string such as ``"#b{block}"``, makes every block a link.
    """
    if not has_geometry(page):
        return None
    boxes = [b.box for b in page.blocks if b.box is not None]
    x0 = min(b.x0 for b in boxes) - 10
    y0 = min(b.y0 for b in boxes) - 10
    w = max(b.x1 for b in boxes) - x0 + 10
    h = max(b.y1 for b in boxes) - y0 + 10
    height_px = int(width_px * h / w) if w > 0 else width_px
    found = marks(page)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="page-picture" viewBox="{x0:.1f} {y0:.1f} {w:.1f} {h:.1f}" '
             f'width="{width_px}" height="{height_px}" role="img" aria-label="page {escape(page.source)}">',
             f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#fffdf7" stroke="#bbb"/>']
    font = max(8.0, w / 45)
    for block in page.blocks:
        box = block.box
        assert box is not None
        mark = found.get(block.id)
        colour = mark.colour if mark else UNASSIGNED
        strong = focus is None or (mark is not None and mark.label == focus)
        opacity = 0.35 if strong else 0.08
        stroke = 2.0 if focus is not None and strong else 0.8
        title = f"block {block.id}: {mark.role if mark else '?'}" + (f", article {mark.label}" if mark and mark.label else "")
        rect = (f'<rect x="{box.x0:.1f}" y="{box.y0:.1f}" width="{max(box.width, 1):.1f}" height="{max(box.height, 1):.1f}" '
                f'fill="{colour}" fill-opacity="{opacity}" stroke="{colour}" stroke-width="{stroke}" '
                f'data-block="{block.id}"><title>{escape(title)}</title></rect>')
        if link:
            rect = f'<a href="{escape(link.format(block=block.id))}">{rect}</a>'
        parts.append(rect)
        if mark is not None and mark.article is not None and strong:
            parts.append(f'<text x="{box.x0 + 2:.1f}" y="{box.y0 + font:.1f}" font-size="{font:.1f}" '
                         f'font-family="sans-serif" font-weight="bold" fill="{colour}">{mark.article + 1}.{mark.order}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Row:
    block: int
    mark: Mark | None
    text: str
    focus: bool


def listing(page: Page, *, focus: str | None = None, preview: int = 60) -> list[Row]:
    """The blocks in input order with their article and reading-order number: the picture of a page that
    has no geometry."""
    found = marks(page)
    rows = []
    for block in page.blocks:
        mark = found.get(block.id)
        text = block.text
        rows.append(Row(block.id, mark, text if len(text) <= preview else text[:preview] + "…",
                        focus is None or (mark is not None and mark.label == focus)))
    return rows
