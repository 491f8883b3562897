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
from typing import Iterable

import numpy as np

BMP = 0x10000


def _surrogate(cp: int) -> bool:
    return 0xD800 <= cp < 0xE000


@lru_cache(maxsize=1)
def _analysis() -> tuple[re.Pattern[str], dict[int, str], np.ndarray, dict[int, str]]:
    """One pass over the Basic Multilingual Plane: what needs NFKC itself, and what it swaps."""
    second = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul vowel and final jamo
    for cp in range(BMP):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second.add(int(parts[1], 16))
    risky, swapped, expands = [], {}, {}
    for cp in range(BMP):
        if _surrogate(cp):
            continue
        ch = chr(cp)
        out = unicodedata.normalize("NFKC", ch)
        if len(out) != 1 or unicodedata.combining(out) or ord(out) in second or cp in second:
            risky.append(cp)
            if len(out) > 1 and not unicodedata.combining(ch) and all(
                    not unicodedata.combining(c) and ord(c) not in second for c in out):
                expands[cp] = out
        elif out != ch:
            swapped[cp] = out
    ranges, start = [], None
    for a, b in zip(risky, risky[1:] + [-1]):
        start = a if start is None else start
        if b != a + 1:
            ranges.append(f"\\u{start:04x}-\\u{a:04x}" if a > start else f"\\u{a:04x}")
            start = None
    pattern = re.compile("[" + "".join(ranges) + "\\ud800-\\udfff\\U00010000-\\U0010ffff]")
    table = np.zeros(BMP + 1, dtype=np.uint8)  # by code point (the last entry: all beyond the BMP)
    table[risky] = NFKC_ITSELF
    table[list(expands)] = EXPANDS
    table[0xD800:0xE000] = table[BMP] = NFKC_ITSELF
    return pattern, swapped, table, expands


#: what :func:`needs_nfkc_table` says of a character: NFKC swaps it for one other or leaves it; it expands
#: it into characters that neither combine nor compose (… → ..., ㈠ → (一)), whatever stands around it; or
#: only NFKC itself will do
SWAPS, EXPANDS, NFKC_ITSELF = 0, 1, 2


def needs_nfkc() -> re.Pattern[str]:
    """The characters NFKC does more to than swap for one other character: those it expands, those that
    may compose with the character before them (combining marks, the second half of a canonical pair,
    Hangul vowel and final jamo), surrogates and everything beyond the Basic Multilingual Plane (not
    worth a table)."""
    return _analysis()[0]


def needs_nfkc_table() -> np.ndarray:
    """What NFKC does to each character (:data:`SWAPS`, :data:`EXPANDS`, :data:`NFKC_ITSELF`; non-zero
    where :func:`needs_nfkc` matches), by code point, the last entry for every one beyond the Basic
    Multilingual Plane: a whole page's characters looked up at once."""
    return _analysis()[2]


def expansions() -> dict[int, str]:
    """The characters NFKC expands into several that neither combine nor compose, to what it expands them."""
    return _analysis()[3]


def swaps() -> dict[int, str]:
    """Every other character NFKC changes, to the one character it becomes."""
    return _analysis()[1]


@lru_cache(maxsize=1)
def _swap_table() -> np.ndarray:
    table = np.arange(BMP, dtype=np.uint32)
    for cp, to in swaps().items():
        table[cp] = ord(to)
    return table


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, several times cheaper on newspaper text: NFKC itself only
    where a character needs it, else every character swapped through a table at once."""
    if needs_nfkc().search(text):
        return unicodedata.normalize("NFKC", text)
    return swapped(text)


def swapped(text: str, expanded: Iterable[str] = ()) -> str:
    """NFKC of a text that holds no character only NFKC itself will do for: every character swapped through
    a table at once, then those in ``expanded`` (the characters it holds that NFKC expands) expanded."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    out = _swap_table()[codes].tobytes().decode("utf-32-le")
    for ch in expanded:
        out = out.replace(ch, expansions()[ord(ch)])
    return out
