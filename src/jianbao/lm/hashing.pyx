# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The title classifiers' hashed features (``titles.features`` through ``titles.hashed``), a page's lines at
once and compiled: each feature's CRC-32 (zlib's, a table a byte) taken over its UTF-8 bytes as they are
read, with no feature spelled out as a string.  The lines come folded (``titles.folded``); the CRCs come in
the order ``titles.features`` lists the features, each modulo the table's size."""

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


def feature_rows(list lines, str punct, str pauses, dateline, unsigned long dim):
    """The hashed features of each folded line (``titles.folded``), joined (``long long``), and where each
    line's start, one past the last's at the end: ``punct`` the marks counted one by one (``P:``),
    ``pauses`` those counted together (``NP:``), ``dateline`` a pattern's ``search`` (``DATELINE``)."""
    cdef Py_ssize_t n = len(lines), i, k, m, size = 0, at_out = 0
    cdef str t
    cdef Py_UCS4 c, prev
    cdef uint32_t s, g_state, empty
    cdef int count, pause_count, bucket, length
    for i in range(n):
        size += 8 + 2 * len(<str> lines[i]) + len(punct)  # at most: edges, length, characters, bigrams, marks
    out_ = np.empty(max(size, 1), dtype=np.longlong)
    at_ = np.empty(n + 1, dtype=np.intp)
    cdef long long[::1] out = out_
    cdef Py_ssize_t[::1] at = at_
    cdef Py_UCS4* chars = NULL
    g_state = _ascii(0xFFFFFFFFU, b"G:")
    empty = _ascii(0xFFFFFFFFU, b"EMPTY")
    try:
        for i in range(n):
            at[i] = at_out
            t = <str> lines[i]
            length = len(t)
            if length == 0:
                out[at_out] = _done(empty, dim)
                at_out += 1
                continue
            # the edges: B:, B2:, E:, E2:, then the length's bucket L:
            out[at_out] = _done(_char(_ascii(0xFFFFFFFFU, b"B:"), t[0]), dim)
            s = _char(_ascii(0xFFFFFFFFU, b"B2:"), t[0])
            out[at_out + 1] = _done(_char(s, t[1]) if length > 1 else s, dim)
            out[at_out + 2] = _done(_char(_ascii(0xFFFFFFFFU, b"E:"), t[length - 1]), dim)
            s = _ascii(0xFFFFFFFFU, b"E2:")
            if length > 1:
                s = _char(s, t[length - 2])
            out[at_out + 3] = _done(_char(s, t[length - 1]), dim)
            bucket = 0
            while bucket < 10 and length > _EDGES[bucket]:
                bucket += 1
            out[at_out + 4] = _done(_small(_ascii(0xFFFFFFFFU, b"L:"), bucket), dim)
            at_out += 5
            # U: each distinct character, in ascending order
            chars = <Py_UCS4*> malloc(length * sizeof(Py_UCS4))
            if chars == NULL:
                raise MemoryError()
            for k in range(length):
                chars[k] = t[k]
            qsort(chars, length, sizeof(Py_UCS4), _ascending)
            for k in range(length):
                if k and chars[k] == chars[k - 1]:
                    continue
                out[at_out] = _done(_char(_ascii(0xFFFFFFFFU, b"U:"), chars[k]), dim)
                at_out += 1
            free(chars)
            chars = NULL
            # G: each bigram, in order
            prev = t[0]
            for k in range(1, length):
                c = t[k]
                out[at_out] = _done(_char(_char(g_state, prev), c), dim)
                at_out += 1
                prev = c
            # P: each mark that occurs, its count up to 3; NP: the pauses together, up to 4
            for c in punct:
                count = 0
                for k in range(length):
                    if t[k] == c:
                        count += 1
                if count:
                    s = _small(_byte(_char(_ascii(0xFFFFFFFFU, b"P:"), c), 58), count if count < 3 else 3)
                    out[at_out] = _done(s, dim)
                    at_out += 1
            pause_count = 0
            for k in range(length):
                if t[k] in pauses:
                    pause_count += 1
            out[at_out] = _done(_small(_ascii(0xFFFFFFFFU, b"NP:"), pause_count if pause_count < 4 else 4), dim)
            at_out += 1
            if dateline(t) is not None:
                out[at_out] = _done(_ascii(0xFFFFFFFFU, b"DATELINE"), dim)
                at_out += 1
    finally:
        free(chars)
    at[n] = at_out
    return out_[:at_out], at_
