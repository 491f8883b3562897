# cython: language_level=3
"""A frozen dataclass's fields set in one compiled call (``model.Block``): the ``__init__`` dataclasses
write for a frozen class calls ``object.__setattr__`` once a field, a call through a slot wrapper that
costs as much as the rest of the block's making, and a page makes a hundred blocks or more."""

from cpython.object cimport PyObject_GenericSetAttr


def set_fields(obj, tuple names, tuple values):
    """``object.__setattr__(obj, name, value)`` for each name and value, in order."""
    cdef Py_ssize_t i, n = len(names)
    if len(values) != n:
        raise ValueError("a value for each field")
    for i in range(n):
        PyObject_GenericSetAttr(obj, names[i], values[i])
