"""Reading order of blocks on a page from their boxes: recursive XY-cut.

At each step the widest white gap that crosses the whole region — a horizontal band between rows of
articles or between a headline and its columns, or a vertical band between columns or side-by-side
articles — splits the blocks in two; top before bottom, left before right.  Regions with no gap left are
read top to bottom, left to right.

Rules come first: a ruled line that runs across the whole region, with no block across it, divides it
(papers rule their articles apart; a white gap may be narrower than a gutter inside a story).

A headline centred over its columns leaves a vertical gap beside it as wide as the gutter between two
columns, so a band under which the region's text is set smaller than everything above it — title lines
stacked over the middle of the region, over their story — is cut first, whatever the widths.
"""

from __future__ import annotations

from jianbao import cues
from jianbao.model import Block, Box, Rule

MIN_GAP = 1.0  # points


def _gaps(spans: list[tuple[float, float, int]]) -> list[tuple[float, float]]:
    """Every gap between the merged intervals ``(start, end, _)``, top (or left) first: (width, cut position)."""
    spans = sorted(spans)
    gaps = []
    reach = spans[0][1]
    for start, end, _ in spans[1:]:
        if start - reach >= MIN_GAP:
            gaps.append((start - reach, (start + reach) / 2))
        reach = max(reach, end)
    return gaps


def _widest_gap(spans: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """The widest gap between the merged intervals: (width, cut position); the first of equals."""
    gaps = _gaps(spans)
    return max(gaps, key=lambda g: g[0]) if gaps else None


def _title_band(items: list[int], blocks: list[Block], ys: list[tuple[float, float, int]]) -> float | None:
    """The first horizontal gap above which every block is set in display type (kicker, headline, deck)
    against the text under it — title lines stacked one under the other over the middle of the region
    (side-by-side titles head two stories)."""
    items = [i for i in items if blocks[i].raw]  # text only: a picture (no text) is neither title nor text
    ys = [y for y in ys if blocks[y[2]].raw]
    if not ys:
        return None
    boxes = [blocks[i].box for i in items]
    middle = (min(b.x0 for b in boxes) + max(b.x1 for b in boxes)) / 2  # type: ignore[union-attr]
    for _, cut in _gaps(ys):
        above = [i for _, y1, i in ys if y1 <= cut]
        below = sorted(blocks[i].size or 0.0 for y0, _, i in ys if y0 >= cut)
        if not above or not below or min(blocks[i].size or 0.0 for i in above) < cues.DISPLAY_SIZE * below[len(below) // 2]:
            continue
        spans = [(blocks[i].box.x0, blocks[i].box.x1) for i in above]  # type: ignore[union-attr]
        stacked = all(min(a1, b1) > max(a0, b0) for (a0, a1) in spans for (b0, b1) in spans)
        if stacked and any(x0 <= middle <= x1 for x0, x1 in spans):
            return cut
    return None


#: a rule divides a region when it runs along this share of the region's extent
RULE_SPAN = 0.9


def _covered(spans: list[tuple[float, float]], start: float, end: float) -> float:
    """How much of [start, end] the spans cover, a gap of up to :data:`RULE_GAP` between two of them
    counted as covered (the rules under two boxes side by side stop short of the gutter between them)."""
    total, reach = 0.0, start
    for lo, hi in sorted(spans):
        lo, hi = max(lo, start), min(hi, end)
        if hi <= reach:
            continue
        if lo - reach <= RULE_GAP and total > 0:
            lo = reach
        total += hi - max(lo, reach)
        reach = hi
    return total


#: points: two rules on one line with a gap this small between them divide like one
RULE_GAP = 24.0


Lines = list[tuple[tuple[bool, float], list[tuple[float, float]]]]


def _ruled_lines(rules: list[Rule] | tuple[Rule, ...]) -> Lines:
    """The rules grouped by the line they lie on: ((horizontal, where), their spans along it)."""
    lines: dict[tuple[bool, float], list[tuple[float, float]]] = {}
    for rule in rules:
        r = rule.box
        key = (rule.horizontal, round(r.y0 if rule.horizontal else r.x0))
        lines.setdefault(key, []).append((r.x0, r.x1) if rule.horizontal else (r.y0, r.y1))
    return sorted(lines.items())


def _ruled_cut(items: list[int], blocks: list[Block], lines: Lines) -> list[int] | None:
    """The blocks before a ruled line that divides the region (above a horizontal one, left of a vertical
    one): rules on one line covering the region's extent, with no block across it."""
    boxes = [blocks[i].box for i in items]
    x0, x1 = min(b.x0 for b in boxes), max(b.x1 for b in boxes)  # type: ignore[union-attr]
    y0, y1 = min(b.y0 for b in boxes), max(b.y1 for b in boxes)  # type: ignore[union-attr]
    for (horizontal, at), spans in lines:
        if horizontal:
            if not y0 < at < y1 or any(b.y0 < at < b.y1 for b in boxes):  # type: ignore[union-attr]
                continue
            side = [i for i, b in zip(items, boxes) if b.y1 <= at]  # type: ignore[union-attr]
            start, end = x0, x1
        else:
            if not x0 < at < x1 or any(b.x0 < at < b.x1 for b in boxes):  # type: ignore[union-attr]
                continue
            side = [i for i, b in zip(items, boxes) if b.x1 <= at]  # type: ignore[union-attr]
            start, end = y0, y1
        if 0 < len(side) < len(items) and _covered(spans, start, end) >= RULE_SPAN * (end - start):
            return side
    return None


def _xy_cut(items: list[int], blocks: list[Block], lines: Lines) -> list[int]:
    if len(items) <= 1:
        return items
    first = _ruled_cut(items, blocks, lines) if lines else None
    if first is not None:
        return _both(items, first, blocks, lines)
    boxes = {i: blocks[i].box for i in items}
    ys = [(boxes[i].y0, boxes[i].y1, i) for i in items]  # type: ignore[union-attr]
    xs = [(boxes[i].x0, boxes[i].x1, i) for i in items]  # type: ignore[union-attr]
    band = _title_band(items, blocks, ys)
    if band is not None:
        return _both(items, [i for i in items if boxes[i].y1 <= band], blocks, lines)  # type: ignore[union-attr]
    h, v = _widest_gap(ys), _widest_gap(xs)
    if h is None and v is None:
        return sorted(items, key=lambda i: (boxes[i].y0, boxes[i].x0))  # type: ignore[union-attr]
    if v is None or (h is not None and h[0] >= v[0]):
        first = [i for i in items if boxes[i].y1 <= h[1]]  # type: ignore[index, union-attr]
    else:
        first = [i for i in items if boxes[i].x1 <= v[1]]  # type: ignore[union-attr]
    return _both(items, first, blocks, lines)


def _both(items: list[int], first: list[int], blocks: list[Block], lines: Lines) -> list[int]:
    """``first`` in reading order, then the rest of ``items``."""
    taken = set(first)
    return _xy_cut(first, blocks, lines) + _xy_cut([i for i in items if i not in taken], blocks, lines)


def reading_order(blocks: list[Block], rules: list[Rule] | tuple[Rule, ...] = (),
                  photos: list[Box] | tuple[Box, ...] = ()) -> list[Block]:
    """The blocks of one page in reading order (blocks without a box keep their place at the end), cut
    along the page's ``rules`` where they divide it.  ``photos`` take up room as blocks do: no white gap
    runs through a picture (the text beside a picture set in a column's top is not above the column's
    text under the picture)."""
    n = len(blocks)
    placed = [i for i, b in enumerate(blocks) if b.box is not None]
    loose = [i for i, b in enumerate(blocks) if b.box is None]
    room = list(blocks) + [Block(id=-1, raw="", box=box) for box in photos]  # a picture: a block of no text
    order = _xy_cut(placed + list(range(n, len(room))), room, _ruled_lines(rules))
    return [blocks[i] for i in order if i < n] + [blocks[i] for i in loose]
