# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The title classifiers' hashed features (``titles.features`` through ``titles.hashed``), a page's lines at
once and compiled: each feature's CRC-32 (zlib's, a table a byte) taken over its UTF-8 bytes as they are
read, with no feature spelled out as a string.  The lines come made normal (NFKC, spaces out) and are
folded here as ``model.fold`` folds; the CRCs come in the order ``titles.features`` lists the features,
each modulo the table's size."""

from libc.stdint cimport uint32_t
from libc.stdlib cimport free, malloc, qsort

import numpy as np

cdef uint32_t _TABLE[256]


cdef void _fill_table() noexcept:
    cdef uint32_t c, n, k
    for n in range(256):
        c = n
        for k in range(8):
            c = (c >> 1) ^ 0xEDB88320U if c & 1 else c >> 1
        _TABLE[n] = c


_fill_table()


# a CRC's running state is its value with every bit flipped (zlib's crc32(data, value) starts from ~value)
cdef inline uint32_t _byte(uint32_t s, unsigned char b) noexcept nogil:
    return _TABLE[(s ^ b) & 0xFF] ^ (s >> 8)


cdef inline uint32_t _ascii(uint32_t s, const char* text) noexcept nogil:
    while text[0]:
        s = _byte(s, <unsigned char> text[0])
        text += 1
    return s


cdef inline uint32_t _char(uint32_t s, Py_UCS4 ch) except? 0:
    """The state after the UTF-8 bytes of ``ch`` (a lone surrogate has none: refused, as ``str.encode`` does)."""
    cdef uint32_t c = <uint32_t> ch
    if c < 0x80:
        return _byte(s, <unsigned char> c)
    if c < 0x800:
        return _byte(_byte(s, <unsigned char> (0xC0 | (c >> 6))), <unsigned char> (0x80 | (c & 0x3F)))
    if c < 0x10000:
        if 0xD800 <= c <= 0xDFFF:
            raise UnicodeEncodeError("utf-8", chr(c), 0, 1, "surrogates not allowed")
        s = _byte(s, <unsigned char> (0xE0 | (c >> 12)))
    else:
        s = _byte(_byte(s, <unsigned char> (0xF0 | (c >> 18))), <unsigned char> (0x80 | ((c >> 12) & 0x3F)))
    return _byte(_byte(s, <unsigned char> (0x80 | ((c >> 6) & 0x3F))), <unsigned char> (0x80 | (c & 0x3F)))


cdef inline uint32_t _small(uint32_t s, int n) noexcept nogil:
    """The state after the decimal digits of ``0 <= n < 100``."""
    if n >= 10:
        s = _byte(s, <unsigned char> (48 + n // 10))
    return _byte(s, <unsigned char> (48 + n % 10))


cdef inline long long _done(uint32_t s, unsigned long dim) noexcept nogil:
    """The CRC a running state stands for, modulo the table's size."""
    return (s ^ 0xFFFFFFFFU) % dim


cdef int _ascending(const void* a, const void* b) noexcept nogil:
    cdef Py_UCS4 x = (<const Py_UCS4*> a)[0], y = (<const Py_UCS4*> b)[0]
    return (x > y) - (x < y)


#: the length buckets' upper edges (``titles.features``' ``L:``)
cdef int _EDGES[10]
_EDGES[:] = [3, 5, 7, 9, 12, 15, 19, 24, 30, 40]


cdef inline Py_UCS4 _folded(Py_UCS4 c) noexcept nogil:
    """``model.fold``'s folding of a character NFKC has made normal: an ASCII digit is ``0``, an ASCII letter ``a``."""
    if 48 <= c <= 57:
        return 48
    if 65 <= c <= 90 or 97 <= c <= 122:
        return 97
    return c


#: the most marks ``punct`` may name
cdef enum:
    MAX_MARKS = 64


def feature_rows(list lines, str punct, str pauses, dateline, unsigned long dim):
    """The hashed features of each line made normal (NFKC, spaces out: ``titles.feature_rows``), folded here
    as it is read, joined (``long long``), and where each line's start, one past the last's at the end:
    ``punct`` the marks counted one by one (``P:``), ``pauses`` those counted together (``NP:``), ``dateline``
    a pattern's ``search`` (``DATELINE``; asked of the text made normal, which folding changes nothing of
    to it)."""
    cdef Py_ssize_t n = len(lines), i, k, size = 0, longest = 0, at_out = 0, marks = len(punct), p
    cdef str text
    cdef Py_UCS4 c
    cdef Py_UCS4 mark[MAX_MARKS]
    cdef bint pause[MAX_MARKS]
    cdef int count[MAX_MARKS]
    cdef uint32_t s, b_state, b2_state, e_state, e2_state, l_state, u_state, g_state, p_state, np_state, empty, dated
    cdef int pause_count, bucket, length
    if marks > MAX_MARKS or any(c not in punct for c in pauses):
        raise ValueError("at most 64 marks, the pauses among them")
    for p in range(marks):
        mark[p] = punct[p]
        pause[p] = punct[p] in pauses
    for i in range(n):
        length = len(<str> lines[i])
        size += 8 + 2 * length + marks  # at most: edges, length, characters, bigrams, marks
        longest = max(longest, length)
    out_ = np.empty(max(size, 1), dtype=np.longlong)
    at_ = np.empty(n + 1, dtype=np.intp)
    cdef long long[::1] out = out_
    cdef Py_ssize_t[::1] at = at_
    b_state, b2_state = _ascii(0xFFFFFFFFU, b"B:"), _ascii(0xFFFFFFFFU, b"B2:")
    e_state, e2_state = _ascii(0xFFFFFFFFU, b"E:"), _ascii(0xFFFFFFFFU, b"E2:")
    l_state, u_state, g_state = _ascii(0xFFFFFFFFU, b"L:"), _ascii(0xFFFFFFFFU, b"U:"), _ascii(0xFFFFFFFFU, b"G:")
    p_state, np_state = _ascii(0xFFFFFFFFU, b"P:"), _ascii(0xFFFFFFFFU, b"NP:")
    empty, dated = _ascii(0xFFFFFFFFU, b"EMPTY"), _ascii(0xFFFFFFFFU, b"DATELINE")
    cdef Py_UCS4* t = <Py_UCS4*> malloc(max(longest, 1) * sizeof(Py_UCS4))
    cdef Py_UCS4* chars = <Py_UCS4*> malloc(max(longest, 1) * sizeof(Py_UCS4))
    if t == NULL or chars == NULL:
        free(t)
        free(chars)
        raise MemoryError()
    try:
        for i in range(n):
            at[i] = at_out
            text = <str> lines[i]
            length = 0
            for c in text:
                t[length] = _folded(c)
                length += 1
            if length == 0:
                out[at_out] = _done(empty, dim)
                at_out += 1
                continue
            # the edges: B:, B2:, E:, E2:, then the length's bucket L:
            out[at_out] = _done(_char(b_state, t[0]), dim)
            s = _char(b2_state, t[0])
            out[at_out + 1] = _done(_char(s, t[1]) if length > 1 else s, dim)
            out[at_out + 2] = _done(_char(e_state, t[length - 1]), dim)
            s = _char(e2_state, t[length - 2]) if length > 1 else e2_state
            out[at_out + 3] = _done(_char(s, t[length - 1]), dim)
            bucket = 0
            while bucket < 10 and length > _EDGES[bucket]:
                bucket += 1
            out[at_out + 4] = _done(_small(l_state, bucket), dim)
            at_out += 5
            # U: each distinct character, in ascending order
            for k in range(length):
                chars[k] = t[k]
            qsort(chars, length, sizeof(Py_UCS4), _ascending)
            for k in range(length):
                if k == 0 or chars[k] != chars[k - 1]:
                    out[at_out] = _done(_char(u_state, chars[k]), dim)
                    at_out += 1
            # G: each bigram, in order
            for k in range(1, length):
                out[at_out] = _done(_char(_char(g_state, t[k - 1]), t[k]), dim)
                at_out += 1
            # P: each mark that occurs, its count up to 3, in the marks' order; NP: the pauses together, up to 4
            for p in range(marks):
                count[p] = 0
            for k in range(length):
                for p in range(marks):
                    if t[k] == mark[p]:
                        count[p] += 1
                        break
            pause_count = 0
            for p in range(marks):
                if count[p]:
                    s = _small(_byte(_char(p_state, mark[p]), 58), count[p] if count[p] < 3 else 3)
                    out[at_out] = _done(s, dim)
                    at_out += 1
                    if pause[p]:
                        pause_count += count[p]
            out[at_out] = _done(_small(np_state, pause_count if pause_count < 4 else 4), dim)
            at_out += 1
            if dateline(text) is not None:
                out[at_out] = _done(dated, dim)
                at_out += 1
    finally:
        free(t)
        free(chars)
    at[n] = at_out
    return out_[:at_out], at_
