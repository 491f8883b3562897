# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The topic Gram matrix's product, compiled (``evidence.topic_gram`` finds the blocks' bigrams and weighs
them): ``G[i, j]`` is the sum, over the bigrams blocks i and j share in ascending order, of the bigram's
squared weight — the additions a sparse matrix product makes, in its order, without building the matrices."""

import numpy as np


def shared_weight(Py_ssize_t n, const Py_ssize_t[::1] block, const Py_ssize_t[::1] first,
                  const double[::1] square):
    """``[n, n]``: for bigrams ``k`` in ascending order, the blocks ``block[first[k]:first[k + 1]]`` that
    hold bigram ``k`` (each once) add ``square[k]`` to every pair of them."""
    out = np.zeros((n, n))
    cdef double[:, ::1] g = out
    cdef Py_ssize_t groups = first.shape[0], k, a, b, lo, hi, i
    cdef double w
    for k in range(groups):
        lo = first[k]
        hi = first[k + 1] if k + 1 < groups else block.shape[0]
        w = square[k]
        for a in range(lo, hi):
            i = block[a]
            for b in range(lo, hi):
                g[i, block[b]] += w
    return out


def window_sums(const double[:, ::1] gram, const Py_ssize_t[::1] body, const Py_ssize_t[::1] r0,
                const Py_ssize_t[::1] r1, const Py_ssize_t[::1] c0, const Py_ssize_t[::1] c1):
    """For each k: the sum of ``gram`` over the rows ``body[r0[k]:r1[k]]`` and the columns
    ``body[c0[k]:c1[k]]`` as the 2-D prefix sums of ``gram[np.ix_(body, body)]`` give it —
    ``P[r1, c1] - P[r0, c1] - P[r1, c0] + P[r0, c0]``, ``P`` summed down the columns first, then along the
    rows, as ``cumsum(0).cumsum(1)`` sums — with only the prefix sums asked for worked out: the same
    additions, none of the matrices."""
    cdef Py_ssize_t m = r0.shape[0], nb = body.shape[0], k, q, r, c, top = 0, width = 0
    # the corners asked for, by row: corner q of request k is (rows[q], cols[q]), q = 4k … 4k + 3
    rows = np.empty(4 * m, dtype=np.intp)
    cols = np.empty(4 * m, dtype=np.intp)
    cdef Py_ssize_t[::1] rs = rows, cs = cols
    for k in range(m):
        rs[4 * k], cs[4 * k] = r1[k], c1[k]
        rs[4 * k + 1], cs[4 * k + 1] = r0[k], c1[k]
        rs[4 * k + 2], cs[4 * k + 2] = r1[k], c0[k]
        rs[4 * k + 3], cs[4 * k + 3] = r0[k], c0[k]
    for q in range(4 * m):
        width = max(width, cs[q])
    order_ = np.argsort(rows, kind="stable")
    cdef Py_ssize_t[::1] order = order_
    corner_ = np.empty(4 * m)
    cdef double[::1] corner = corner_
    down_ = np.zeros(max(width, 1))
    cdef double[::1] down = down_  # down[c]: the column's sum over the rows before r
    along_ = np.zeros(width + 1)
    cdef double[::1] along = along_  # along[c]: the sum of down[:c]
    cdef double acc
    cdef Py_ssize_t done = -1  # the row along[] was summed for
    r = 0
    for q in range(4 * m):
        k = order[q]
        while r < rs[k]:  # take row r into the column sums
            for c in range(width):
                down[c] = down[c] + gram[body[r], body[c]]
            r += 1
        if done != r:
            acc = 0.0
            along[0] = 0.0
            for c in range(width):
                acc = acc + down[c]
                along[c + 1] = acc
            done = r
        corner[k] = along[cs[k]]
    out = np.empty(m)
    cdef double[::1] o = out
    for k in range(m):
        o[k] = corner[4 * k] - corner[4 * k + 1] - corner[4 * k + 2] + corner[4 * k + 3]
    return out
