# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The start models' trees walked in C (``starts.TreeModel``): each row through each tree, ``depth`` steps,
the leaf it reaches — and the row's log-odds, the values of its leaves summed as numpy sums a row of them
(``sums.pxd``) and added to the base."""

from libc.math cimport isnan

from jianbao.stages.sums cimport pairwise_sum

import numpy as np


cdef inline Py_ssize_t _leaf(const double[:, ::1] x, Py_ssize_t r, Py_ssize_t node,
                             const Py_ssize_t[::1] feature, const double[::1] threshold,
                             const unsigned char[::1] missing_left, const Py_ssize_t[::1] left, int depth) noexcept nogil:
    """The leaf row ``r`` reaches from ``node`` — from node ``i`` to ``left[i]`` where ``x[feature[i]] <=
    threshold[i]`` (a missing value where ``missing_left[i]``), else to ``left[i] + 1``."""
    cdef int d
    cdef double v
    for d in range(depth):
        if left[node] == node:
            break  # a leaf: the row stays (the steps left would keep it there)
        v = x[r, feature[node]]
        # (bitwise, not ``or``: no branch to mispredict, the side taken is as likely as not)
        node = left[node] + ((v > threshold[node]) | (isnan(v) & (missing_left[node] == 0)))
    return node


def leaves(const double[:, ::1] x, const Py_ssize_t[::1] roots, const Py_ssize_t[::1] feature,
           const double[::1] threshold, const unsigned char[::1] missing_left, const Py_ssize_t[::1] left,
           int depth):
    """``[rows, trees]``: the leaf each row reaches in each tree."""
    cdef Py_ssize_t n = x.shape[0], trees = roots.shape[0], r, t
    out = np.empty((n, trees), dtype=np.intp)
    cdef Py_ssize_t[:, ::1] o = out
    for r in range(n):
        for t in range(trees):
            o[r, t] = _leaf(x, r, roots[t], feature, threshold, missing_left, left, depth)
    return out


def log_odds(const double[:, ::1] x, const Py_ssize_t[::1] roots, const Py_ssize_t[::1] feature,
             const double[::1] threshold, const unsigned char[::1] missing_left, const Py_ssize_t[::1] left,
             const double[::1] value, int depth, double base):
    """Each row's ``base`` plus the values of the leaves it reaches, summed over the trees in their order:
    ``base + value[leaves(…)].sum(axis=1)`` to the last bit."""
    cdef Py_ssize_t n = x.shape[0], trees = roots.shape[0], r, t
    out = np.empty(n)
    cdef double[::1] o = out
    reached_ = np.empty(max(trees, 1))
    cdef double[::1] reached = reached_
    for r in range(n):
        for t in range(trees):
            reached[t] = value[_leaf(x, r, roots[t], feature, threshold, missing_left, left, depth)]
        o[r] = base + pairwise_sum(&reached[0], trees)
    return out
