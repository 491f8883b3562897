# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The language model's counts by packed key, in an open-addressing hash table over the sorted keys
(``model.py`` keeps them sorted beside their counts, as they are stored), and the stupid back-off walk
through the orders in C: a page asks some forty thousand questions, and a binary search costs a
cache miss a step where the table costs one or two.

The walk stops at the first order whose n-gram was seen; what it hands back (the ratio of the two
counts and the back-off penalty so far) is turned into a log probability by ``model.py`` with numpy,
exactly as the plain-numpy walk did.
"""

from libc.stdint cimport int64_t, uint32_t, uint64_t

import numpy as np


cdef inline uint64_t _mix(uint64_t x) nogil:
    """splitmix64's finaliser: packed keys differ in a few low bits, slots must not."""
    x ^= x >> 30
    x *= 0xbf58476d1ce4e5b9ULL
    x ^= x >> 27
    x *= 0x94d049bb133111ebULL
    x ^= x >> 31
    return x


cdef class CountTable:
    """Counts of distinct packed keys; an unseen key counts 0."""
    cdef const uint64_t[::1] keys
    cdef const uint32_t[::1] counts
    cdef uint32_t[::1] slots  # index + 1 into keys; 0: an empty slot
    cdef uint64_t mask

    def __init__(self, const uint64_t[::1] keys, const uint32_t[::1] counts):
        cdef Py_ssize_t n = keys.shape[0], i
        cdef uint64_t size = 1, h
        while size < 2 * <uint64_t>n:
            size <<= 1
        self.keys, self.counts = keys, counts
        self.slots = np.zeros(size, dtype=np.uint32)
        self.mask = size - 1
        for i in range(n):
            h = _mix(keys[i]) & self.mask
            while self.slots[h] != 0:
                h = (h + 1) & self.mask
            self.slots[h] = <uint32_t>(i + 1)

    cdef inline double get(self, uint64_t key) nogil:
        cdef uint64_t h = _mix(key) & self.mask
        cdef uint32_t s
        while True:
            s = self.slots[h]
            if s == 0:
                return 0.0
            if self.keys[s - 1] == key:
                return <double>self.counts[s - 1]
            h = (h + 1) & self.mask

    def count(self, const uint64_t[::1] queries):
        """The counts of ``queries`` (float64)."""
        cdef Py_ssize_t n = queries.shape[0], i
        out = np.empty(n, dtype=np.float64)
        cdef double[::1] o = out
        for i in range(n):
            o[i] = self.get(queries[i])
        return out

    def backoff(self, const int64_t[:, ::1] hist, const int64_t[::1] nexts, int order, int bits,
                double total, double step):
        """For each row (history right-aligned, −1 = none; the next character): the count ratio of the
        highest order seen and the back-off penalty before it (``step`` for each usable order passed);
        NaN where no order was seen.  Orders whose history runs past the row's start are skipped."""
        cdef Py_ssize_t n = nexts.shape[0], width = hist.shape[1], r, k
        cdef int o, ctx_len
        cdef uint64_t den_key, num_key
        cdef double c_num, c_den, penalty
        cdef bint usable
        ratio = np.full(n, np.nan)
        pen = np.zeros(n)
        cdef double[::1] rt = ratio, pn = pen
        for r in range(n):
            penalty = 0.0
            for o in range(order, 0, -1):
                ctx_len = o - 1
                usable = True
                den_key = 0
                for k in range(ctx_len):
                    if hist[r, width - ctx_len + k] < 0:
                        usable = False
                        break
                    den_key |= (<uint64_t>hist[r, width - ctx_len + k]) << (bits * (ctx_len - 1 - k))
                if not usable:
                    continue
                num_key = (den_key << bits) | <uint64_t>nexts[r] | (<uint64_t>o << 56)
                c_num = self.get(num_key)
                if c_num > 0:
                    c_den = self.get(den_key | (<uint64_t>ctx_len << 56)) if ctx_len else total
                    if c_den > 0:
                        rt[r] = c_num / c_den
                        pn[r] = penalty
                        break
                penalty = penalty + step
        return ratio, pen
