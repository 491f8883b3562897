# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""What a dump's hard-wrapped lines show, compiled: their printed widths (``evidence.line_widths``: one pass
over each block's characters, where numpy took a dozen over the page's) and the shapes of the blocks' first
and last lines against their columns (``evidence.line_shape``: a block at a time, where numpy took some forty
passes over the page's blocks)."""

from cpython.unicode cimport Py_UNICODE_ISSPACE
from libc.math cimport isnan

import numpy as np


cdef inline bint _breaks(Py_UCS4 c) noexcept nogil:
    """``str.splitlines`` breaks a line here."""
    return (c == u'\n' or c == u'\r' or c == u'\v' or c == u'\f' or c == 0x1c or c == 0x1d or c == 0x1e
            or c == 0x85 or c == 0x2028 or c == 0x2029)


def widths_of_lines(list raws):
    """For each text, the width in em of each of its lines — ``splitlines``, stripped, if anything is
    left — CJK characters 1, the narrow ones (below U+2000: Latin letters, digits, spaces) ½, from the line's
    first printing character to its last."""
    cdef list out = [], widths
    cdef str raw
    cdef Py_UCS4 c
    cdef Py_ssize_t i, first, last = 0, narrow, narrow_first = 0, narrow_last = 0
    for raw in raws:
        widths = []
        first = -1
        narrow = 0  # narrow characters before i
        i = 0
        for c in raw:
            if c <= 0x3000 and Py_UNICODE_ISSPACE(c):  # (no whitespace past U+3000)
                if _breaks(c) and first >= 0:
                    widths.append((last - first + 1) - 0.5 * (narrow_last - narrow_first))
                    first = -1
            else:  # a printing character
                if first < 0:
                    first, narrow_first = i, narrow
                last = i
                narrow_last = narrow + (c < 0x2000)
            narrow += c < 0x2000
            i += 1
        if first >= 0:
            widths.append((last - first + 1) - 0.5 * (narrow_last - narrow_first))
        out.append(widths)
    return out


def shapes_of_lines(list widths, const double[::1] own, int reach, list texts, ends_sentence, const double[::1] fits,
                    const double[::1] pushed):
    """(head, tail) of each block, from its line widths (:func:`widths_of_lines`) against its column —
    ``own[i]``, or the first of its neighbours' within ``reach`` blocks, the one before ahead of the one
    after, that it fits in (``fits[i]``, ``evidence.fit_widths``, at most half an em wider; NaN: none) — as
    ``evidence.line_shape`` describes them, a block at a time:
    +1 a full first line (runs on) or last line (runs on), −1 an indented first line or a short last line,
    0 nothing said.  ``ends_sentence`` is asked of ``texts[i]`` for a single indented line alone; a first
    line short of its column by less than ``pushed[i]``, the width of the Latin word or number opening the
    second line (``evidence.pushed_widths``), which did not fit, says nothing."""
    cdef Py_ssize_t n = len(widths), i, j, k, m
    cdef list ws
    cdef double col, first, last, widest, w
    head_ = np.zeros(n)
    tail_ = np.zeros(n)
    cdef double[::1] head = head_, tail = tail_
    for i in range(n):
        ws = <list> widths[i]
        m = len(ws)
        if m == 0:
            continue
        col = own[i]
        first, last = <double> ws[0], <double> ws[m - 1]
        if isnan(col):
            widest = fits[i]
            for k in range(1, reach + 1):
                j = i - k
                if j >= 0 and not isnan(own[j]) and widest <= own[j] + 0.5:
                    col = own[j]
                    break
                j = i + k
                if j < n and not isnan(own[j]) and widest <= own[j] + 0.5:
                    col = own[j]
                    break
            if isnan(col):
                continue
            if m == 1:  # one line measured against a neighbour's column
                if first >= col - 0.5:
                    head[i] = tail[i] = 1.0  # full: runs on both ways
                elif col - 2.5 <= first <= col - 1.5 and not ends_sentence(texts[i]):
                    head[i], tail[i] = -1.0, 1.0  # indented: opens a paragraph
                elif first < col - 2.5:
                    tail[i] = -1.0  # short: ends what it belongs to
                continue
        head[i] = 1.0 if first >= col - 0.5 else -1.0 if first <= col - 1.5 and col - first >= pushed[i] else 0.0
        tail[i] = 1.0 if last >= col - 0.5 else -1.0 if last <= col - 2.5 else 0.0
    return head_, tail_
