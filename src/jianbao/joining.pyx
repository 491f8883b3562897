# cython: language_level=3, boundscheck=False, wraparound=False
"""Join text pieces broken by a hard wrap (``model.join_pieces``), compiled: every block of a page is reflowed
when it is read, a wrapped dump's a piece a printed line."""

from cpython.unicode cimport Py_UNICODE_ISSPACE


cdef inline bint _latin(Py_UCS4 c) noexcept:
    """Neither whitespace nor CJK (``\\u2e80-\\u9fff``, ``\\uf900-\\ufaff``, ``\\u3000-\\u303f``,
    ``\\uff00-\\uffef``): a character a Latin word or number is made of, which a space keeps apart."""
    if Py_UNICODE_ISSPACE(c):
        return False
    return not (0x2E80 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or 0x3000 <= c <= 0x303F or 0xFF00 <= c <= 0xFFEF)


def join_pieces(pieces) -> str:
    """Join text pieces broken by a hard wrap: each stripped, the empty ones dropped; no space between CJK
    characters, one space between two Latin words (the rule of docs/format.md: the last character of the
    text so far and the first of the next piece decide)."""
    cdef list out = []
    cdef str piece
    cdef Py_UCS4 last = 0x3000  # (nothing yet: no space before the first piece)
    for item in pieces:
        piece = (<str?> item).strip()
        if not piece:
            continue
        if _latin(last) and _latin(piece[0]):
            out.append(" ")
        out.append(piece)
        last = piece[len(piece) - 1]
    return "".join(out)
