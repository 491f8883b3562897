"""Read a page text dump: decode it, split it into blocks at blank lines.

Block numbering follows docs/format.md: split the decoded text at blank lines (a newline,
optional whitespace, a newline), drop empty pieces; the rest are blocks 0, 1, 2, … in order.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from jianbao.errors import InputError
from jianbao.model import Block, Page

BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
MAX_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, source: str) -> str:
    """Bytes → text: a BOM decides; else UTF-8; else GB18030 (a superset of GBK and GB2312).

    Text with control characters other than tab/newline (a sign of binary data) is refused.
    """
    if not data.strip():
        raise InputError(source, "the page is empty", "give a text dump with at least one block")
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"bytes do not decode as {codec} ({exc.reason})") from None
            break
    if text is None:
        if b"\x00" in data:
            raise InputError(source, "binary data (NUL bytes), not a text dump",
                             "for PDFs and images name a .pdf/.png/.jpg file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            _refuse_damaged_utf8(data, exc, source)
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise InputError(source, "bytes are neither UTF-8, UTF-16 with BOM nor GB18030",
                                 "convert the file to UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    bad = len(_CONTROL.findall(text))
    if bad > max(2, len(text) // 200):
        raise InputError(source, f"{bad} control characters: this looks like binary data, not a text dump")
    if not text.strip():
        raise InputError(source, "the page has no text", "give a text dump with at least one block")
    return text


#: control characters other than tab, newline, form feed and vertical tab, and lone surrogates
_CONTROL = re.compile("[\x00-\x08\x0d-\x1f\ud800-\udfff]")

_SURROGATE = re.compile("[\ud800-\udfff]")

#: this many non-ASCII characters read as UTF-8 before a bad byte: the text is UTF-8, damaged there
#: (GB18030 bytes seldom form even a few valid UTF-8 sequences in a row)
UTF8_EVIDENCE = 8


def _refuse_damaged_utf8(data: bytes, exc: UnicodeDecodeError, source: str) -> None:
    """UTF-8 text cut short or with a bad byte must not be read as GB18030: that would be mojibake."""
    before = data[: exc.start].decode("utf-8", errors="replace")
    if sum(ord(ch) > 0x7F for ch in before) < UTF8_EVIDENCE:
        return
    if exc.reason == "unexpected end of data" or exc.start >= len(data.rstrip()) - 3:
        raise InputError(source, "the UTF-8 text ends in the middle of a character: the file was cut short",
                         "copy or export it again, or remove the last incomplete character")
    raise InputError(source, f"the UTF-8 text has an invalid byte at offset {exc.start} ({exc.reason})",
                     "repair the file or export it again as UTF-8")


def split_blocks(text: str) -> list[str]:
    """The blocks of a decoded dump, numbered by their position in the returned list."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [piece for piece in BLANK_LINE.split(text) if piece.strip()]


def lone_surrogate(text: str) -> re.Match[str] | None:
    """Where the text holds a lone surrogate, if it does: only a text UTF-32 cannot encode holds one, so the
    pattern is searched only then (encoding costs a tenth of the search)."""
    try:
        text.encode("utf-32-le")
    except UnicodeEncodeError:
        return _SURROGATE.search(text)
    return None


def page_from_text(text: str, source: str = "-", date: str | None = None) -> Page:
    lone = lone_surrogate(text)
    if lone:
        raise InputError(source, f"the text holds a lone surrogate (U+{ord(lone.group()):04X}) at character "
                         f"{lone.start()}: it is not valid Unicode",
                         "decode the page with errors='strict' or 'replace' before passing it in")
    pieces = split_blocks(text)
    if not pieces:
        raise InputError(source, "the page has no text", "give a text dump with at least one block")
    # (the fields by place: keywords would cost the dataclass's __init__ a dict a block)
    blocks = tuple([Block(i, piece.strip("\n")) for i, piece in enumerate(pieces)])
    return Page(source=source, blocks=blocks, date=date)


def read_bytes(path: Path) -> bytes:
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file", "check the path")
    if path.is_dir():
        raise InputError(source, "is a directory, not a page", "name the page files inside it")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(source, f"{size} bytes is more than a page ({MAX_BYTES} at most)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror})") from None


def read_text_page(path: Path, date: str | None = None) -> Page:
    data = read_bytes(path)
    return page_from_text(decode(data, str(path)), source=path.name, date=date)
