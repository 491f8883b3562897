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
