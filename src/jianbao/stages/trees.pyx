# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The start models' trees walked in C (``starts.TreeModel``): each row through each tree, ``depth`` steps,
one comparison a split (:func:`split_slots`), the leaf it reaches — and the row's log-odds, the values of its
leaves summed as numpy sums a row of them (``sums.pxd``) and added to the base."""

from libc.math cimport INFINITY, isnan

from jianbao.stages.sums cimport pairwise_sum

import numpy as np


cdef inline void _slotted(const double[:, ::1] x, Py_ssize_t r, double[::1] xs) noexcept nogil:
    """Row ``r`` of ``x`` as its slots (:func:`split_slots`): each feature's value, its value with a missing one as
    +inf, and whether it is missing."""
    cdef Py_ssize_t f
    cdef double v
    for f in range(x.shape[1]):
        v = x[r, f]
        xs[3 * f] = v
        xs[3 * f + 1] = INFINITY if isnan(v) else v
        xs[3 * f + 2] = 1.0 if isnan(v) else 0.0


cdef inline Py_ssize_t _leaf(const double[::1] xs, Py_ssize_t node, const Py_ssize_t[::1] slot,
                             const double[::1] cut, const Py_ssize_t[::1] left, int depth) noexcept nogil:
    """The leaf a row (its slots ``xs``) reaches from ``node``, one comparison a split: from node ``i`` to
    ``left[i]`` where ``xs[slot[i]] <= cut[i]``, else to ``left[i] + 1`` — a leaf to itself (its slot 0 held
    against +inf: no value is above it), so every row takes ``depth`` steps, none asking whether it is at a leaf."""
    cdef int d
    for d in range(depth):
        node = left[node] + (xs[slot[node]] > cut[node])
    return node


def leaves(const double[:, ::1] x, const Py_ssize_t[::1] roots, const Py_ssize_t[::1] slot, const double[::1] cut,
           const Py_ssize_t[::1] left, int depth):
    """``[rows, trees]``: the leaf each row reaches in each tree (``slot`` and ``cut``: :func:`split_slots`)."""
    cdef Py_ssize_t n = x.shape[0], trees = roots.shape[0], r, t
    out = np.empty((n, trees), dtype=np.intp)
    cdef Py_ssize_t[:, ::1] o = out
    slots_ = np.empty(max(3 * x.shape[1], 1))
    cdef double[::1] xs = slots_
    for r in range(n):
        _slotted(x, r, xs)
        for t in range(trees):
            o[r, t] = _leaf(xs, roots[t], slot, cut, left, depth)
    return out


def split_slots(const Py_ssize_t[::1] feature, const double[::1] threshold, const unsigned char[::1] missing_left,
                const Py_ssize_t[::1] left):
    """Per node, the slot of a walked row (:func:`log_odds`) its split reads and the threshold it holds that
    slot against, so that a split is one comparison: feature f's slots are 3f (its value: a split that sends a
    missing value left, as no value is above a threshold), 3f + 1 (its value, a missing one as +inf: a split
    that sends it right) and 3f + 2 (1 where it is missing, else 0: a split that sends only a missing value
    right, at a threshold of +inf, held against 0.5).  A leaf's are slot 0 and +inf: a row walked on from it stays."""
    cdef Py_ssize_t nodes = left.shape[0], i, f
    cdef double cut
    slot_ = np.zeros(nodes, dtype=np.intp)
    cut_ = np.full(nodes, np.inf)
    cdef Py_ssize_t[::1] slot = slot_
    cdef double[::1] cuts = cut_
    for i in range(nodes):
        if left[i] == i:
            continue
        f, cut = feature[i], threshold[i]
        if missing_left[i]:
            slot[i] = 3 * f
        elif not cut < INFINITY:  # (+inf or NaN: no value goes right, a missing one does)
            slot[i], cut = 3 * f + 2, 0.5
        else:
            slot[i] = 3 * f + 1
        cuts[i] = cut
    return slot_, cut_


def log_odds(const double[:, ::1] x, const Py_ssize_t[::1] roots, const Py_ssize_t[::1] slot, const double[::1] cut,
             const Py_ssize_t[::1] left, const double[::1] value, int depth, double base):
    """Each row's ``base`` plus the values of the leaves it reaches, summed over the trees in their order:
    ``base + value[leaves(…)].sum(axis=1)`` to the last bit.  Each row is walked as its slots
    (:func:`split_slots`: ``slot`` and ``cut`` per node), one comparison a split."""
    cdef Py_ssize_t n = x.shape[0], trees = roots.shape[0], r, t
    out = np.empty(n)
    cdef double[::1] o = out
    reached_ = np.empty(max(trees, 1))
    cdef double[::1] reached = reached_
    slots_ = np.empty(max(3 * x.shape[1], 1))
    cdef double[::1] xs = slots_
    for r in range(n):
        _slotted(x, r, xs)
        for t in range(trees):
            reached[t] = value[_leaf(xs, roots[t], slot, cut, left, depth)]
        o[r] = base + pairwise_sum(&reached[0], trees)
    return out
