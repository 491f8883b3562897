# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The lexicon scanner's two loops, compiled (see ``lexicon.py``, which builds the tables).

``starts``: the positions where a word may open — the text's next two characters open a word, or its
next character is a one-character word; read from the tables character by character, straight from the
string's own buffer (one loop for each width of character a string may store), into a C array.
``scan``: at each of them the longest word that starts there, then on from its end — the loop
``Lexicon.scan`` describes; the lengths of the words an opening pair starts are read from the pair's entry
in the table, not looked up by a two-character slice; ``find`` gives each word's value with it.
"""

from cpython.mem cimport PyMem_Free
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND
from libc.stdint cimport uint8_t, uint16_t, uint32_t

from jianbao.stages.describe.positions cimport listed, room

#: how a string stores its characters: one, two or four bytes each
ctypedef fused code:
    uint8_t
    uint16_t
    uint32_t


cdef struct Tables:
    const Py_ssize_t *row
    const Py_ssize_t *col
    const int *pairs             # 0: no word opens with the pair; else 1 + the pair's number
    const unsigned char *single  # a one-character word
    Py_UCS4 top


cdef inline Py_UCS4 _key(Py_UCS4 ch, Py_UCS4 top) noexcept nogil:
    return ch if ch < top else top


cdef Py_ssize_t _opens(const code *s, Py_ssize_t n, const Tables *t, Py_ssize_t *out) noexcept nogil:
    """Writes where a word may open to ``out`` (room for ``n``); gives how many."""
    cdef Py_ssize_t i, m = 0, r = 0
    cdef Py_UCS4 k, before = 0, top = t.top
    cdef const Py_ssize_t *row = t.row
    cdef const Py_ssize_t *col = t.col
    cdef const int *pairs = t.pairs
    cdef const unsigned char *single = t.single
    for i in range(n):
        k = _key(s[i], top)
        if i and (pairs[r + col[k]] or single[before]):
            out[m] = i - 1
            m += 1
        r = row[k]
        before = k
    if n and single[before]:
        out[m] = n - 1
        m += 1
    return m


cdef inline int _pair(const code *s, Py_ssize_t n, Py_ssize_t i, const Tables *t) noexcept nogil:
    """The pair entry of the two characters at ``i`` (0 at the last character)."""
    if i + 1 >= n:
        return 0
    return t.pairs[t.row[_key(s[i], t.top)] + t.col[_key(s[i + 1], t.top)]]


cdef class Openings:
    cdef const Py_ssize_t[::1] row
    cdef const Py_ssize_t[::1] col
    cdef const int[::1] pairs
    cdef const unsigned char[::1] single
    cdef Tables tables
    cdef list sizes
    cdef dict lengths
    cdef dict words
    cdef frozenset singles
    cdef bint everywhere

    def __init__(self, row, col, pairs, single, Py_UCS4 top, list sizes, dict lengths, dict words,
                 frozenset singles, bint everywhere):
        """``pairs``: each pair's entry, 1 + its place in ``sizes`` (the lengths of the words it opens,
        longest first); ``everywhere``: the tables cannot tell (a word has a character beyond ``top``),
        so a word may open at every position and ``lengths`` (a word's first two characters: its
        lengths) and ``singles`` say which do."""
        self.row, self.col, self.pairs, self.single = row, col, pairs, single
        self.tables.row, self.tables.col = &self.row[0], &self.col[0]
        self.tables.pairs, self.tables.single, self.tables.top = &self.pairs[0], &self.single[0], top
        self.sizes, self.lengths, self.words, self.singles = sizes, lengths, words, singles
        self.everywhere = everywhere

    cdef Py_ssize_t _starts(self, str text, Py_ssize_t *out):
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        if kind == 1:
            return _opens(<const uint8_t *> data, n, &self.tables, out)
        if kind == 2:
            return _opens(<const uint16_t *> data, n, &self.tables, out)
        return _opens(<const uint32_t *> data, n, &self.tables, out)

    cpdef list starts(self, str text):
        cdef Py_ssize_t *out = room(text)
        try:
            return listed(out, self._starts(text, out))
        finally:
            PyMem_Free(out)

    def scan(self, str text):
        return self.found(text, False)

    def find(self, str text):
        return self.found(text, True)

    cdef tuple _sizes(self, str text, Py_ssize_t start, Py_ssize_t n, int kind, void *data):
        """The lengths of the words that may start at ``start``, longest first."""
        cdef int entry
        cdef tuple sizes
        if self.everywhere:
            sizes = self.lengths.get(text[start:start + 2], ())
            return (*sizes, 1) if text[start] in self.singles else sizes
        if kind == 1:
            entry = _pair(<const uint8_t *> data, n, start, &self.tables)
        elif kind == 2:
            entry = _pair(<const uint16_t *> data, n, start, &self.tables)
        else:
            entry = _pair(<const uint32_t *> data, n, start, &self.tables)
        sizes = self.sizes[entry - 1] if entry else ()
        if self.tables.single[_key(text[start], self.tables.top)]:
            return (*sizes, 1)
        return sizes

    cdef list found(self, str text, bint values):
        cdef list out = []
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, j, m, start, end, size
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        cdef object value
        cdef Py_ssize_t *opens = room(text)
        try:
            m = self._starts(text, opens)
            for j in range(m):
                start = opens[j]
                if start < i:
                    continue  # inside the word found last
                for size in self._sizes(text, start, n, kind, data):
                    end = start + size
                    if end <= n:
                        value = self.words.get(text[start:end], _NOT_A_WORD)
                        if value is not _NOT_A_WORD:
                            out.append((start, end, value) if values else (start, end))
                            i = end
                            break
        finally:
            PyMem_Free(opens)
        return out


_NOT_A_WORD = object()
