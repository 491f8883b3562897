"""Second looks where the OCR detector went wrong: the recogniser reads again what it was shown badly.

- :func:`split_at_gutters`: the detector runs the lines of two or three columns together where they
  stand level across a narrow gutter; such a line is cut at the gutter's white and each piece read again.
- :func:`reread_gaps`: it finds a line of large type in pieces and leaves out what stands between them
  (``在科技馆`` … ``起来``, the ``“飞”`` between unread: quotes set wide in display type break its boxes).
  Where two pieces of one line — level, of one size — stand further apart than
  :func:`jianbao.read.image.join_fragments` joins, with glyphs' ink between them (wider and higher than a
  rule's stroke) or a dash's stroke alone, in faint ink (``一道坎`` … ``相当部分``, the ``——`` unread), the strip across both is read again as one line; its reading replaces the
  pieces when it holds the text of each and more.  Column gutters hold no ink, or a rule's thin stroke.
- :func:`reread_strays`: it finds a display line's opening or closing mark (``“``, ``『``) as a piece
  of its own, which the recogniser, shown the mark alone, reads as a letter (``L``, ``P``); the strip
  across the piece and its line is read again as one line.
- :func:`unread_lines`: it misses a line altogether (a deck in light type spaced wide, a row of dots);
  ink outside every line found is read as lines of its own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from jianbao.charset import nfkc
from jianbao.model import Box
from jianbao.read.pdf import Line
from jianbao.read.proof import stripped

#: pieces further apart than this (in type sizes, ink to ink) are not one line
GAP_MAX = 4.0
#: pieces closer than this are joined without a second look (join_fragments)
GAP_MIN = 1.2
#: the gap must hold ink across and up at least this share of a type size: glyphs, not a vertical rule's
#: stroke nor a dash's
INK_MIN = 0.5
#: a strip read again: its ink box padded by this share of the type size
PAD = 0.15

Recognise = Callable[[list[np.ndarray]], Sequence[tuple[str, float]]]


def _level(a: Line, b: Line) -> bool:
    size = min(a.size, b.size)
    return (min(a.box.y1, b.box.y1) - max(a.box.y0, b.box.y0) >= 0.6 * size
            and abs(a.size - b.size) <= 0.3 * max(a.size, b.size))


def reread_gaps(lines: list[Line], image: np.ndarray, ink: np.ndarray, recognise: Recognise) -> list[Line]:
    """``lines`` (ink boxes in pixels of ``image``; ``ink``: its inked pixels) with each pair of pieces
    that has unread ink between them replaced by one line read again across both."""
    out = list(lines)
    gone: set[int] = set()
    x0s = np.array([ln.box.x0 for ln in out])
    y0s, y1s = np.array([ln.box.y0 for ln in out]), np.array([ln.box.y1 for ln in out])
    for i in sorted(range(len(out)), key=lambda k: out[k].box.x0):
        if i in gone:
            continue
        a = out[i]
        near = np.flatnonzero((x0s > a.box.x1 + GAP_MIN * 0.5 * a.size) & (x0s <= a.box.x1 + GAP_MAX * 1.5 * a.size)
                              & (y0s < a.box.y1) & (y1s > a.box.y0))  # a quick first sift
        right = [j for j in near.tolist() if j not in gone and _level(a, out[j])
                 and GAP_MIN * min(a.size, out[j].size) < out[j].box.x0 - a.box.x1 <= GAP_MAX * min(a.size, out[j].size)]
        if not right:
            continue
        j = min(right, key=lambda k: out[k].box.x0)
        b = out[j]
        size = min(a.size, b.size)
        y0, y1 = int(max(a.box.y0, b.box.y0)), int(np.ceil(min(a.box.y1, b.box.y1)))
        between = ink[y0:y1, int(np.ceil(a.box.x1)):int(b.box.x0)]
        if between.size == 0:
            continue
        glyphs = between.any(axis=0).sum() >= INK_MIN * size and between.any(axis=1).sum() >= INK_MIN * size
        if not glyphs and not _dash(image[y0:y1, int(np.ceil(a.box.x1)):int(b.box.x0)], size):
            continue  # a rule's stroke, or nothing
        pad = PAD * size
        box = Box(a.box.x0, min(a.box.y0, b.box.y0), b.box.x1, max(a.box.y1, b.box.y1))
        crop = image[max(0, int(box.y0 - pad)):int(np.ceil(box.y1 + pad)),
                     max(0, int(box.x0 - pad)):int(np.ceil(box.x1 + pad))]
        text = stripped(recognise([crop])[0][0])
        if len(text) > len(a.text) + len(b.text) and a.text in text and b.text in text \
                and text.index(a.text) < text.rindex(b.text):
            out[i] = Line(text, box, max(a.size, b.size), False)
            gone.add(j)
    return [ln for k, ln in enumerate(out) if k not in gone]


#: a stray piece: at most this many characters, none of them wide, its ink at most this share of the line
#: beside it high, and at most this many of that line's ink heights from it
STRAY_CHARS, STRAY_HIGH, STRAY_GAP = 2, 0.6, 0.5


def reread_strays(lines: list[Line], image: np.ndarray, recognise: Recognise) -> list[Line]:
    """``lines`` (ink boxes in pixels of ``image``) with each stray piece — a mark of a line in larger type
    found apart from it and read alone as a letter or two (no wide character: ``L`` for the ``“`` opening
    a headline), its ink much lower than the line's, its middle within the line's height, just beside it
    — and that line replaced by one line read again across both, when the reading holds the line's text
    and more."""
    out = list(lines)
    gone: set[int] = set()
    for i, piece in enumerate(out):
        text = piece.text
        if not text or len(text) > STRAY_CHARS or any(unicodedata.east_asian_width(ch) in "WF" for ch in text):
            continue
        middle = (piece.box.y0 + piece.box.y1) / 2
        for j, line in enumerate(out):
            if j == i or j in gone or i in gone or piece.size > STRAY_HIGH * line.size \
                    or not line.box.y0 <= middle <= line.box.y1:
                continue
            gap = max(line.box.x0 - piece.box.x1, piece.box.x0 - line.box.x1)
            if not 0 <= gap <= STRAY_GAP * line.size:
                continue
            box = Box(min(piece.box.x0, line.box.x0), line.box.y0, max(piece.box.x1, line.box.x1), line.box.y1)
            pad = PAD * line.size
            crop = image[max(0, int(box.y0 - pad)):int(np.ceil(box.y1 + pad)),
                         max(0, int(box.x0 - pad)):int(np.ceil(box.x1 + pad))]
            read = stripped(recognise([crop])[0][0])
            if len(read) > len(line.text) and nfkc(line.text) in nfkc(read):  # （ read as ( or so
                out[j] = replace(line, text=read, box=box)
                gone.add(i)
    return [ln for k, ln in enumerate(out) if k not in gone]


#: a dash the detector left out between two pieces of a line (``一道坎`` … ``相当部分``: a thin stroke, grey
#: at 150 dpi, often lighter than ink) is a band of ink, faint ink included (grey below DASH_GREY), at most
#: DASH_THICK of a type size thick, across at least DASH_ACROSS of the gap
DASH_GREY, DASH_THICK, DASH_ACROSS = 200, 0.3, 0.6


def _dash(strip: np.ndarray, size: float) -> bool:
    """Whether the gap between two pieces (``strip``: its pixels) holds a dash's stroke: a thin band of
    ink, faint ink included, across most of it (a vertical rule's stroke is not across it)."""
    faint = (strip.mean(axis=2) if strip.ndim == 3 else strip) < DASH_GREY
    rows = np.flatnonzero(faint.any(axis=1))
    return bool(rows.size) and rows[-1] - rows[0] + 1 <= max(1.0, DASH_THICK * size) \
        and faint.any(axis=0).sum() >= DASH_ACROSS * faint.shape[1]


#: a run of unread ink is looked at as a line when it is this many body sizes high, at most …
UNREAD_HIGH = 6.0
#: … at least this many times as wide as it is high (two characters or more) …
UNREAD_WIDE = 1.5
#: … and its reading is taken when the recogniser is this sure of it, with this many characters at least
UNREAD_SURE, UNREAD_CHARS = 0.9, 2
#: the dots of an ellipsis: at most this high (body sizes), three or more in a row
DOT_HIGH = 0.35
#: runs of unread ink level with each other and at most this many of their heights apart are one line
#: (a deck spaced wide leaves more than a body size between its characters)
UNREAD_GAP = 1.5


def _lines_of(runs: list[Box]) -> list[Box]:
    """Runs of ink put together into lines, left to right: level (sharing 60% of the lower's height),
    of heights within a third of each other, at most :data:`UNREAD_GAP` heights apart."""
    lines: list[Box] = []
    for run in sorted(runs, key=lambda b: b.x0):
        for k, line in enumerate(lines):
            low = min(run.height, line.height)
            if min(run.y1, line.y1) - max(run.y0, line.y0) >= 0.6 * low \
                    and abs(run.height - line.height) <= max(run.height, line.height) / 3 \
                    and run.x0 - line.x1 <= UNREAD_GAP * max(run.height, line.height):
                lines[k] = Box(line.x0, min(line.y0, run.y0), max(line.x1, run.x1), max(line.y1, run.y1))
                break
        else:
            lines.append(run)
    return lines


def unread_lines(lines: list[Line], image: np.ndarray, ink: np.ndarray, body: float,
                 recognise: Recognise) -> list[Line]:
    """Lines the detector did not find (a deck set in light type and spaced wide, an ellipsis on a line of
    its own): ink outside every line found, run together along a line (gaps of up to a body size
    bridged), of a line's proportions, read by the recogniser — or, when it is a row of dots at most
    :data:`DOT_HIGH` high, taken as ``……`` (the newspaper's ellipsis, which the recogniser reads as
    nothing).  Taken only where the recogniser is sure of two characters or more."""
    from scipy import ndimage

    if not body:
        return []
    free = ink.copy()
    for ln in lines:
        pad = 0.3 * ln.size
        free[max(0, int(ln.box.y0 - pad)):int(np.ceil(ln.box.y1 + pad)),
             max(0, int(ln.box.x0 - pad)):int(np.ceil(ln.box.x1 + pad))] = False
    if not free.any():
        return []
    bridged = ndimage.binary_closing(free, structure=np.ones((1, max(1, int(body))), dtype=bool))
    labels, _ = ndimage.label(bridged | free)
    found, runs = [], []
    for k, where in enumerate(ndimage.find_objects(labels), start=1):
        if where is None:
            continue
        ys, xs = where
        high, wide = ys.stop - ys.start, xs.stop - xs.start
        box = Box(xs.start, ys.start, xs.stop, ys.stop)
        if high <= DOT_HIGH * body:
            dots, n = ndimage.label(free[where] & (labels[where] == k))
            sizes = [(s[0].stop - s[0].start, s[1].stop - s[1].start) for s in ndimage.find_objects(dots)]
            if n >= 3 and wide >= body and all(h <= DOT_HIGH * body and w <= DOT_HIGH * body for h, w in sizes):
                found.append(Line("……", box, body, False))
        elif high <= UNREAD_HIGH * body and wide >= 0.3 * high:
            runs.append(box)
    for box in _lines_of(runs):
        if box.width < UNREAD_WIDE * box.height:
            continue
        pad = PAD * box.height
        crop = image[max(0, int(box.y0 - pad)):int(box.y1 + pad), max(0, int(box.x0 - pad)):int(box.x1 + pad)]
        text, sure = recognise([crop])[0]
        text = stripped(text)
        if sure >= UNREAD_SURE and len(text) >= UNREAD_CHARS:
            found.append(Line(text, box, float(box.height), False))
    return found


#: white inside a line this many times its ink height wide is a column gutter: the detector ran the
#: lines of two columns (or three) together where they stand level across a narrow gutter (dev pages:
#: gaps inside a line, quotes and all, at most 1.8 ink heights; gutters 2.2 and more)
GUTTER = 2.0


def ink_run(profile: np.ndarray) -> tuple[int, int] | None:
    """The run of inked rows (gaps of up to 2 rows bridged) holding the most ink: [start, end)."""
    rows = np.flatnonzero(profile)
    if rows.size == 0:
        return None
    breaks = np.flatnonzero(np.diff(rows) > 3)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [rows.size - 1]))
    best = max(range(len(starts)), key=lambda k: profile[rows[starts[k]]:rows[ends[k]] + 1].sum())
    return int(rows[starts[best]]), int(rows[ends[best]]) + 1


def _run_height(inked: np.ndarray) -> int:
    """The height of the band of rows holding most of the ink (rows inked a tenth as much as the most, as
    a line's ink height is measured in :func:`split_at_gutters`)."""
    rows = inked.sum(axis=1)
    run = ink_run(rows * (rows >= 0.1 * rows.max())) if rows.size and rows.max() else None
    return run[1] - run[0] if run else 0


def split_at_gutters(lines: list[Line], image: np.ndarray, ink: np.ndarray, recognise: Recognise) -> list[Line]:
    """Lines as the detector gave them (boxes in pixels), each one that runs across a column gutter —
    white :data:`GUTTER` ink heights wide or wider inside it — cut there into its pieces, and each piece
    read again by the recogniser (pieces read as nothing are dropped, and so are slivers of the next
    column's glyphs)."""
    out = []
    for ln in lines:
        x0, y0 = max(0, int(ln.box.x0)), max(0, int(ln.box.y0))
        x1, y1 = min(ink.shape[1], int(np.ceil(ln.box.x1))), min(ink.shape[0], int(np.ceil(ln.box.y1)))
        inked = ink[y0:y1, x0:x1]
        if inked.size == 0:
            out.append(ln)
            continue
        rows = inked.sum(axis=1)
        high = int((rows >= 0.1 * rows.max()).sum()) if rows.max() else 0
        cols = np.flatnonzero(inked.any(axis=0))
        if high == 0 or cols.size < 2:
            out.append(ln)
            continue
        # a row of dots inks a line's foot only: measure it by its box, not by its ink; and measure a gap by
        # the glyphs beside it as well, the band of rows holding most of their ink (a slanted box holds a
        # line of the next column a line lower, or the feet of the line above: its ink is taller than a line)
        near, own = int(2 * ln.size), max(high, 0.5 * (y1 - y0))

        def beside(k: int) -> float:  # the ink height of the glyphs either side of gap k, half a size at least
            return max(_run_height(inked[:, max(0, cols[k] + 1 - near):cols[k] + 1]),
                       _run_height(inked[:, cols[k + 1]:cols[k + 1] + near]), 0.5 * ln.size)

        gaps = np.diff(cols) - 1
        cuts = [k for k in np.flatnonzero(gaps >= GUTTER * 0.5 * ln.size) if gaps[k] >= GUTTER * min(own, beside(k))]
        if not cuts:
            out.append(ln)
            continue
        starts = [cols[0]] + [cols[k + 1] for k in cuts]
        ends = [cols[k] for k in cuts] + [cols[-1]]
        # a sliver narrower than half a character is the edge of a glyph of the next column, caught in
        # the detector's padded box
        pieces = [(a, b) for a, b in zip(starts, ends) if b + 1 - a >= 0.5 * high]
        pad = int(PAD * high)
        if len(pieces) <= 1:  # the line itself, as read, beside a sliver
            out.extend(replace(ln, box=Box(float(x0 + a - pad), ln.box.y0, float(x0 + b + 1 + pad), ln.box.y1))
                       for a, b in pieces)
            continue
        starts, ends = [a for a, _ in pieces], [b for _, b in pieces]
        crops = [image[y0:y1, max(0, x0 + a - pad):x0 + b + 1 + pad] for a, b in zip(starts, ends)]
        for (a, b), (text, _) in zip(zip(starts, ends), recognise(crops)):
            text = stripped(text)
            if text:
                out.append(Line(text, Box(x0 + a - pad, ln.box.y0, x0 + b + 1 + pad, ln.box.y1), ln.size, ln.bold))
    return out
