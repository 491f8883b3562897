# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The start models' trees walked in C (``starts.TreeModel``): each row through each tree, ``depth`` steps,
the leaf it reaches; what the leaves hold is summed by numpy, as before."""

from libc.math cimport isnan

import numpy as np


def leaves(const double[:, ::1] x, const Py_ssize_t[::1] roots, const Py_ssize_t[::1] feature,
           const double[::1] threshold, const unsigned char[::1] missing_left, const Py_ssize_t[::1] left,
           int depth):
    """``[rows, trees]``: the leaf each row reaches in each tree — from node ``i`` to ``left[i]`` where
    ``x[feature[i]] <= threshold[i]`` (a missing value where ``missing_left[i]``), else to ``left[i] + 1``."""
    cdef Py_ssize_t n = x.shape[0], trees = roots.shape[0], r, t, node
    cdef int d
    cdef double v
    out = np.empty((n, trees), dtype=np.intp)
    cdef Py_ssize_t[:, ::1] o = out
    for r in range(n):
        for t in range(trees):
            node = roots[t]
            for d in range(depth):
                if left[node] == node:
                    break  # a leaf: the row stays (the steps left would keep it there)
                v = x[r, feature[node]]
                node = left[node] + (v > threshold[node] or (isnan(v) and not missing_left[node]))
            o[r, t] = node
    return out
