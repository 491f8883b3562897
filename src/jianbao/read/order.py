"""Reading order of blocks on a page from their boxes: recursive XY-cut.

At each step the widest white gap that crosses the whole region — a horizontal band between rows of
articles or between a headline and its columns, or a vertical band between columns or side-by-side
articles — splits the blocks in two; top before bottom, left before right.  Regions with no gap left are
read top to bottom, left to right.
"""

from __future__ import annotations

from jianbao.model import Block

MIN_GAP = 1.0  # points


def _widest_gap(spans: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """The widest gap between the merged intervals ``(start, end, _)``: (width, cut position)."""
    spans = sorted(spans)
    best = None
    reach = spans[0][1]
    for start, end, _ in spans[1:]:
        if start - reach >= MIN_GAP and (best is None or start - reach > best[0]):
            best = (start - reach, (start + reach) / 2)
        reach = max(reach, end)
    return best


def _xy_cut(items: list[int], blocks: list[Block]) -> list[int]:
    if len(items) <= 1:
        return items
    boxes = {i: blocks[i].box for i in items}
    ys = [(boxes[i].y0, boxes[i].y1, i) for i in items]  # type: ignore[union-attr]
    xs = [(boxes[i].x0, boxes[i].x1, i) for i in items]  # type: ignore[union-attr]
    h, v = _widest_gap(ys), _widest_gap(xs)
    if h is None and v is None:
        return sorted(items, key=lambda i: (boxes[i].y0, boxes[i].x0))  # type: ignore[union-attr]
    if v is None or (h is not None and h[0] >= v[0]):
        cut = h[1]  # type: ignore[index]
        first = [i for i in items if boxes[i].y1 <= cut]  # type: ignore[union-attr]
    else:
        cut = v[1]
        first = [i for i in items if boxes[i].x1 <= cut]  # type: ignore[union-attr]
    rest = [i for i in items if i not in set(first)]
    return _xy_cut(first, blocks) + _xy_cut(rest, blocks)


def reading_order(blocks: list[Block]) -> list[Block]:
    """The blocks of one page in reading order (blocks without a box keep their place at the end)."""
    placed = [i for i, b in enumerate(blocks) if b.box is not None]
    loose = [i for i, b in enumerate(blocks) if b.box is None]
    return [blocks[i] for i in _xy_cut(placed, blocks) + loose]
