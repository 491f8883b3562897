# cython: language_level=3, boundscheck=False, wraparound=False
"""Fold full-width ASCII to half-width, one character for one character, compiled (see ``reading.fold``).

``str.translate`` looks every character up in a dict and numpy had to copy the text out and back; this
reads the string once to see whether anything folds, and writes the folded copy only if something does.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc

cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
    int PyUnicode_4BYTE_KIND


cdef inline Py_UCS4 folded(Py_UCS4 ch) noexcept:
    if 0xFF01 <= ch <= 0xFF5E:
        return <Py_UCS4> (<unsigned int> ch - 0xFEE0)
    if ch == 0x3000:  # ideographic space
        return 0x20
    return ch


def fold(str text):
    """``text`` with U+FF01–U+FF5E moved to U+0021–U+007E and U+3000 to a space, same length."""
    cdef Py_ssize_t n = len(text), i = 0
    cdef Py_UCS4 ch
    cdef Py_UCS4 *out
    for ch in text:
        if folded(ch) != ch:
            break
        i += 1
    if i == n:
        return text
    out = <Py_UCS4 *> PyMem_Malloc(n * sizeof(Py_UCS4))
    if out == NULL:
        raise MemoryError()
    try:
        i = 0
        for ch in text:
            out[i] = folded(ch)
            i += 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n)
    finally:
        PyMem_Free(out)
