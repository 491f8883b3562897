# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The printed width of a dump's hard-wrapped lines, compiled (``evidence.line_widths``): one pass over each
block's characters, where numpy took a dozen over the page's."""

from cpython.unicode cimport Py_UNICODE_ISSPACE


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
