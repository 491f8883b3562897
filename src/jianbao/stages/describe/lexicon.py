"""Find the words of a long list in a text: at each position the longest word that starts there, left to
right, without overlaps — what a regular expression of the words, longest
first, finds, without trying a hundred alternatives at every character.

Words are looked for only where the text's next two characters open one (or its next character is a
one-character word), read from two tables: a character's row among the first characters of words plus its
column among their second characters points into a flat table of the opening pairs.  The loop over the
text is compiled (``openings.pyx``).  Place names and topic terms are found this way, and the places
where a title or an organisation's suffix may start (:func:`finditer`).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Mapping

import numpy as np

from jianbao.stages.describe.openings import Openings

#: code points above this share its (empty) row and column
_TOP = 0x10000


class Lexicon:
    def __init__(self, words: Iterable[str] | Mapping[str, Any]) -> None:
        """``words``: the words, or each word with a value that :meth:`find` gives with it."""
        values = {w: v for w, v in words.items() if w} if isinstance(words, Mapping) else {w: w for w in words if w}
        self.words = frozenset(values)
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            if len(w) >= 2:
                lengths.setdefault(w[:2], set()).add(len(w))
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        self.singles = frozenset(w for w in self.words if len(w) == 1)
        # every other character, and any beyond the Basic Multilingual Plane, maps to a row and a column
        # that are all False (a word with a character beyond it is rare enough to try every position for)
        everywhere = any(ord(c) >= _TOP for w in self.words for c in w[:2])
        firsts = sorted({k[0] for k in self.lengths})
        seconds = sorted({k[1] for k in self.lengths})
        width = len(seconds) + 1
        row = np.full(_TOP + 1, len(firsts) * width, dtype=np.intp)
        col = np.full(_TOP + 1, len(seconds), dtype=np.intp)
        # a pair's entry: 1 + its place in the list of each pair's lengths, so the lengths are read, not looked up
        pairs = np.zeros((len(firsts) + 1) * width, dtype=np.intc)
        single = np.zeros(_TOP + 1, dtype=np.uint8)
        sizes = list(self.lengths.values())
        if everywhere:
            single[:] = 1
        else:
            row[[ord(c) for c in firsts]] = np.arange(len(firsts)) * width
            col[[ord(c) for c in seconds]] = np.arange(len(seconds))
            pairs[[int(row[ord(k[0])] + col[ord(k[1])]) for k in self.lengths]] = np.arange(1, len(sizes) + 1)
            single[[ord(w) for w in self.singles]] = 1
        self._openings = Openings(row, col, pairs, single, _TOP, sizes, self.lengths, values, self.singles,
                                  everywhere)

    def starts(self, text: str) -> list[int]:
        """The positions where a word may start."""
        return self._openings.starts(text)

    def scan(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each word found: the longest that starts at a position, then on from its end;
        where none does, on from the next position."""
        return self._openings.scan(text)

    def find(self, text: str) -> list[tuple[int, int, Any]]:
        """(start, end, value) of each word :meth:`scan` finds."""
        return self._openings.find(text)


def finditer(pattern: re.Pattern[str], text: str, openings: Lexicon) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, for a pattern whose every match opens with one of the
    ``openings`` words (and is never empty): the pattern is tried only where one of them starts, not
    at each character (``re`` tries every alternative of a long list wherever their first characters
    stand).  Look-behinds still see the text before the match."""
    return matches_at(pattern, text, openings.starts(text))


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, for a pattern whose every (non-empty) match starts at one of
    ``starts`` (ascending): tried there alone, leftmost first, matches not overlapping."""
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m:
                yield m
                end = m.end()

