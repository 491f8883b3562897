"""A buffer of positions in a text, as the compiled finders fill it (``openings.pyx``, ``runs.pyx``)."""

from cpython.mem cimport PyMem_Malloc
from cpython.unicode cimport PyUnicode_GET_LENGTH


cdef inline Py_ssize_t *room(str text) except NULL:
    """Room for a position at each of the text's characters and one past them (the caller PyMem_Frees it)."""
    cdef Py_ssize_t *out = <Py_ssize_t *> PyMem_Malloc((PyUnicode_GET_LENGTH(text) + 1) * sizeof(Py_ssize_t))
    if out == NULL:
        raise MemoryError()
    return out


cdef inline list listed(const Py_ssize_t *out, Py_ssize_t m):
    """The first ``m`` positions as a list."""
    cdef Py_ssize_t j
    return [out[j] for j in range(m)]
