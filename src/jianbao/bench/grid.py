"""The page grid: how much room each story needs, and how the page is cut into story boxes.

Boxes come from an ordered treemap: the list of stories (in print order) is split in two, the
rectangle is cut across or down in proportion to the two halves' needs (vertical cuts snap to the
page's grid columns), and each half is cut again, so the lead story sits top left and every box's
area follows its text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle in points, top-left origin (y grows down the page)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    def inset(self, dx: float, dy: float | None = None) -> "Rect":
        dy = dx if dy is None else dy
        return Rect(self.x0 + dx, self.y0 + dy, self.x1 - dx, self.y1 - dy)

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2)]


def snap(value: float, lines: list[float]) -> float:
    return min(lines, key=lambda g: abs(g - value))


def tile(needs: list[float], rect: Rect, rng: random.Random, grid: list[float],
         min_w: float, min_h: float) -> list[Rect]:
    """Cut ``rect`` into one box per need, in order, areas in proportion to the needs."""
    if len(needs) == 1:
        return [rect]
    total = sum(needs)
    shares = [sum(needs[:k]) / total for k in range(1, len(needs))]
    prefer_down = rect.w > rect.h * rng.uniform(0.6, 1.4)
    inner = [g for g in grid if rect.x0 + min_w <= g <= rect.x1 - min_w]
    best = None
    for down in (True, False):
        if down and not inner or not down and rect.h < 2 * min_h:
            continue
        for k, share in enumerate(shares, start=1):
            if down:
                cut = snap(rect.x0 + share * rect.w, inner)
                error = abs((cut - rect.x0) / rect.w - share)
            else:
                cut = min(max(rect.y0 + share * rect.h, rect.y0 + min_h), rect.y1 - min_h)
                error = abs((cut - rect.y0) / rect.h - share)
            score = (error + 0.3 * abs(share - 0.5) + (0.0 if down == prefer_down else 0.08)
                     + rng.uniform(0, 0.04))
            if best is None or score < best[0]:
                best = (score, down, k, cut)
    if best is not None:
        _, down, k, cut = best
        if down:
            first, second = Rect(rect.x0, rect.y0, cut, rect.y1), Rect(cut, rect.y0, rect.x1, rect.y1)
        else:
            first, second = Rect(rect.x0, rect.y0, rect.x1, cut), Rect(rect.x0, cut, rect.x1, rect.y1)
        return (tile(needs[:k], first, rng, grid, min_w, min_h)
                + tile(needs[k:], second, rng, grid, min_w, min_h))
    # too small to cut by the rules: stack the stories in equal bands
    step = rect.h / len(needs)
    return [Rect(rect.x0, rect.y0 + i * step, rect.x1, rect.y0 + (i + 1) * step)
            for i in range(len(needs))]


def story_need(title_chars: list[int], body_chars: list[int], photos: int, size: float,
               leading: float, column_chars: float) -> float:
    """Estimated area (pt²) a story needs at body size ``size``: body lines (half a line lost per
    paragraph end, plus paragraph gaps), title lines as bands, photos as boxes."""
    pitch = size * leading
    line_w = column_chars * size
    body_lines = sum(c / column_chars + 0.5 for c in body_chars)
    body = body_lines * pitch * line_w * 1.12 + len(body_chars) * 0.5 * size * line_w
    width = min(870.0, max(220.0, (body * 1.4) ** 0.5))
    title = 0.0
    for c in title_chars:
        title += (2.4 * size if c else 0.0) * width * max(1.0, c * 2.4 * size / width)
    photo = photos * (0.62 * min(width, 330.0) ** 2 + 3 * pitch * min(width, 330.0))
    return max(body + title + photo, 220.0 * 120.0)
