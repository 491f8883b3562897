"""Read scanned pages with OCR (rapidocr; its ONNX models ship inside the wheel, nothing is fetched).

OCR gives text lines with boxes; lines are stacked into column blocks (one above the other, overlapping
horizontally, same type size), split where a paragraph starts, and put in reading order — then the page
goes through the same stages as any other.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from jianbao.errors import ConfigError, InputError
from jianbao.model import Block, Box, Page
from jianbao.read.pdf import Line, blocks_in_order

MAX_PIXELS = 120_000_000  # a 600 dpi broadsheet is ~90 MP
SCAN_DPI = 150


@functools.lru_cache(maxsize=1)
def _engine():  # type: ignore[no-untyped-def]
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:  # pragma: no cover - declared dependency
        raise ConfigError("OCR needs rapidocr-onnxruntime: pip install rapidocr-onnxruntime") from None
    return RapidOCR()


def ocr_lines(image: np.ndarray, scale: float = 1.0) -> list[Line]:
    """Text lines found in an RGB image; boxes in page units (pixels × ``scale``), shrunk to the ink."""
    result, _ = _engine()(image)
    lines = []
    for quad, text, _score in result or []:
        text = text.strip()
        if not text:
            continue
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        box = Box(min(xs), min(ys), max(xs), max(ys))
        lines.append(Line(text, box, box.height, False))
    return [Line(ln.text, Box(ln.box.x0 * scale, ln.box.y0 * scale, ln.box.x1 * scale, ln.box.y1 * scale),
                 ln.size * scale, ln.bold) for ln in ink_boxes(lines, image)]


INK = 140  # grey level below which a pixel is ink


def _ink_run(profile: np.ndarray) -> tuple[int, int] | None:
    """The run of inked rows (gaps of up to 2 rows bridged) holding the most ink: [start, end)."""
    rows = np.flatnonzero(profile)
    if rows.size == 0:
        return None
    breaks = np.flatnonzero(np.diff(rows) > 3)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [rows.size - 1]))
    best = max(range(len(starts)), key=lambda k: profile[rows[starts[k]]:rows[ends[k]] + 1].sum())
    return int(rows[starts[best]]), int(rows[ends[best]]) + 1


def ink_boxes(lines: list[Line], image: np.ndarray) -> list[Line]:
    """OCR boxes are padded, by an amount that varies from line to line, so their height says little
    about the type size.  Shrink each box to the ink it holds (the band of inked rows with most ink,
    which leaves out the tops of the next line's glyphs) and take the ink's height as the line's size:
    a deck and a body line then differ as their type does."""
    grey = image.mean(axis=2) if image.ndim == 3 else image
    out = []
    for ln in lines:
        x0, y0 = max(0, int(ln.box.x0)), max(0, int(ln.box.y0))
        x1, y1 = min(grey.shape[1], int(np.ceil(ln.box.x1))), min(grey.shape[0], int(np.ceil(ln.box.y1)))
        ink = grey[y0:y1, x0:x1] < INK if y1 > y0 and x1 > x0 else np.zeros((0, 0), bool)
        band = _ink_run(ink.sum(axis=1)) if ink.size else None
        if band is None:
            out.append(ln)
            continue
        cols = np.flatnonzero(ink[band[0]:band[1]].any(axis=0))
        box = Box(x0 + cols[0], y0 + band[0], x0 + cols[-1] + 1, y0 + band[1])
        out.append(Line(ln.text, box, box.height, False))
    return out


def join_fragments(lines: list[Line]) -> list[Line]:
    """OCR sometimes cuts one printed line in two (at a wide justified gap or a dropped character):
    pieces level with each other and less than ~an em apart are one line, read left to right.  Column
    gutters are wider (≥ 1.7 em on the pages we read), so lines of two columns stay apart."""
    out: list[Line] = []
    for ln in sorted(lines, key=lambda l: (l.box.x0, l.box.y0)):
        for k, prev in enumerate(out):
            size = max(1.0, min(prev.size, ln.size))
            level = min(prev.box.y1, ln.box.y1) - max(prev.box.y0, ln.box.y0) >= 0.6 * size
            gap = ln.box.x0 - prev.box.x1
            if level and -0.5 * size <= gap <= 1.2 * size and abs(prev.size - ln.size) <= 0.3 * size:
                box = Box(prev.box.x0, min(prev.box.y0, ln.box.y0), max(prev.box.x1, ln.box.x1),
                          max(prev.box.y1, ln.box.y1))
                out[k] = Line(prev.text + ln.text, box, max(prev.size, ln.size), prev.bold and ln.bold)
                break
        else:
            out.append(ln)
    return out


def stack_lines(lines: list[Line]) -> list[list[Line]]:
    """Stack lines into column blocks: each line joins the block whose last line sits just above it."""
    blocks: list[list[Line]] = []
    for ln in sorted(lines, key=lambda l: (l.box.y0, l.box.x0)):
        home = None
        for blk in blocks:
            last = blk[-1]
            gap = ln.box.y0 - last.box.y1
            overlap = min(ln.box.x1, last.box.x1) - max(ln.box.x0, last.box.x0)
            same_size = abs(ln.size - last.size) <= 0.3 * last.size
            if -0.3 * last.size <= gap <= 0.8 * last.size and same_size and \
                    overlap >= 0.5 * min(ln.box.width, last.box.width):
                home = blk
                break
        if home is None:
            blocks.append([ln])
        else:
            home.append(ln)
    return blocks


#: an OCR'd line's ink height tells its type size only roughly (a bold face inks taller): a line counts as
#: set in another size than the body's only when it is this much larger or smaller
SIZE_TOLERANCE = 1.25


def settle_sizes(lines: list[Line]) -> list[Line]:
    """Lines within :data:`SIZE_TOLERANCE` of the body's ink height are given the body's size, so that the
    stages, which read type size as PDF glyphs give it, see display type only where it is plain."""
    sized = sorted((ln.size, len(ln.text)) for ln in lines)
    if not sized:
        return lines
    half, seen, body = sum(n for _, n in sized) / 2, 0, sized[-1][0]
    for size, n in sized:
        seen += n
        if seen >= half:
            body = size
            break
    return [ln if not body / SIZE_TOLERANCE < ln.size < SIZE_TOLERANCE * body
            else Line(ln.text, ln.box, body, ln.bold) for ln in lines]


def blocks_from_lines(lines: list[Line], page_no: int) -> list[Block]:
    return blocks_in_order(stack_lines(join_fragments(settle_sizes(lines))), page_no)


def ocr_pdf_page(page, page_no: int) -> list[Block]:  # type: ignore[no-untyped-def]
    """OCR a PDF page that has no text layer, rendered at 150 dpi; boxes in PDF points."""
    pix = page.get_pixmap(dpi=SCAN_DPI)
    img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3]
    return blocks_from_lines(ocr_lines(np.ascontiguousarray(img), 72.0 / SCAN_DPI), page_no)


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
    blocks = blocks_from_lines(ocr_lines(image), 1)
    if not blocks:
        raise InputError(str(path), "OCR found no text on the image")
    blocks = [Block(i, b.raw, b.page, b.box, b.size, b.bold) for i, b in enumerate(blocks)]
    return Page(source=path.name, blocks=tuple(blocks), date=date, notes=("read by OCR",))
