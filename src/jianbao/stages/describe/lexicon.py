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


class Lexicon:
    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            if len(w) >= 2:
                lengths.setdefault(w[:2], set()).add(len(w))
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        self.singles = frozenset(w for w in self.words if len(w) == 1)
        # the opening pairs as sorted numbers (first character << 21 | second), a sentinel at the end;
        # the one-character words as a table by code point
        pairs = sorted({ord(k[0]) << 21 | ord(k[1]) for k in self.lengths})
        self._openings = np.array(pairs + [-1], dtype=np.int64)
        self._single = np.zeros(max(map(ord, self.singles), default=0) + 2, dtype=bool)
        self._single[[ord(w) for w in self.singles]] = True

    def _starts(self, text: str) -> Iterable[int]:
        """The positions where a word may start."""
        if len(text) < SHORT:
            return range(len(text))
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        wide = codes.astype(np.int64)
        pairs = wide[:-1] << 21 | wide[1:]
        hit = np.zeros(len(codes), dtype=bool)
        hit[:-1] = self._openings[np.searchsorted(self._openings[:-1], pairs)] == pairs  # past the end: -1
        hit |= self._single[np.minimum(codes, len(self._single) - 1)]
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
