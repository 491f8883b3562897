"""Read scanned pages with OCR (rapidocr; its ONNX models ship inside the wheel, nothing is fetched).

OCR gives text lines with boxes; lines are stacked into column blocks (one above the other, overlapping
horizontally, same type size), split where a paragraph starts, and put in reading order — then the page
goes through the same stages as any other.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from jianbao.errors import ConfigError, InputError
from jianbao.model import Block, Box, Page, Rule, typical_size
from jianbao.read.pdf import Line, blocks_in_order
from jianbao.read.reread import ink_run, reread_gaps, reread_strays, split_at_gutters, unread_lines
from jianbao.read.proof import (Decoder, joined, proofread, settle_dashes, settle_ellipses, settle_quotes,
                                settle_zeros, stripped)

MAX_PIXELS = 120_000_000  # a 600 dpi broadsheet is ~90 MP
SCAN_DPI = 150
#: pixels: rapidocr shrinks an image whose long side is longer than its default 2000 before it finds the
#: lines and crops them for the recogniser from the shrunk image — on a 150 dpi page (2776 pixels) to 72%,
#: where body type is ~15 pixels high.  Read such pages as they are; shrink only larger scans, to this side
OCR_MAX_SIDE = 4000


@functools.lru_cache(maxsize=1)
def _engine():  # type: ignore[no-untyped-def]
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:  # pragma: no cover - declared dependency
        raise ConfigError("OCR needs rapidocr-onnxruntime: pip install rapidocr-onnxruntime") from None
    engine = RapidOCR(max_side_len=OCR_MAX_SIDE)
    rec = getattr(engine, "text_rec", None)
    if rec is None or not hasattr(rec, "postprocess_op"):  # pragma: no cover - rapidocr's layout changed
        raise ConfigError("this rapidocr has no text_rec.postprocess_op to proofread with: "
                          "jianbao was made with rapidocr-onnxruntime 1.4")
    rec.postprocess_op = Decoder(rec.postprocess_op.character)
    return engine


#: the OCR engine's answers by the pixels they were asked about, while :func:`ocr_memo` holds a file
_memo: dict[str, object] | None = None


def _asked(kind: str, *arrays: np.ndarray) -> str:
    h = hashlib.sha256(kind.encode())
    for a in arrays:
        h.update(repr((a.shape, a.dtype.str)).encode())
        h.update(np.ascontiguousarray(a).data)
    return h.hexdigest()


def _remembered(kind: str, arrays: tuple[np.ndarray, ...], ask):  # type: ignore[no-untyped-def]
    """The engine's answer ``ask()`` about ``arrays``: from :func:`ocr_memo`'s file when it holds one (the
    pixels are hashed only then)."""
    if _memo is None:
        return ask()
    key = _asked(kind, *arrays)
    if key not in _memo:
        _memo[key] = ask()
    return _memo[key]


def _detect(image: np.ndarray):  # type: ignore[no-untyped-def]
    """The engine's lines (``(quad, text, score)``) on a whole image."""
    return _remembered("detect", (image,), lambda: _engine()(image)[0])


def _recognise(crops: list[np.ndarray]) -> list:  # type: ignore[type-arg]
    """The recogniser's readings (``(text, score)``) of line crops."""
    return _remembered("recognise", tuple(crops), lambda: _engine().text_rec(crops)[0])


@contextlib.contextmanager
def ocr_memo(path: Path) -> Iterator[None]:
    """A development aid (the scan bench's ``--ocr-cache``): within the block, the OCR engine's answers
    are kept in the pickle ``path`` (one file per rendered page, named by the caller) and read back from
    it on the next run, so a page whose pixels are unchanged is not read again — what follows the
    engine (ink boxes, stacking, the stages) runs as ever.  Only for files this program wrote."""
    global _memo
    memo = pickle.loads(path.read_bytes()) if path.exists() else {}
    known = len(memo)
    _memo = memo
    try:
        yield
    finally:
        _memo = None
    if len(memo) != known:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)


def ocr_lines(image: np.ndarray, scale: float = 1.0) -> list[Line]:
    """Text lines found in an RGB image; boxes in page units (pixels × ``scale``), shrunk to the ink."""
    return lines_from_ocr(_detect(image), image, scale)


def lines_from_ocr(result, image: np.ndarray, scale: float = 1.0) -> list[Line]:  # type: ignore[no-untyped-def]
    """:func:`ocr_lines` from what the OCR engine returned (``(quad, text, score)`` for each line)."""
    grey = greyscale(image)  # once for the ink boxes and the weights
    lines = []
    for quad, text, _score in result or []:
        text = stripped(text)
        if not text:
            continue
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        box = Box(min(xs), min(ys), max(xs), max(ys))
        # the quad's own height (its sides'), not its box's: a slanted quad's box is taller than its line
        high = (float(np.hypot(*np.subtract(quad[3], quad[0]))) + float(np.hypot(*np.subtract(quad[2], quad[1])))) / 2
        lines.append(Line(text, box, min(box.height, high), False))
    ink = grey < INK
    lines = split_at_gutters(lines, image, ink, _recognise)
    lines = reread_strays(reread_gaps(ink_boxes(lines, grey), image, ink, _recognise), image, _recognise)
    body = typical_size((ln.size, len(ln.text)) for ln in lines)
    lines += unread_lines(lines, image, ink, body or 0.0, _recognise)  # ink boxes already
    lines = stroke_ends(lines, grey)
    return [Line(ln.text, Box(ln.box.x0 * scale, ln.box.y0 * scale, ln.box.x1 * scale, ln.box.y1 * scale),
                 ln.size * scale, ln.bold) for ln in bold_lines(lines, grey)]


INK = 140  # grey level below which a pixel is ink


def _run(flags: np.ndarray) -> int:
    """How many of ``flags`` are True from the first on."""
    off = np.flatnonzero(~flags)
    return int(off[0]) if off.size else len(flags)


def greyscale(image: np.ndarray) -> np.ndarray:
    """An RGB image's grey levels (a grey image as it is)."""
    return image.mean(axis=2) if image.ndim == 3 else image


#: grey level below which a pixel is faint ink: a thin horizontal stroke at 150 dpi (一, the dash, 、) is
#: grey, not black, and lighter than :data:`INK`
FAINT = 200
#: how far a line's ends are followed through faint ink beyond its dark ink: gaps and reach, in ink heights
FAINT_GAP, FAINT_REACH = 0.4, 1.2


def _faint_ends(faint: np.ndarray, left: int, right: int, height: int) -> tuple[int, int]:
    """A line's first and last inked column: from its dark ink outwards through faint ink, across gaps of
    at most :data:`FAINT_GAP` and no further than :data:`FAINT_REACH` ink heights.  A line that starts
    with 一 otherwise seems to start a character in, which reads as an indent (a new paragraph)."""
    cols = faint.any(axis=0)
    gap, reach = max(1, int(FAINT_GAP * height)), int(FAINT_REACH * height)
    lo = left
    for c in range(left - 1, max(-1, left - reach - 1), -1):
        if cols[c]:
            lo = c
        elif lo - c > gap:
            break
    hi = right
    for c in range(right + 1, min(len(cols), right + reach + 1)):
        if cols[c]:
            hi = c
        elif c - hi > gap:
            break
    return lo, hi


#: a line's ends are followed beyond its OCR box along thin strokes: inked rows at most this share of the
#: ink height, no further than this many ink heights, and only when they run this far at least (counting
#: the stroke's part inside the box: a box ending inside a kicker's dash, 0.4 ink heights before its end)
STROKE, STROKE_REACH, STROKE_LEAST = 0.25, 2.5, 0.5


def stroke_ends(lines: list[Line], grey: np.ndarray) -> list[Line]:
    """The detector may leave out a line's first or last strokes (———中国 found from its second stroke on,
    a line ending in a dash cut short), which its ink box (:func:`ink_boxes`, within the OCR box) cannot
    bring back: each line's ends are followed outwards through thin strokes (a dash's, faint ink
    included), across gaps of at most :data:`FAINT_GAP` and no further than :data:`STROKE_REACH` ink
    heights — never into a glyph, a rule or a picture (ink that is not a thin stroke), nor into another
    line level with it (run after the pieces of a line are read again across the dash between them)."""
    out = []
    for ln in lines:
        h = ln.box.height
        y0, y1 = max(0, int(ln.box.y0)), min(grey.shape[0], int(np.ceil(ln.box.y1)))
        x0, x1 = int(ln.box.x0), int(np.ceil(ln.box.x1))
        if h < 1 or y1 <= y0:
            out.append(ln)
            continue
        level = [o.box for o in lines if o is not ln and min(o.box.y1, ln.box.y1) - max(o.box.y0, ln.box.y0) > 0]
        lo_end = max([int(np.ceil(b.x1)) for b in level if b.x1 <= ln.box.x0] + [0, x0 - int(STROKE_REACH * h)])
        hi_end = min([int(b.x0) for b in level if b.x0 >= ln.box.x1] + [grey.shape[1], x1 + int(STROKE_REACH * h)])
        rows = (grey[y0:y1, lo_end:hi_end] < FAINT).sum(axis=0)
        thin = (rows > 0) & (rows <= max(1.0, STROKE * h))
        gap = max(1, int(FAINT_GAP * h))
        lo = x0
        for c in range(x0 - 1, lo_end - 1, -1):
            if thin[c - lo_end]:
                lo = c
            elif rows[c - lo_end] or lo - c > gap:
                break
        hi = x1 - 1
        for c in range(x1, hi_end):
            if thin[c - lo_end]:
                hi = c
            elif rows[c - lo_end] or c - hi > gap:
                break
        # a stroke, not the faint edge of the glyph at the box's end: measured whole, with the part of it
        # inside the box (the detector's box may end inside a dash)
        inner = (grey[y0:y1, x0:x1] < FAINT).sum(axis=0)
        inner = (inner > 0) & (inner <= max(1.0, STROKE * h))
        lo = lo if x0 - lo + _run(inner) >= STROKE_LEAST * h else x0
        hi = hi if hi + 1 - x1 + _run(inner[::-1]) >= STROKE_LEAST * h else x1 - 1
        out.append(ln if (lo, hi + 1) == (x0, x1) else replace(ln, box=Box(lo, ln.box.y0, hi + 1, ln.box.y1)))
    return out


#: a band of dark ink lower than this share of its OCR box, in a line of characters, is a mark's (the
#: glyphs beside it being light): the band is then taken in faint ink as well
LOW_BAND = 0.4


def ink_boxes(lines: list[Line], image: np.ndarray) -> list[Line]:
    """OCR boxes are padded, by an amount that varies from line to line, so their height says little
    about the type size.  Shrink each box to the ink it holds (the band of inked rows with most ink,
    which leaves out the tops of the next line's glyphs) and take the ink's height as the line's size:
    a deck and a body line then differ as their type does."""
    grey = greyscale(image)
    out = []
    for ln in lines:
        x0, y0 = max(0, int(ln.box.x0)), max(0, int(ln.box.y0))
        x1, y1 = min(grey.shape[1], int(np.ceil(ln.box.x1))), min(grey.shape[0], int(np.ceil(ln.box.y1)))
        ink = grey[y0:y1, x0:x1] < INK if y1 > y0 and x1 > x0 else np.zeros((0, 0), bool)
        band = ink_run(ink.sum(axis=1)) if ink.size else None
        if band is not None and band[1] - band[0] < LOW_BAND * (y1 - y0) and not is_marks(ln):
            # a short line of light glyphs (了”。) whose darkest ink is a mark's: band the faint ink too
            ink = grey[y0:y1, x0:x1] < FAINT
            band = ink_run(ink.sum(axis=1))
        if band is None:
            out.append(ln)
            continue
        cols = np.flatnonzero(ink[band[0]:band[1]].any(axis=0))
        left, right = _faint_ends(grey[y0 + band[0]:y0 + band[1], x0:x1] < FAINT, int(cols[0]), int(cols[-1]),
                                  band[1] - band[0])
        box = Box(x0 + left, y0 + band[0], x0 + right + 1, y0 + band[1])
        out.append(Line(ln.text, box, box.height, False))
    return out


#: a line inked this many times as densely as the page's body lines is set bold (a section heading in 黑体:
#: 2–3 times on the dev pages' scans; body lines of three characters or more at most 1.6 times)
BOLD_DENSITY = 1.65


def bold_lines(lines: list[Line], image: np.ndarray) -> list[Line]:
    """OCR gives no font: mark bold the lines whose ink (mean darkness over their ink box) is
    :data:`BOLD_DENSITY` times the median of the body lines' (body-sized lines of six characters or more),
    as a PDF's font names tell its bold lines — so a section heading set in bold body type is told from the
    paragraph or byline under it, as in a PDF."""
    grey = greyscale(image)

    def density(box: Box) -> float:
        sub = grey[int(box.y0):int(np.ceil(box.y1)), int(box.x0):int(np.ceil(box.x1))]
        return float(1.0 - sub.mean() / 255.0) if sub.size else 0.0

    dens = [density(ln.box) for ln in lines]
    body = typical_size((ln.size, len(ln.text)) for ln in lines)
    plain = [d for ln, d in zip(lines, dens)
             if body and len(ln.text) >= 6 and body / SIZE_TOLERANCE < ln.size < SIZE_TOLERANCE * body]
    if not plain:
        return lines
    ref = float(np.median(plain))
    return [replace(ln, bold=len(ln.text) >= 2 and d >= BOLD_DENSITY * ref) for ln, d in zip(lines, dens)]


#: full-width punctuation inks one side of its em: closing marks the left half, opening marks the right
CLOSING_MARKS = "，。、；：！？”’）》〉」』】〕"
OPENING_MARKS = "“‘（《〈「『【〔"
#: the blank share of such a mark's em
MARK_BLANK = 0.5


def join_fragments(lines: list[Line]) -> list[Line]:
    """OCR sometimes cuts one printed line in two (at a wide justified gap, a dropped character, or
    between ``：`` and ``“``, whose ink leaves an em and more of white between them): pieces level with
    each other and less than ~an em apart, ink to ink, once the blank halves of full-width punctuation at
    the cut are taken off, are one line, read left to right.  Column gutters are wider (≥ 1.7 em on the
    pages we read), so lines of two columns stay apart."""
    out: list[Line] = []
    marked: list[bool] = []  # is_marks of each line of out
    for ln in sorted(lines, key=lambda l: (l.box.x0, l.box.y0)):
        marks = is_marks(ln)
        for k, prev in enumerate(out):
            line = None  # the line a piece of marks belongs to
            if marks or marked[k]:
                line = _marks_piece(prev, ln) or _marks_piece(ln, prev)
            size = max(1.0, min(prev.size, ln.size)) if line is None else line.size
            level = min(prev.box.y1, ln.box.y1) - max(prev.box.y0, ln.box.y0) >= 0.6 * size
            blank = MARK_BLANK * size * ((prev.text[-1:] in CLOSING_MARKS and prev.text[-1:] != "")
                                         + (ln.text[:1] in OPENING_MARKS and ln.text[:1] != ""))
            gap = ln.box.x0 - prev.box.x1
            same = abs(prev.size - ln.size) <= 0.3 * size
            if (level or line) and -0.5 * size <= gap <= 1.2 * size + blank and (same or line):
                if line is not None:  # the line's own height and weight; the marks have none to tell
                    box = Box(prev.box.x0, line.box.y0, max(prev.box.x1, ln.box.x1), line.box.y1)
                    texts = [_whole_dash(p, line.size) for p in (prev, ln)]
                    out[k] = Line(joined(*texts), box, line.size, line.bold)
                else:
                    box = Box(prev.box.x0, min(prev.box.y0, ln.box.y0), max(prev.box.x1, ln.box.x1),
                              max(prev.box.y1, ln.box.y1))
                    out[k] = Line(joined(prev.text, ln.text), box, max(prev.size, ln.size), prev.bold and ln.bold)
                marked[k] = is_marks(out[k])
                break
        else:
            out.append(ln)
            marked.append(marks)
    return out


#: strokes that ink one thin horizontal band
DASHES = frozenset("一—－-‐")


def is_marks(line: Line) -> bool:
    """A piece of a line made of dashes and punctuation marks alone (the detector found a kicker's ``——``
    or a headline's opening ``“`` apart from its line): its ink box is no higher than a stroke or a
    mark, which tells nothing of the type's size."""
    return bool(line.text) and all(ch in DASHES or ch in OPENING_MARKS or ch in CLOSING_MARKS for ch in line.text)


def _marks_piece(marks: Line, other: Line) -> Line | None:
    """``other`` when ``marks`` is a piece of marks (:func:`is_marks`) whose ink's middle lies within the
    height of ``other`` (a line of text, not more marks): the marks are then measured by that line."""
    if not is_marks(marks) or is_marks(other):
        return None
    middle = (marks.box.y0 + marks.box.y1) / 2
    return other if other.box.y0 <= middle <= other.box.y1 else None


def _whole_dash(piece: Line, size: float) -> str:
    """A dash piece read as one stroke (``一``) whose ink runs two ems or nearly is a whole dash (``——``)."""
    return "——" if len(piece.text) == 1 and piece.text in DASHES and piece.box.width >= 1.5 * size else piece.text


def stack_lines(lines: list[Line]) -> list[list[Line]]:
    """Stack lines into column blocks: each line joins the block whose last line sits just above it (a
    line of marks alone, which has no height to compare, at that line's size: a kicker's dash wrapped)."""
    blocks: list[list[Line]] = []
    for ln in sorted(lines, key=lambda l: (l.box.y0, l.box.x0)):
        home = None
        for blk in blocks:
            last = blk[-1]
            gap = ln.box.y0 - last.box.y1
            overlap = ln.box.shared_width(last.box)
            same_size = abs(ln.size - last.size) <= 0.3 * last.size or is_marks(ln)  # marks have no height
            if -0.3 * last.size <= gap <= 0.8 * last.size and same_size and \
                    (overlap >= 0.5 * min(ln.box.width, last.box.width) or wraps(last, ln)):
                home = blk
                break
        if home is None:
            blocks.append([ln])
        else:
            home.append(ln if not is_marks(ln) else replace(ln, size=home[-1].size, bold=home[-1].bold))
    return blocks


#: pairs of brackets, opening and closing
BRACKET_PAIRS = {"（": "）", "(": ")", "《": "》", "〈": "〉", "【": "】", "〔": "〕", "「": "」", "『": "』"}


def wraps(last: Line, line: Line) -> bool:
    """Whether ``line`` is the line after ``last`` in one paragraph, however little their boxes overlap:
    ``last`` is a first line set indented, ``line`` a short wrapped line at the column's edge — it starts
    left of ``last``, at most :data:`INDENT_LEFT` ems left of where ``last``'s em starts (an opening mark
    inks only the right half of its em), and ends left of where ``last`` ends.  A paragraph's indented
    first line and its last (``【人物】“扶贫书记”`` … ``文花枝``), an author note set indented and its
    wrapped end (``（作者为复旦大学中国研究院副院`` … ``长）``)."""
    start = last.box.x0 - (MARK_BLANK * last.size if last.text[:1] in OPENING_MARKS else 0.0)
    return line.box.x0 < last.box.x0 and start - INDENT_LEFT * last.size <= line.box.x0 \
        and line.box.x1 <= last.box.x1


#: ems: how far left of a line the line wrapping it may start (an indent of two ems and a half, and more)
INDENT_LEFT = 3.0


#: a gap between two body lines of a column block wider than this many times the page's usual gap between
#: body lines, and by this share of the body's size at least, is a space set between two pieces (a photo's
#: caption and its credit, paragraphs set apart), not the line pitch (dev: the widest gap inside one
#: paragraph 1.57 times the usual, 0.22 body sizes more; between pieces 1.6 times and more)
SPACED, SPACED_EXTRA = 1.5, 0.25


def split_at_spacing(stacks: list[list[Line]]) -> list[list[Line]]:
    """Column blocks cut where two body lines stand further apart than the page's line pitch allows
    (:data:`SPACED`): a PDF's text layer keeps such pieces apart, :func:`stack_lines` takes any gap up to
    0.8 of the type size, which at a loosely leaded page's pitch is a space between pieces."""
    body = typical_size((ln.size, len(ln.text)) for stack in stacks for ln in stack)
    if not body:
        return stacks

    def plain(ln: Line) -> bool:
        return abs(ln.size - body) <= 0.05 * body and not is_marks(ln)

    gaps = [b.box.y0 - a.box.y1 for stack in stacks for a, b in zip(stack, stack[1:]) if plain(a) and plain(b)]
    if not gaps:
        return stacks
    usual = float(np.median(gaps))
    wide = max(SPACED * usual, usual + SPACED_EXTRA * body)
    out = []
    for stack in stacks:
        out.append([stack[0]])
        for a, b in zip(stack, stack[1:]):
            if plain(a) and plain(b) and b.box.y0 - a.box.y1 > wide:
                out.append([b])
            else:
                out[-1].append(b)
    return out


#: an OCR'd line's ink height tells its type size only roughly (a bold face inks taller): a line counts as
#: set in another size than the body's only when it is this much larger or smaller
SIZE_TOLERANCE = 1.25
#: a plain line without brackets inks as its type does (dev: body lines' ink heights within ±2.5%): it
#: counts as larger than the body from this much on (a deck 1.19 times the body's size, dev 20200121-15)
PLAIN_TOLERANCE = 1.1


#: a line without ideographs (figures, Latin, marks: 14.9%。 ending a paragraph) inks lower than its type —
#: figures' ink is ~0.75 of an ideograph's: it counts as smaller than the body only below this share of it
NARROW_INK = 0.65


def has_ideographs(text: str) -> bool:
    """Whether the text holds a wide letter (an ideograph, kana), whose ink fills the em's height."""
    return any(unicodedata.east_asian_width(ch) == "W" and unicodedata.category(ch) == "Lo" for ch in text)


def settle_sizes(lines: list[Line]) -> list[Line]:
    """Lines within :data:`SIZE_TOLERANCE` of the body's ink height are given the body's size, so that the
    stages, which read type size as PDF glyphs give it, see display type only where it is plain — or
    where the line's characters stand further apart than the body's (:func:`pitch_larger`)."""
    body = typical_size((ln.size, len(ln.text)) for ln in lines)
    if body is None:
        return lines
    body_pitch = _body_pitch(lines, body)
    kept = set()  # lines that keep their ink height: set in another size than the body's
    for k, ln in enumerate(lines):
        wide = SIZE_TOLERANCE if ln.bold or any(ch in BRACKETS for ch in ln.text) else PLAIN_TOLERANCE
        least = body / SIZE_TOLERANCE if has_ideographs(ln.text) else NARROW_INK * body
        if not least < ln.size < wide * body and not (ln.size <= least and short_body(ln, body_pitch)):
            kept.add(k)
    kept |= _title_fellows(lines, kept)
    out = []
    for k, ln in enumerate(lines):
        if k in kept:
            out.append(ln)
            continue
        larger = pitch_larger(ln, lines, body, body_pitch)
        out.append(Line(ln.text, ln.box, larger or body, ln.bold))
    return out


#: a line of at most this many characters inks as its glyphs do, not as its type: 口。” inks 0.75 of the
#: body's height; it is body type when its characters stand at least this share of the body's pitch apart
SHORT_CHARS, SHORT_PITCH = 3, 0.9


def short_body(line: Line, body_pitch: float | None) -> bool:
    """Whether a short line (at most :data:`SHORT_CHARS` wide characters, two at least) that inks lower
    than the body is set in body type all the same, its ems as wide as the body's: a paragraph's last
    line of a low glyph and marks (``口。”``), which would otherwise be cut from its paragraph as small type."""
    text = line.text[:1].replace('"', "“") + line.text[1:-1] + line.text[-1:].replace('"', "”")  # as settle_quotes
    if not body_pitch or not 2 <= len(text) <= SHORT_CHARS or \
            not all(unicodedata.east_asian_width(ch) in "WFA" for ch in text):
        return False
    ems = len(text) - BEARING - MARK_BLANK * ((text[0] in OPENING_MARKS) + (text[-1] in CLOSING_MARKS))
    return line.box.width / ems >= SHORT_PITCH * body_pitch


def _title_fellows(lines: list[Line], kept: set[int]) -> set[int]:
    """The lines one of the ``kept`` lines (set in another size than the body's) has above or below it in
    its column, of its weight and its ink height within :data:`DISPLAY_SAME` (a bracket's more): lines of
    one title, which keep their ink height with it however near the body's it is (a bold block's first
    line inked 1.22 times the body's height, those under it 1.28–1.33), and so on down the column."""
    found: set[int] = set()
    todo = list(kept)
    while todo:
        a = lines[todo.pop()]
        for k, b in enumerate(lines):
            if k in kept or k in found or a.bold != b.bold or is_marks(b) or is_marks(a):
                continue
            gap = max(b.box.y0 - a.box.y1, a.box.y0 - b.box.y1)
            if not -0.3 * a.size <= gap <= 0.8 * a.size or \
                    a.box.shared_width(b.box) < 0.5 * min(a.box.width, b.box.width):
                continue
            if abs(a.size - b.size) <= _tolerance(a, b) * max(a.size, b.size):
                found.add(k)
                todo.append(k)
    return found


#: CJK type is set on a square em: a line of wide characters alone (ideographs, full-width marks, at least
#: :data:`PITCH_CHARS`) is as wide as its ems, less the side bearings (:data:`BEARING` of an em) and the
#: blank half of a mark at either end — so its width tells its type size better than its ink height, which
#: OCR gives in whole pixels (±7% at body size) and a bold face inks taller
PITCH_CHARS = 4
BEARING = 0.1
#: a line whose ems are this much wider than the body's and whose ink is this much taller is set larger than
#: the body, whatever its weight (dev, 25 pages: 25 of 25 lines set 1.14–1.33 times the body's size found,
#: one body line taken; a kicker 1.15 times the body's size in bold inks 1.13–1.2 times taller)
PITCH_LARGER, PITCH_INK = 1.1, 1.04
#: larger type inks taller as well as wider: a line counts as set larger by its ems only where its ink has
#: grown by this share of what its ems have at least (letter-spaced body type — two names set apart in a
#: byline, 刘新吾 王 嫚: ems 1.4 times the body's, ink 1.05 — spreads without growing; a deck's ems 1.15
#: times the body's, ink 1.06)
PITCH_AGREE = 0.3


def line_ems(text: str) -> float | None:
    """The ems a line of wide characters alone spans from its first ink to its last (None for a line with
    narrow characters, whose widths vary, or too short to tell).  A run of dash strokes at either end counts
    two ems: the recogniser reads a kicker's ``——`` as one ``一`` as often as not, and a line that ends in
    the numeral is then taken as narrower than it is, never as wider."""
    core = text.strip("".join(DASHES))  # the dash read as narrow strokes (——  as —-) is a dash all the same
    if len(text) < PITCH_CHARS or not core or not all(unicodedata.east_asian_width(ch) in "WFA" for ch in core):
        return None
    # a dash at either end (a kicker's ——) spans two ems, however many strokes it was read as (北京经开区一)
    dashes = 2.0 * ((core[0] != text[0]) + (core[-1] != text[-1]))
    return len(core) + dashes - BEARING - MARK_BLANK * ((core[0] in OPENING_MARKS) + (core[-1] in CLOSING_MARKS))


def _body_pitch(lines: list[Line], body: float) -> float | None:
    """The median width of an em on the page's body lines (those of six characters or more)."""
    pitches = [ln.box.width / ems for ln in lines
               if len(ln.text) >= 6 and abs(ln.size - body) <= 0.1 * body and (ems := line_ems(ln.text))]
    return float(np.median(pitches)) if pitches else None


def pitch_larger(line: Line, lines: list[Line], body: float, body_pitch: float | None) -> float | None:
    """The type size of a line whose ems are :data:`PITCH_LARGER` times the body's and whose ink is
    :data:`PITCH_INK` times as tall (a deck or a kicker a little larger than the body), and taller by
    :data:`PITCH_AGREE` of the ems' growth: the body's size times the ratio of the ems.  None for any other
    line, and for a line as wide as a line just above or below it (a justified body line spaced out to its
    column's width, or one whose characters OCR lost)."""
    ems = line_ems(line.text)
    if not ems or not body_pitch or line.size < PITCH_INK * body:
        return None
    ratio = line.box.width / ems / body_pitch
    if ratio < PITCH_LARGER or line.size < (1 + PITCH_AGREE * (ratio - 1)) * body:
        return None
    box = line.box
    for other in lines:
        if other is line or abs(other.box.x0 - box.x0) > 0.5 * body or abs(other.box.x1 - box.x1) > 0.5 * body:
            continue
        if 0 <= other.box.y0 - box.y1 <= body or 0 <= box.y0 - other.box.y1 <= body:
            return None
    return ratio * body


def blocks_from_lines(lines: list[Line], page_no: int, rules: list[Rule] | None = None) -> list[Block]:
    stacks = [proofread_stack(settle_display(follow_weight(stack)))
              for stack in split_at_spacing(stack_lines(join_fragments(settle_sizes(lines))))]
    # the edges (an indented first line, a short last one) are measured as in a PDF: the ink boxes follow
    # faint strokes and full-width punctuation no longer cuts lines in two, so an indent is an indent
    return blocks_in_order([narrow_starts([em_box(ln) for ln in stack]) for stack in stacks], page_no, rules or (),
                           edges=True)


#: a narrow character (a figure, a Latin letter) is set in a wide one's em or its own narrower one, its ink
#: centred or not: a line that opens with one starts its ink up to this share of an em in from where the
#: line starts (a full-width １ ~0.4 of it)
NARROW_BLANK = 0.5


def narrow_starts(stack: list[Line]) -> list[Line]:
    """A line of a column block that opens with a narrow character and whose ink starts at most
    :data:`NARROW_BLANK` of an em right of the block's other lines' left edge starts at that edge: the
    blank is the character's, not an indent (a paragraph carried over to the next column whose first line
    opens with １９９７年 otherwise seems indented by a third of an em, neither flush nor a new paragraph)."""
    if len(stack) < 2:
        return stack
    out = []
    for k, ln in enumerate(stack):
        edge = min(o.box.x0 for j, o in enumerate(stack) if j != k)
        first = ln.text[:1]
        if first and unicodedata.east_asian_width(first) not in "WF" and \
                0 < ln.box.x0 - edge <= NARROW_BLANK * ln.size:
            ln = replace(ln, box=Box(edge, ln.box.y0, ln.box.x1, ln.box.y1))
        out.append(ln)
    return out


#: CJK type inks about 0.85 of its em; a line's em box is its ink box padded by this share of the ink
#: height above and below
EM_PAD = 0.1


def em_box(line: Line) -> Line:
    """An OCR'd line's box hugs its ink, a text layer's lines are the type's em boxes: pad the ink box to
    the em box, so that the gaps the block builder measures (the lines of a title at the line pitch, in
    shares of the type size) mean what they do in a PDF.  Across, a line that opens with an opening mark
    or ends with a closing one is padded by the mark's blank half (:data:`MARK_BLANK`): a full line that
    ends in ``。`` reaches the column's edge, and one that opens with ``“`` starts at it, as in a PDF —
    else the paragraph's last line looks short or its first line indented where it is not."""
    pad = EM_PAD * line.size
    blank = MARK_BLANK * line.size
    left = blank if line.text[:1] in OPENING_MARKS and line.text[:1] else 0.0
    right = blank if line.text[-1:] in CLOSING_MARKS and line.text[-1:] else 0.0
    return replace(line, box=Box(line.box.x0 - left, line.box.y0 - pad, line.box.x1 + right, line.box.y1 + pad))


def follow_weight(stack: list[Line]) -> list[Line]:
    """A line of one character is too short to tell its weight by its ink (:func:`bold_lines`): it takes
    the weight of the line above it in its column block (the last character of a bold heading wrapped
    onto a line of its own)."""
    out: list[Line] = []
    for ln in stack:
        if out and len(ln.text) < 2 and ln.bold != out[-1].bold:
            ln = replace(ln, bold=out[-1].bold)
        out.append(ln)
    return out


#: the lines of one title read ink heights a few per cent apart (a parenthesis or a quote inks taller than a
#: character): neighbouring lines of a column block this close in height and of one weight are one type size
DISPLAY_SAME = 0.1
#: brackets ink above and below the characters: a line that opens or closes with one (（经济透视）, the
#: column's name set on a headline's last line) reads up to this much taller again
BRACKET_TALL = 0.1
BRACKETS = frozenset(BRACKET_PAIRS) | frozenset(BRACKET_PAIRS.values())


#: a title's wrapped end of at most :data:`SHORT_CHARS` characters inks as its few glyphs do, not as its
#: type: under the title's line above (反响 under ——习近平主席在庆祝…引起强烈) it reads up to this much lower
#: again (a short kicker above its headline is not a wrapped end)
SHORT_LOW = 0.1


def _tolerance(a: Line, b: Line) -> float:
    tall = any(ln.text[:1] in BRACKETS or ln.text[-1:] in BRACKETS for ln in (a, b) if ln.text)
    upper, lower = (a, b) if a.box.y0 <= b.box.y0 else (b, a)
    short = len(lower.text) <= SHORT_CHARS and lower.size < upper.size
    return DISPLAY_SAME + (BRACKET_TALL if tall else 0.0) + (SHORT_LOW if short else 0.0)


def settle_display(stack: list[Line]) -> list[Line]:
    """Runs of neighbouring lines in a column block whose heights differ by at most :data:`DISPLAY_SAME`
    (:data:`BRACKET_TALL` more where a bracket stands at either end of one) and whose weight is the same take the run's median height as their size, so that a title set on
    several lines (centred, so each line after the first looks indented) is put back together as in a
    PDF, where its lines share one size exactly.  Body lines already share the body's size
    (:func:`settle_sizes`); a kicker and its headline differ by more."""
    runs: list[list[Line]] = []
    for ln in stack:
        last = runs[-1][-1] if runs else None
        if last is not None and last.bold == ln.bold \
                and abs(last.size - ln.size) <= _tolerance(last, ln) * max(last.size, ln.size):
            runs[-1].append(ln)
        else:
            runs.append([ln])
    out = []
    for run in runs:
        size = float(np.median([ln.size for ln in run]))
        out.extend(replace(ln, size=size) for ln in run)
    return out


def proofread_stack(lines: list[Line]) -> list[Line]:
    """A column block's lines with their doubtful characters settled by the language model and their
    dashes, ellipses and quotes set right (:mod:`jianbao.read.proof`)."""
    texts = settle_dashes(proofread([ln.text for ln in lines]))
    return [replace(ln, text=settle_quotes(settle_ellipses(settle_zeros(text)))) for ln, text in zip(lines, texts)]


#: a printed rule is a run of ink at least this long and at most this thick, in body sizes (the ink height of
#: the page's body lines: the scan's resolution need not be known)
RULE_MIN, RULE_THICK = 3.0, 0.3


def image_rules(image: np.ndarray, lines: list[Line], scale: float, page_no: int) -> list[Rule]:
    """The rules printed on a scanned page: straight horizontal and vertical runs of ink at least
    :data:`RULE_MIN` long and at most :data:`RULE_THICK` thick, outside every text line (a long stroke of a
    large headline's glyph is no rule).  ``scale``: page units per pixel, as for the lines' boxes."""
    if not lines:
        return []
    body = sorted(ln.size for ln in lines)[len(lines) // 2] / scale  # pixels
    grey = greyscale(image)
    ink = grey < INK
    for ln in lines:  # text is not a rule: blank the lines' boxes out
        x0, y0 = max(0, int(ln.box.x0 / scale) - 1), max(0, int(ln.box.y0 / scale) - 1)
        ink[y0:int(np.ceil(ln.box.y1 / scale)) + 1, x0:int(np.ceil(ln.box.x1 / scale)) + 1] = False
    out = []
    for horizontal, mask in ((True, ink), (False, ink.T)):
        for at, lo, hi in _runs(mask, RULE_MIN * body, RULE_THICK * body):
            box = Box(lo * scale, at * scale, hi * scale, at * scale) if horizontal else \
                Box(at * scale, lo * scale, at * scale, hi * scale)
            out.append(Rule(page_no, box))
    return out


def _runs(mask: np.ndarray, least: float, thick: float) -> list[tuple[float, int, int]]:
    """Runs of True along the rows of ``mask`` at least ``least`` long, those on neighbouring rows with the
    same extent merged, kept where the merged band is at most ``thick`` rows: (middle row, start, end)."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    step = np.diff(padded, axis=1)
    starts, ends = np.argwhere(step == 1), np.argwhere(step == -1)
    keep = ends[:, 1] - starts[:, 1] >= least
    bands: list[list[int]] = []  # [first row, last row, start, end]
    for (row, lo), (_, hi) in zip(starts[keep], ends[keep]):
        for band in bands:
            if band[1] == row - 1 and abs(band[2] - lo) <= 2 and abs(band[3] - hi) <= 2:
                band[1] = int(row)
                break
        else:
            bands.append([int(row), int(row), int(lo), int(hi)])
    return [((a + b) / 2, lo, hi) for a, b, lo, hi in bands if b - a + 1 <= max(1.0, thick)]


def ocr_pdf_page(page, page_no: int, rules: list[Rule] | None = None) -> list[Block]:  # type: ignore[no-untyped-def]
    """OCR a PDF page that has no text layer, rendered at 150 dpi; boxes in PDF points (the rules printed on
    it go into ``rules``)."""
    pix = page.get_pixmap(dpi=SCAN_DPI)
    img = np.ascontiguousarray(np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3])
    lines = ocr_lines(img, 72.0 / SCAN_DPI)
    found = image_rules(img, lines, 72.0 / SCAN_DPI, page_no)
    if rules is not None:
        rules.extend(found)
    return blocks_from_lines(lines, page_no, found)


def load_image(path: Path) -> np.ndarray:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                raise InputError(str(path), f"image of {im.width}×{im.height} pixels is too large",
                                 "scan at 300–400 dpi")
            return np.asarray(im.convert("RGB"))
    except FileNotFoundError:
        raise InputError(str(path), "no such file", "check the path") from None
    except Image.DecompressionBombError as exc:
        raise InputError(str(path), f"image is too large ({exc})", "scan at 300–400 dpi") from None
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise InputError(str(path), f"not a readable image ({exc})") from None


def read_image_page(path: Path, date: str | None = None) -> Page:
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a page", "name the page files inside it")
    image = load_image(path)
    lines = ocr_lines(image)
    rules = image_rules(image, lines, 1.0, 1)
    blocks = blocks_from_lines(lines, 1, rules)
    if not blocks:
        raise InputError(str(path), "OCR found no text on the image")
    blocks = [replace(b, id=i) for i, b in enumerate(blocks)]
    return Page(source=path.name, blocks=tuple(blocks), date=date, notes=("read by OCR",), rules=tuple(rules))
