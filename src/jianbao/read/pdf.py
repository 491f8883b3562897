"""Read e-paper PDFs with PyMuPDF: text-layer spans → blocks that carry geometry.

A PyMuPDF text block is split further where a paragraph starts (a first-line indent) or the type size
changes, so a block is a run of one paragraph in one column, as in a text dump.  Blocks are put in
reading order by :mod:`jianbao.read.order` (the content stream's order is not trusted).  A page with no
text layer is read by OCR (:mod:`jianbao.read.image`), and the page says so in its notes.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from pathlib import Path

from jianbao.errors import InputError
from jianbao import cues
from jianbao.model import Block, Box, Page, Photo, Rule, typical_size
from jianbao.read.order import reading_order
from jianbao.read.text import read_bytes

MIN_TEXT_CHARS = 20  # fewer characters than this on a page: treat it as a scan
MIN_RULE = 24.0  # points: a shorter stroke is an underline or an ornament, not a rule between articles
THIN = 2.0  # points: a filled rectangle this thin is a rule drawn as a box
STROKE = 6.0  # points: a stroked path this thin is one line (a frame is wider: it holds type)
MIN_PHOTO = 36.0  # points: an image or a filled box at least this wide and high is a picture


@dataclass
class Line:
    text: str
    box: Box
    size: float
    bold: bool


def _is_bold(span: dict) -> bool:
    font = span.get("font", "")
    return bool(span.get("flags", 0) & 16) or any(k in font for k in ("Bold", "Hei", "Heavy", "Black"))


def page_text(page) -> tuple[list[list[Line]], list[Box], list[dict]]:  # type: ignore[no-untyped-def]
    """One reading of the page: its text blocks as PyMuPDF groups them, each a list of lines; the boxes of
    its images; and the boxes of its vector paths (MuPDF collects them in the same pass, so the page is
    interpreted once)."""
    import pymupdf

    out, images, vectors = [], [], []
    for blk in page.get_text("dict", flags=pymupdf.TEXTFLAGS_DICT | pymupdf.TEXT_COLLECT_VECTORS)["blocks"]:
        kind = blk.get("type")
        if kind == 1:
            images.append(Box(*blk["bbox"]))
        elif kind == 3:
            vectors.append(blk)
        if kind != 0:
            continue
        lines = []
        for ln in blk["lines"]:
            spans = [s for s in ln["spans"] if s["text"].strip()]
            if not spans:
                continue
            text = "".join(s["text"] for s in ln["spans"]).strip()
            size = max(s["size"] for s in spans)
            x0, y0, x1, y1 = ln["bbox"]
            lines.append(Line(text, Box(x0, y0, x1, y1), size, all(_is_bold(s) for s in spans)))
        if lines:
            out.append(lines)
    return out, images, vectors


def _paragraph_runs(lines: list[Line]) -> list[list[Line]]:
    """Split a PyMuPDF block where a new paragraph starts (indent) or the type changes."""
    if not lines:
        return []
    left = min(ln.box.x0 for ln in lines)
    runs: list[list[Line]] = [[lines[0]]]
    for prev, ln in zip(lines, lines[1:]):
        indented = ln.box.x0 - left > 0.8 * ln.size
        new_type = abs(ln.size - prev.size) > 0.15 * prev.size or ln.bold != prev.bold
        side_by_side = ln.box.y0 < prev.box.y1 - 0.5 * prev.size  # two boxes on one line
        if indented or new_type or side_by_side:
            runs.append([ln])
        else:
            runs[-1].append(ln)
    return runs


def _block(lines: list[Line], page_no: int) -> Block:
    box = Box(min(l.box.x0 for l in lines), min(l.box.y0 for l in lines),
              max(l.box.x1 for l in lines), max(l.box.y1 for l in lines))
    size = statistics.median(l.size for l in lines)
    return Block(id=-1, raw="\n".join(l.text for l in lines), page=page_no, box=box, size=size,
                 bold=all(l.bold for l in lines), edges=_edges(lines, box, size))


def _edges(lines: list[Line], box: Box, size: float) -> tuple[int, int]:
    """Whether the first line is indented (−1) or flush (+1) and the last line short (−1) or full (+1),
    against the other lines of the block (0: one line, or in between)."""
    if len(lines) < 2:
        return 0, 0
    indent = lines[0].box.x0 - min(l.box.x0 for l in lines[1:])
    short = max(l.box.x1 for l in lines[:-1]) - lines[-1].box.x1
    return _edge_marks(indent, short, size)


def _edge_marks(indent: float, short: float, size: float) -> tuple[int, int]:
    """(head, tail) from how far the first line starts in from the column's left edge and the last line
    stops short of its right edge, in points of type ``size``.  A paragraph's indent is an em or two; a
    line that starts further in is set right or centred (a byline's last line), which says nothing."""
    head = 1 if indent <= 0.3 * size else -1 if 0.8 * size <= indent <= INDENT_MAX * size else 0
    tail = 1 if short <= 0.5 * size else -1 if short >= 1.5 * size else 0
    return head, tail


#: ems: the deepest a paragraph's first line is indented
INDENT_MAX = 3.0


def _header_row(blocks: list[Block]) -> list[Block]:
    """The page header printed as one row ("第2版  要闻  人民日报  2020年1月1日 星期三"), which PyMuPDF
    gives as separate blocks, read as one line left to right — when the row is the page's topmost
    text, one line high, and reads as furniture (an edition number or a date line)."""
    boxed = [b for b in blocks if b.box is not None]
    if len(boxed) < 3:
        return blocks
    top = min(boxed, key=lambda b: b.box.y0)  # type: ignore[union-attr]
    middle = (top.box.y0 + top.box.y1) / 2  # type: ignore[union-attr]
    row = [b for b in boxed if len(b.lines) == 1  # one line whose middle is level with the top block's
           and abs((b.box.y0 + b.box.y1) / 2 - middle) <= 0.5 * min(b.box.height, top.box.height)]  # type: ignore[union-attr]
    rest = [b for b in boxed if b not in row]
    if len(row) < 2 or not rest or min(b.box.y0 for b in rest) < max(b.box.y1 for b in row):  # type: ignore[union-attr]
        return blocks
    row.sort(key=lambda b: b.box.x0)  # type: ignore[union-attr]
    text = "  ".join(b.text for b in row)
    if not any(p.search(b.text) for b in row for p in cues.FURNITURE):
        return blocks
    box = Box(min(b.box.x0 for b in row), min(b.box.y0 for b in row),  # type: ignore[union-attr]
              max(b.box.x1 for b in row), max(b.box.y1 for b in row))  # type: ignore[union-attr]
    merged = Block(-1, text, row[0].page, box, statistics.median(b.size or 0.0 for b in row), False)
    return [merged] + [b for b in blocks if b not in row]


def page_drawings(page, page_no: int, vectors: list[dict]) -> tuple[list[Rule], list[Photo]]:  # type: ignore[no-untyped-def]
    """The page's rules and tinted boxes from its vector paths (``vectors`` from :func:`page_text`).
    Rules: straight horizontal and vertical strokes at least :data:`MIN_RULE` long — lines, the edges of
    stroked rectangles (a framed box), filled rectangles thin enough to be a rule.  Pictures: filled
    rectangles at least :data:`MIN_PHOTO` each way.  A path's box tells all of this unless the path is
    neither a rectangle nor straight (a polyline, a grid drawn as one path): then the drawing is traced
    segment by segment (:func:`traced_drawings`), which costs a second interpretation of the page."""
    rules, photos = [], []
    for v in vectors:
        x0, y0, x1, y1 = v["bbox"]
        thin = min(x1 - x0, y1 - y0) <= (STROKE if v.get("stroked") else THIN)  # a stroke's box holds its width
        if not (v.get("isrect") or thin):
            return traced_drawings(page, page_no)
        if thin:  # a stroked line or a box thin enough to be a rule: its centre line
            edges = _centre_line(x0, y0, x1, y1)
        elif v.get("stroked"):
            edges = _frame(x0, y0, x1, y1)
        else:
            if min(x1 - x0, y1 - y0) >= MIN_PHOTO:
                photos.append(Photo(page_no, Box(x0, y0, x1, y1)))
            continue
        rules.extend(_rules(edges, page_no))
    return rules, photos


def traced_drawings(page, page_no: int) -> tuple[list[Rule], list[Photo]]:  # type: ignore[no-untyped-def]
    """:func:`page_drawings` from the drawing traced path by path, item by item (``get_cdrawings``)."""
    rules, photos = [], []
    for path in page.get_cdrawings():
        stroked = "s" in path.get("type", "")
        filled = "f" in path.get("type", "")
        for item in path["items"]:
            if item[0] == "l" and stroked:
                (ax, ay), (bx, by) = item[1], item[2]
                edges = [(ax, ay, bx, by)]
            elif item[0] == "re":
                x0, y0, x1, y1 = item[1]
                if stroked:
                    edges = _frame(x0, y0, x1, y1)
                elif min(x1 - x0, y1 - y0) <= THIN:
                    edges = _centre_line(x0, y0, x1, y1)
                else:
                    if filled and min(x1 - x0, y1 - y0) >= MIN_PHOTO:
                        photos.append(Photo(page_no, Box(x0, y0, x1, y1)))
                    continue
            else:
                continue
            rules.extend(_rules(edges, page_no))
    return rules, photos


Edge = tuple[float, float, float, float]


def _frame(x0: float, y0: float, x1: float, y1: float) -> list[Edge]:
    """The four edges of a stroked rectangle."""
    return [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]


def _centre_line(x0: float, y0: float, x1: float, y1: float) -> list[Edge]:
    """The line along the middle of a box thin enough to be a rule, the long way."""
    if x1 - x0 > y1 - y0:
        return [(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)]
    return [((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)]


def _rules(edges: list[Edge], page_no: int) -> list[Rule]:
    """The horizontal and vertical edges long enough to be rules."""
    out = []
    for ax, ay, bx, by in edges:
        if abs(ay - by) < 0.5 and abs(bx - ax) >= MIN_RULE:
            out.append(Rule(page_no, Box(min(ax, bx), ay, max(ax, bx), ay)))
        elif abs(ax - bx) < 0.5 and abs(by - ay) >= MIN_RULE:
            out.append(Rule(page_no, Box(ax, min(ay, by), ax, max(ay, by))))
    return out


def blocks_in_order(groups: list[list[Line]], page_no: int, rules: list[Rule] | tuple[Rule, ...] = (),
                    edges: bool = True, photos: list[Photo] | tuple[Photo, ...] = ()) -> list[Block]:
    """Blocks of one page from its lines as a reader grouped them (PyMuPDF blocks, OCR stacks): split where
    a paragraph starts, titles set on several lines joined, the header row made one, in reading order.
    ``edges``: the line boxes are exact enough to tell an indent (a text layer's are; OCR's are not)."""
    runs = [run for lines in groups for run in _paragraph_runs(lines)]
    lines = [ln for group in groups for ln in group]
    bold_body = sum(len(ln.text) for ln in lines if ln.bold) > 0.5 * sum(len(ln.text) for ln in lines)
    blocks = _display_lines_together([_block(run, page_no) for run in runs],
                                     typical_size((ln.size, len(ln.text)) for ln in lines) or 0.0, bold_body)
    blocks = _header_row(blocks)
    blocks = _one_line_edges(blocks) if edges else [replace(b, edges=None) for b in blocks]
    return reading_order(blocks, rules, [p.box for p in photos])


def _one_line_edges(blocks: list[Block]) -> list[Block]:
    """A block of one line has no other lines to measure its edges against: measure them against its
    column, the edges of the nearest block of three lines or more that spans it."""
    columns = [b.box for b in blocks if b.box is not None and len(b.lines) >= 3]
    out = []
    for b in blocks:
        if b.edges != (0, 0) or b.box is None or not b.size:
            out.append(b)
            continue
        box, size = b.box, b.size
        near = [c for c in columns if c.shared_width(box) >= 0.9 * box.width]
        if not near:
            out.append(b)
            continue
        col = min(near, key=lambda c: min(abs(c.y1 - box.y0), abs(c.y0 - box.y1)))
        out.append(replace(b, edges=_edge_marks(box.x0 - col.x0, col.x1 - box.x1, size)))
    return out


#: the lines of one title or heading sit at the line pitch: the space between them is at most this share of
#: the type size; the next element is set a paragraph's gap away
LINE_GAP = 0.45


def _display_lines_together(blocks: list[Block], body: float, bold_body: bool = False) -> list[Block]:
    """A headline or heading set on two or three lines comes out of PyMuPDF a block a line (centred lines
    do not share a left edge): join consecutive blocks in display type (bold, or larger than the body) of
    the same size and weight whose lines sit one under the other at the line pitch.  (Where the body itself
    is set bold, only the type size tells display lines.)"""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if prev is not None and _one_display_run(prev, block, body, bold_body):
            box = Box(min(prev.box.x0, block.box.x0), prev.box.y0,  # type: ignore[union-attr]
                      max(prev.box.x1, block.box.x1), block.box.y1)  # type: ignore[union-attr]
            out[-1] = Block(-1, prev.raw + "\n" + block.raw, prev.page, box, prev.size, prev.bold)
        else:
            out.append(block)
    return out


def _one_display_run(a: Block, b: Block, body: float, bold_body: bool) -> bool:
    if a.box is None or b.box is None or not a.size or not b.size:
        return False
    display = (a.bold and not bold_body) or a.size >= cues.DISPLAY_SIZE * body
    same_type = abs(a.size - b.size) <= 0.05 * a.size and a.bold == b.bold
    gap = b.box.y0 - a.box.y1
    overlap = a.box.shared_width(b.box)
    return display and same_type and -0.1 * a.size <= gap <= LINE_GAP * a.size and overlap > 0


def open_pdf(path: Path):  # type: ignore[no-untyped-def]
    import pymupdf

    data = read_bytes(path)
    if not data.startswith(b"%PDF"):
        raise InputError(str(path), "not a PDF (no %PDF header)", "give a PDF file or rename it")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises its own FileDataError / RuntimeError
        if b"%%EOF" not in data[-2048:]:
            raise InputError(str(path), f"the PDF is truncated (no %%EOF at its end; {exc})",
                             "fetch or copy the whole file again") from None
        raise InputError(str(path), f"PDF cannot be opened ({exc})", "is the file damaged?") from None
    if doc.needs_pass:
        raise InputError(str(path), "the PDF is encrypted", "decrypt it first (qpdf --decrypt)")
    if doc.is_repaired and b"%%EOF" not in data[-2048:]:
        raise InputError(str(path), "the PDF is truncated (it does not end in %%EOF and MuPDF had to "
                         "repair it)", "fetch or copy the whole file again")
    if doc.page_count == 0:
        raise InputError(str(path), "the PDF has no pages")
    return doc


def read_pdf_page(path: Path, date: str | None = None) -> Page:
    """All pages of a PDF as one :class:`Page` (blocks carry their page number)."""
    doc = open_pdf(path)
    blocks: list[Block] = []
    rules: list[Rule] = []
    photos: list[Photo] = []
    notes: list[str] = []
    import pymupdf

    pymupdf.TOOLS.reset_mupdf_warnings()
    for number in range(doc.page_count):
        try:
            page = doc[number]
            groups, images, vectors = page_text(page)
            try:
                drawn = page_drawings(page, number + 1, vectors)
            except Exception as exc:  # rules and pictures only help: a page whose drawings cannot be read goes without
                notes.append(f"page {number + 1}: drawings not read: {type(exc).__name__}: {exc}")
                drawn = ([], [])
            drawn[1].extend(Photo(number + 1, b) for b in images if min(b.width, b.height) >= MIN_PHOTO)
            found = blocks_in_order(groups, number + 1, drawn[0], photos=drawn[1])
            damage = pymupdf.TOOLS.mupdf_warnings(reset=True).strip()
            if damage and sum(len(b.text) for b in found) < MIN_TEXT_CHARS:
                # a page MuPDF could not read: say so, do not OCR a blank rendering of it
                notes.append(f"page {number + 1}: skipped: damaged ({damage.splitlines()[0][:120]})")
                continue
            if sum(len(b.text) for b in found) < MIN_TEXT_CHARS:
                from jianbao.read.image import ocr_pdf_page

                found = ocr_pdf_page(page, number + 1, drawn[0])
                notes.append(f"page {number + 1}: no text layer, read by OCR"
                             + ("" if found else " (no text found)"))
        except InputError as exc:
            notes.append(f"page {number + 1}: skipped: {exc.reason}")
            continue
        except Exception as exc:  # a broken page must not sink the others
            notes.append(f"page {number + 1}: skipped: {type(exc).__name__}: {exc}")
            continue
        blocks.extend(found)
        rules.extend(drawn[0])
        photos.extend(drawn[1])
    if not blocks:
        raise InputError(str(path), "no readable text on any page" + (f" ({'; '.join(notes)})" if notes else ""))
    blocks = [replace(b, id=i) for i, b in enumerate(blocks)]
    return Page(source=path.name, blocks=tuple(blocks), date=date, notes=tuple(notes), rules=tuple(rules),
                photos=tuple(photos))
