"""Extract a page PDF's text with two real extractors, and write it as page text dumps.

- ``pdftotext`` (poppler, via subprocess, ``-enc UTF-8``).  In its default mode pdftotext puts a
  blank line only between *flows* (a whole column of paragraphs runs together), so the block
  boundaries are taken from poppler's own text blocks (``-bbox-layout``, same engine, same
  reading order) and each block's lines are the default mode's lines.
- ``pymupdf`` (MuPDF): ``page.get_text("blocks")`` in MuPDF's native order.

Both return the page as blocks, each a list of lines.  Dumps come in two shapes:

- ``wrapped``  lines as extracted (hard-wrapped inside a block), one blank line between blocks;
- ``lines``    each block's lines joined into one line (no space between CJK characters, one
               space between Latin words: :func:`jianbao.model.join_pieces`).
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from jianbao.errors import ConfigError, InputError
from jianbao.model import join_pieces

EXTRACTORS = ("pdftotext", "pymupdf")
SHAPES = ("wrapped", "lines")
_SPACE = re.compile(r"\s+")


def _run(args: list[str], pdf: Path) -> str:
    try:
        done = subprocess.run(args, capture_output=True, check=True, timeout=120)
    except FileNotFoundError:
        raise ConfigError("pdftotext is not installed: apt-get install poppler-utils") from None
    except subprocess.CalledProcessError as exc:
        raise InputError(str(pdf), f"pdftotext failed: {exc.stderr.decode(errors='replace').strip()}") from None
    return done.stdout.decode("utf-8")


def _bare(text: str) -> str:
    return _SPACE.sub("", text)


def pdftotext_blocks(pdf: Path) -> list[list[str]]:
    """poppler's text blocks, in its reading order, with the default mode's line text."""
    plain = _run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], pdf)
    layout = _run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"], pdf)
    root = ET.fromstring(layout)
    blocks = [[" ".join(w.text or "" for w in line.findall("{*}word"))
               for line in block.findall("{*}line")]
              for block in root.findall(".//{*}block")]
    plain_lines = [line for line in plain.replace("\f", "").split("\n") if line.strip()]
    flat = [line for block in blocks for line in block]
    if len(flat) == len(plain_lines) and all(_bare(a) == _bare(b) for a, b in zip(flat, plain_lines)):
        it = iter(plain_lines)
        blocks = [[next(it) for _ in block] for block in blocks]
    return [[line.rstrip() for line in block if line.strip()] for block in blocks if block]


def pymupdf_blocks(pdf: Path) -> list[list[str]]:
    """MuPDF's text blocks in its native order."""
    import pymupdf

    with pymupdf.open(pdf) as doc:
        raw = doc[0].get_text("blocks")
    blocks = []
    for *_, text, _no, kind in raw:
        if kind != 0:
            continue
        lines = [line.rstrip() for line in text.split("\n") if line.strip()]
        if lines:
            blocks.append(lines)
    return blocks


def extract(pdf: Path, extractor: str) -> list[list[str]]:
    if extractor == "pdftotext":
        return pdftotext_blocks(pdf)
    if extractor == "pymupdf":
        return pymupdf_blocks(pdf)
    raise ConfigError(f"unknown extractor {extractor!r}: use one of {', '.join(EXTRACTORS)}")


def dump_text(blocks: list[list[str]], shape: str) -> str:
    """A page text dump of ``blocks`` in ``shape`` (``wrapped`` or ``lines``)."""
    if shape == "wrapped":
        pieces = ["\n".join(lines) for lines in blocks]
    elif shape == "lines":
        pieces = [join_pieces(lines) for lines in blocks]
    else:
        raise ConfigError(f"unknown dump shape {shape!r}: use one of {', '.join(SHAPES)}")
    return "\n\n".join(p for p in pieces if p.strip()) + "\n"
