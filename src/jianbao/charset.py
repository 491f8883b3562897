"""What NFKC does to each character, worked out once: text is normalised only where it must be.

Newspaper text is full of characters NFKC swaps for one other character (full-width punctuation,
letters and digits), and those a table can swap far cheaper than ``unicodedata.normalize``; NFKC
itself is needed only where a character expands (㈠ → (一), … → ...) or may compose with the one
before it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

BMP = 0x10000


def _surrogate(cp: int) -> bool:
    return 0xD800 <= cp < 0xE000


@lru_cache(maxsize=1)
def needs_nfkc() -> re.Pattern[str]:
    """The characters NFKC does more to than swap for one other character: those it expands, those that
    may compose with the character before them (combining marks, the second half of a canonical pair,
    Hangul vowel and final jamo), surrogates and everything beyond the Basic Multilingual Plane (not
    worth a table)."""
    second = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    for cp in range(BMP):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second.add(int(parts[1], 16))
    risky = []
    for cp in range(BMP):
        if _surrogate(cp):
            continue
        out = unicodedata.normalize("NFKC", chr(cp))
        if len(out) != 1 or unicodedata.combining(out) or ord(out) in second or cp in second:
            risky.append(cp)
    ranges, start = [], None
    for a, b in zip(risky, risky[1:] + [-1]):
        start = a if start is None else start
        if b != a + 1:
            ranges.append(f"\\u{start:04x}-\\u{a:04x}" if a > start else f"\\u{a:04x}")
            start = None
    return re.compile("[" + "".join(ranges) + "\\ud800-\\udfff\\U00010000-\\U0010ffff]")


@lru_cache(maxsize=1)
def swaps() -> dict[int, str]:
    """Every other character NFKC changes, to the one character it becomes."""
    risky = needs_nfkc()
    out = {}
    for cp in range(BMP):
        ch = chr(cp)
        if not _surrogate(cp) and not risky.match(ch):
            to = unicodedata.normalize("NFKC", ch)
            if to != ch:
                out[cp] = to
    return out
