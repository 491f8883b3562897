"""Read e-paper PDFs with PyMuPDF: text-layer spans → blocks that carry geometry.

A PyMuPDF text block is split further where a paragraph starts (a first-line indent) or the type size
changes, so a block is a run of one paragraph in one column, as in a text dump.  Blocks are put in
reading order by :mod:`jianbao.read.order` (the content stream's order is not trusted).  A page with no
text layer is read by OCR (:mod:`jianbao.read.image`), and the page says so in its notes.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from jianbao.errors import InputError
from jianbao.model import Block, Box, Page
from jianbao.read.order import reading_order
from jianbao.read.text import read_bytes

MIN_TEXT_CHARS = 20  # fewer characters than this on a page: treat it as a scan


@dataclass
class Line:
    text: str
    box: Box
    size: float
    bold: bool


def _is_bold(span: dict) -> bool:
    font = span.get("font", "")
    return bool(span.get("flags", 0) & 16) or any(k in font for k in ("Bold", "Hei", "Heavy", "Black"))


def _lines(page) -> list[list[Line]]:  # type: ignore[no-untyped-def]
    """The page's text blocks as PyMuPDF groups them, each a list of lines."""
    out = []
    for blk in page.get_text("dict")["blocks"]:
        if blk.get("type") != 0:
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
    return out


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
                 bold=all(l.bold for l in lines))


def _header_row(blocks: list[Block]) -> list[Block]:
    """The page header printed as one row ("第2版  要闻  人民日报  2020年1月1日 星期三"), which PyMuPDF
    gives as separate blocks, read as one line left to right — when the row is the page's topmost
    text, one line high, and reads as furniture (an edition number or a date line)."""
    from jianbao import cues

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


def page_blocks(page, page_no: int) -> list[Block]:  # type: ignore[no-untyped-def]
    blocks = [_block(run, page_no) for lines in _lines(page) for run in _paragraph_runs(lines)]
    return reading_order(_header_row(blocks))


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
    notes: list[str] = []
    import pymupdf

    pymupdf.TOOLS.reset_mupdf_warnings()
    for number in range(doc.page_count):
        try:
            page = doc[number]
            found = page_blocks(page, number + 1)
            damage = pymupdf.TOOLS.mupdf_warnings(reset=True).strip()
            if damage and sum(len(b.text) for b in found) < MIN_TEXT_CHARS:
                # a page MuPDF could not read: say so, do not OCR a blank rendering of it
                notes.append(f"page {number + 1}: skipped: damaged ({damage.splitlines()[0][:120]})")
                continue
            if sum(len(b.text) for b in found) < MIN_TEXT_CHARS:
                from jianbao.read.image import ocr_pdf_page

                found = ocr_pdf_page(page, number + 1)
                notes.append(f"page {number + 1}: no text layer, read by OCR"
                             + ("" if found else " (no text found)"))
        except InputError as exc:
            notes.append(f"page {number + 1}: skipped: {exc.reason}")
            continue
        except Exception as exc:  # a broken page must not sink the others
            notes.append(f"page {number + 1}: skipped: {type(exc).__name__}: {exc}")
            continue
        blocks.extend(found)
    if not blocks:
        raise InputError(str(path), "no readable text on any page" + (f" ({'; '.join(notes)})" if notes else ""))
    blocks = [Block(i, b.raw, b.page, b.box, b.size, b.bold) for i, b in enumerate(blocks)]
    return Page(source=path.name, blocks=tuple(blocks), date=date, notes=tuple(notes))
