# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The sums behind a title-like line's start features (``starts.start_features``), compiled: the line
classifiers' log-odds (the weights of a line's hashed features, summed) and the line's topical overlap with
the body text before and after it (sums over windows of the topic Gram matrix).

Every sum is taken as numpy takes it (``sums.pxd``), so each comes out to the last bit as it did in numpy."""

from libc.math cimport INFINITY, isnan, sqrt

from jianbao.stages.sums cimport pairwise_sum as _sum

import numpy as np

#: the widest window an overlap takes (``starts.BEFORE``, ``starts.AFTER`` are far narrower)
cdef enum:
    MAX_WINDOW = 64


def numpy_sum(const double[::1] a):
    """``a.sum()`` as numpy takes it (what the tests hold the compiled sums to)."""
    return _sum(&a[0], a.shape[0]) if a.shape[0] else 0.0


def logits(const float[::1] weights, const long long[::1] features, const Py_ssize_t[::1] at, float bias):
    """Line ``r``'s log-odds: the weights of its hashed features ``features[at[r]:at[r + 1]]``, summed, plus
    the bias — in float32, as ``TitleModel.logit`` adds them."""
    cdef Py_ssize_t lines = at.shape[0] - 1, r, k, n
    out = np.empty(lines)
    cdef double[::1] o = out
    cdef float[::1] picked = np.empty(max(features.shape[0], 1), dtype=np.float32)
    for r in range(lines):
        n = at[r + 1] - at[r]
        for k in range(n):
            picked[k] = weights[features[at[r] + k]]
        o[r] = _sum(&picked[0], n) + bias
    return out


cdef double _overlap(const double[:, ::1] gram, Py_ssize_t b, const Py_ssize_t* ys, Py_ssize_t m,
                     double* scratch) noexcept nogil:
    """Cosine of block ``b`` against the blocks ``ys[0:m]`` taken together (``starts._overlap``)."""
    cdef Py_ssize_t i, j
    cdef double own, together, num
    if m == 0:
        return 0.0
    for i in range(m):
        for j in range(m):
            scratch[i * m + j] = gram[ys[i], ys[j]]
    together = _sum(scratch, m * m)
    for j in range(m):
        scratch[j] = gram[b, ys[j]]
    num = _sum(scratch, m)
    own = gram[b, b]
    if not own > 1e-12:  # (Python's max keeps the first unless the second is larger)
        own = 1e-12
    if not together > 1e-12:
        together = 1e-12
    return num / sqrt(own * together)


def overlaps(const double[:, ::1] gram, const Py_ssize_t[::1] body, const Py_ssize_t[::1] lines, int before,
             int after):
    """For each line ``b``: its overlap with the ``before`` body blocks before it and with the ``after`` body
    blocks after it (the first ``after + 1`` body blocks from its place on that come after it), and the
    first of those (−1: none)."""
    cdef Py_ssize_t n = lines.shape[0], nb = body.shape[0], r, b, at, lo, hi, m, k
    if before > MAX_WINDOW or after + 1 > MAX_WINDOW:
        raise ValueError("a window of more than 64 blocks")
    cdef Py_ssize_t ys[MAX_WINDOW]
    cdef double scratch[MAX_WINDOW * MAX_WINDOW]
    out_before, out_after, out_first = np.empty(n), np.empty(n), np.empty(n, dtype=np.intp)
    cdef double[::1] ob = out_before, oa = out_after
    cdef Py_ssize_t[::1] of = out_first
    for r in range(n):
        b = lines[r]
        lo, hi = 0, nb  # at: how many body blocks come before b (a binary search, as np.searchsorted)
        while lo < hi:
            m = (lo + hi) // 2
            if body[m] < b:
                lo = m + 1
            else:
                hi = m
        at = lo
        m = 0
        for k in range(at - before if at > before else 0, at):
            ys[m] = body[k]
            m += 1
        ob[r] = _overlap(gram, b, ys, m, scratch)
        m = 0
        for k in range(at, at + after + 1 if at + after + 1 < nb else nb):
            if body[k] > b and m < after:
                ys[m] = body[k]
                m += 1
        oa[r] = _overlap(gram, b, ys, m, scratch)
        of[r] = ys[0] if m else -1
    return out_before, out_after, out_first


cdef inline double _maximum(double a, double b) noexcept nogil:
    """``np.maximum(a, b)`` (a NaN wins)."""
    return a if a >= b or isnan(a) else b


def nearest_joins(const double[:, ::1] join, const Py_ssize_t[::1] lines, int reach):
    """For each line ``b``: the highest of ``join[b - k, b]`` (a block just before running on into it) and
    the highest of ``join[b, b + k]`` (it running on into a block just after), ``k`` = 1 … ``reach``, blocks
    on the page; −inf where there is none."""
    cdef Py_ssize_t n = join.shape[0], m = lines.shape[0], r, b, k
    into_, on_ = np.empty(m), np.empty(m)
    cdef double[::1] into = into_, on = on_
    for r in range(m):
        b = lines[r]
        into[r] = on[r] = -INFINITY
        for k in range(1, reach + 1):
            if b - k >= 0:
                into[r] = _maximum(into[r], join[b - k, b])
            if b + k < n:
                on[r] = _maximum(on[r], join[b, b + k])
    return into_, on_
