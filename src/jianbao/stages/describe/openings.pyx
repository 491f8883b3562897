# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The lexicon scanner's two loops, compiled (see ``lexicon.py``, which builds the tables).

``starts``: the positions where a word may open — the text's next two characters open a word, or its
next character is a one-character word; read from the tables character by character, straight from the
string (numpy had to copy the text out and back, and cost more to set up than to run on a paragraph).
``scan``: at each of them the longest word that starts there, then on from its end — the loop
``Lexicon.scan`` describes, with the same lookups; ``find`` gives each word's value with it.
"""

cdef class Openings:
    cdef const Py_ssize_t[::1] row
    cdef const Py_ssize_t[::1] col
    cdef const unsigned char[::1] pairs
    cdef const unsigned char[::1] single
    cdef Py_UCS4 top
    cdef dict lengths
    cdef dict words
    cdef frozenset singles

    def __init__(self, row, col, pairs, single, Py_UCS4 top, dict lengths, dict words, frozenset singles):
        self.row, self.col, self.pairs, self.single, self.top = row, col, pairs, single, top
        self.lengths, self.words, self.singles = lengths, words, singles

    cpdef list starts(self, str text):
        cdef list out = []
        cdef Py_ssize_t i = 0, r = 0
        cdef Py_UCS4 ch, k, before = 0
        for ch in text:
            k = ch if ch < self.top else self.top
            if i and (self.pairs[r + self.col[k]] or self.single[before]):
                out.append(i - 1)
            r = self.row[k]
            before = k
            i += 1
        if i and self.single[before]:
            out.append(i - 1)
        return out

    def scan(self, str text):
        return self.found(text, False)

    def find(self, str text):
        return self.found(text, True)

    cdef list found(self, str text, bint values):
        cdef list out = []
        cdef Py_ssize_t n = len(text), i = 0, start, end, size
        cdef tuple sizes
        cdef object value
        for start in self.starts(text):
            if start < i:
                continue  # inside the word found last
            sizes = self.lengths.get(text[start:start + 2], ())
            if text[start] in self.singles:
                sizes = (*sizes, 1)
            for size in sizes:
                end = start + size
                if end <= n:
                    value = self.words.get(text[start:end], _NOT_A_WORD)
                    if value is not _NOT_A_WORD:
                        out.append((start, end, value) if values else (start, end))
                        i = end
                        break
        return out


_NOT_A_WORD = object()
