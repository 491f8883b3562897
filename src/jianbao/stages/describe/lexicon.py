"""Find the words of a long list in a text: at each position the longest word that starts there, left to
right, without overlaps — what a regular expression of the words, longest
first, finds, without trying a hundred alternatives at every character.

Words are looked for only where the text's next two characters open one (or its next character is a
one-character word); for a text of some length those positions are found at once with numpy, so the
Python loop visits a few positions in a hundred.  Places and topic terms are found this way.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np

#: below this length a text is walked position by position (numpy's set-up costs more)
SHORT = 64
#: code points above this share its (empty) row and column
_TOP = 0x10000


class Lexicon:
    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            if len(w) >= 2:
                lengths.setdefault(w[:2], set()).add(len(w))
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        self.singles = frozenset(w for w in self.words if len(w) == 1)
        # the opening pairs as one flat table of booleans: a character's row offset (by the first
        # characters) plus its column (by the second characters); every other character, and any
        # beyond the Basic Multilingual Plane, maps to a row and a column that are all False
        # (a word with a character beyond it is rare enough to walk every position for)
        self._everywhere = any(ord(c) >= _TOP for w in self.words for c in w[:2])
        firsts = sorted({k[0] for k in self.lengths if not self._everywhere})
        seconds = sorted({k[1] for k in self.lengths if not self._everywhere})
        width = len(seconds) + 1
        self._row = np.full(_TOP + 1, len(firsts) * width, dtype=np.intp)
        self._row[[ord(c) for c in firsts]] = np.arange(len(firsts)) * width
        self._col = np.full(_TOP + 1, len(seconds), dtype=np.intp)
        self._col[[ord(c) for c in seconds]] = np.arange(len(seconds))
        self._pairs = np.zeros((len(firsts) + 1) * width, dtype=bool)
        if firsts:
            self._pairs[[int(self._row[ord(k[0])] + self._col[ord(k[1])]) for k in self.lengths]] = True
        # the one-character words as a table by code point
        self._single = np.zeros(_TOP + 1, dtype=bool)
        self._single[[ord(w) for w in self.singles if not self._everywhere]] = True

    def _starts(self, text: str) -> Iterable[int]:
        """The positions where a word may start."""
        if len(text) < SHORT or self._everywhere:
            return range(len(text))
        codes = np.minimum(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), _TOP)
        hit = np.zeros(len(codes), dtype=bool)
        hit[:-1] = self._pairs[self._row[codes[:-1]] + self._col[codes[1:]]]
        if self.singles:
            hit |= self._single[codes]
        return np.flatnonzero(hit).tolist()

    def scan(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each word found: the longest that starts at a position, then on from its end;
        where none does, on from the next position."""
        out: list[tuple[int, int]] = []
        n, i = len(text), 0
        words = self.words
        for start in self._starts(text):
            if start < i:
                continue  # inside the word found last
            sizes = self.lengths.get(text[start:start + 2], ())
            if text[start] in self.singles:
                sizes = (*sizes, 1)
            for size in sizes:
                end = start + size
                if end <= n and text[start:end] in words:
                    out.append((start, end))
                    i = end
                    break
        return out
