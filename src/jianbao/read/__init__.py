"""Readers: turn a page source (text dump, PDF, image) into a :class:`~jianbao.model.Page` of blocks."""

from __future__ import annotations

from pathlib import Path

from jianbao.errors import InputError
from jianbao.model import Page
from jianbao.read.text import decode, page_from_text, read_text_page

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def read_page(source: str | Path | bytes, *, date: str | None = None, name: str = "<bytes>") -> Page:
    """Read one page from a path, raw bytes (a text dump; ``name`` says where they came from), or text."""
    if isinstance(source, bytes):
        return page_from_text(decode(source, name), source=name, date=date)
    if isinstance(source, str) and _is_text(source):
        if not source.strip():
            raise InputError("<text>", "the page is empty", "give a text dump with at least one block")
        return page_from_text(source, source="<text>", date=date)
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        from jianbao.read.pdf import read_pdf_page

        return read_pdf_page(path, date=date)
    if suffix in IMAGE_SUFFIXES:
        from jianbao.read.image import read_image_page

        return read_image_page(path, date=date)
    return read_text_page(path, date=date)


def _is_text(source: str) -> bool:
    """A ``str`` is page text, not a path, when it has a line break, is long, or names no file
    and has no file suffix."""
    if "\n" in source or len(source) > 255:
        return True
    path = Path(source)
    return not path.exists() and not path.suffix
