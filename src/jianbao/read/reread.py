"""A second look where the OCR detector went wrong.

rapidocr's detector runs the lines of two or three columns together where they stand level across a
narrow gutter: :func:`split_at_gutters` cuts such a line at the white of the gutter and has the
recogniser read each piece again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from jianbao.model import Box
from jianbao.read.pdf import Line
from jianbao.read.proof import stripped

#: the strip read again: a piece's ink padded by this share of the type size
PAD = 0.15

Recognise = Callable[[list[np.ndarray]], Sequence[tuple[str, float]]]


#: white inside a line this many times its ink height wide is a column gutter: the detector ran the
#: lines of two columns (or three) together where they stand level across a narrow gutter (dev pages:
#: gaps inside a line, quotes and all, at most 1.8 ink heights; gutters 2.2 and more)
GUTTER = 2.0


def split_at_gutters(lines: list[Line], image: np.ndarray, ink: np.ndarray, recognise: Recognise) -> list[Line]:
    """Lines as the detector gave them (boxes in pixels), each one that runs across a column gutter —
    white :data:`GUTTER` ink heights wide or wider inside it — cut there into its pieces, and each piece
    read again by the recogniser (pieces read as nothing are dropped)."""
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
        # a row of dots inks a line's foot only: measure it by its box, not by its ink
        cuts = [k for k in np.flatnonzero(np.diff(cols) - 1 >= GUTTER * max(high, 0.5 * (y1 - y0)))]
        if not cuts:
            out.append(ln)
            continue
        starts = [cols[0]] + [cols[k + 1] for k in cuts]
        ends = [cols[k] for k in cuts] + [cols[-1]]
        pad = int(PAD * high)
        crops = [image[y0:y1, max(0, x0 + a - pad):x0 + b + 1 + pad] for a, b in zip(starts, ends)]
        for (a, b), (text, _) in zip(zip(starts, ends), recognise(crops)):
            text = stripped(text)
            if text:
                out.append(Line(text, Box(float(x0 + a - pad), ln.box.y0, float(x0 + b + 1 + pad), ln.box.y1), ln.size,
                                ln.bold))
    return out
