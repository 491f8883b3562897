"""The picture of a page for the browser UI: its blocks drawn from their geometry, coloured by article,
with reading-order numbers and split-paragraph joins — an SVG string with no styles or scripts inside.
The drawing itself lives in :mod:`jianbao.show.draw` (shared with ``jianbao show``); this module keeps
the web UI's entry points.  Pages read from text dumps have no geometry: :func:`listing` gives the same
information as rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from jianbao.model import Page
from jianbao.show.draw import PALETTE, UNASSIGNED, Mark, has_geometry, marks, svg

__all__ = ["PALETTE", "UNASSIGNED", "Mark", "Row", "has_geometry", "listing", "marks", "page_svg"]


def page_svg(page: Page, *, focus: str | None = None, width_px: int = 520, link: str | None = None) -> str | None:
    """The page as SVG, or None when its blocks have no geometry.

    ``focus`` names an article label: its blocks are drawn strongly and the others faintly.  ``link``, a
    format string such as ``"#b{block}"``, makes every block a link.
    """
    return svg(page, focus=focus, width_px=width_px, link=link)


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
