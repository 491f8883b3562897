"""Break text into printed lines the way a Chinese newspaper does.

Text wraps at any CJK character (a run of spaces prints as one space); a run of Latin letters and digits ("COVID-19", "78.47") stays
whole unless it is wider than the line; "——" and "……" are never split.  Line-breaking rules
(禁则): closing punctuation never starts a line — one mark is squeezed into the line when it
fits in one character's width, otherwise the last character moves down with it — and opening
punctuation never ends a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianbao.bench import fonts

NO_LINE_START = frozenset("，。、；：！？）》」』】〕〉”’…·%‰,.;:!?)]}>℃°")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{<")
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:%/&+_'’\-]*|—+|…+|\s+|.", re.S)
_SPACES = re.compile(r"\s+")
SQUEEZE = 1.05  # at most this many ems of closing punctuation squeezed into a full line


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: ``text[start:end]`` of its element, its natural width, and whether it
    ends the element (the last line is not justified)."""

    start: int
    end: int
    text: str
    width: float
    last: bool


def _closing(tok: str) -> bool:
    return tok[0] in NO_LINE_START


def _opening(tok: str) -> bool:
    return tok[-1] in NO_LINE_END


def wrap(text: str, key: str, size: float, width: float, indent: float = 0.0) -> list[Line]:
    """Lines of ``text`` set in face ``key`` at ``size`` on a measure of ``width`` points; the
    first line is shorter by ``indent``."""
    toks = [(m.start(), m.group()) for m in TOKEN.finditer(text)]
    widths = [fonts.width(" " if t.isspace() else t, key, size) for _, t in toks]
    lines: list[Line] = []
    i, n = 0, len(toks)
    while i < n:
        while i < n and toks[i][1].isspace():
            i += 1
        if i >= n:
            break
        avail = width - (indent if not lines else 0.0)
        j, w = i, 0.0
        while j < n and w + widths[j] <= avail + 0.01:
            w += widths[j]
            j += 1
        if j == i:  # one token wider than the line: break it into characters
            start, tok = toks[i]
            toks[i:i + 1] = [(start + k, ch) for k, ch in enumerate(tok)]
            widths[i:i + 1] = [fonts.width(ch, key, size) for ch in tok]
            n = len(toks)
            continue
        if j < n:
            j = _break_at(toks, widths, i, j, size)
        start, end = toks[i][0], toks[j - 1][0] + len(toks[j - 1][1])
        drawn = _SPACES.sub(" ", text[start:end]).rstrip()  # a run of spaces prints as one
        lines.append(Line(start, end, drawn, fonts.width(drawn, key, size), last=False))
        i = j
    if lines:
        last = lines[-1]
        lines[-1] = Line(last.start, last.end, last.text, last.width, last=True)
    return lines


def _break_at(toks: list[tuple[int, str]], widths: list[float], i: int, j: int, size: float) -> int:
    """Where the line that starts at token i should end, given that token j did not fit."""
    n = len(toks)
    if _closing(toks[j][1]):
        extra, k = 0.0, j
        while k < n and _closing(toks[k][1]) and extra + widths[k] <= SQUEEZE * size:
            extra += widths[k]
            k += 1
        if k > j and (k >= n or not _closing(toks[k][1])) and k - i >= 8:
            return k  # squeeze the marks into this line
        while j > i + 1 and _closing(toks[j][1]):
            j -= 1  # carry the last character down with the marks
    while j > i + 1 and _opening(toks[j - 1][1]):
        j -= 1
    return j
