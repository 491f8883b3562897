# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Where a date or a figure may start, found character by character from one table, compiled.

A date (``2020年2月3日``, ``去年12月``) or a figure (``近3000万元``, ``12.5%``) opens with one of a few
characters, has only numerals, separators and the like before its first ``年``/``月``/``日``/``天`` or its
unit, then that character.  So its pattern can match only at a position that

- holds an *opening* character (the pattern's own look-ahead),
- is followed by *inner* characters and then a *closing* one (``[inner]*[closing]``),
- and, for some opening characters, does not follow a character that rules them out (the pattern's own
  look-behind: a digit right after a digit or a letter opens no figure).

:meth:`Runs.matches` tries the pattern there alone, left to right, matches not overlapping: what
``pattern.finditer(text)`` finds, without the regular-expression engine trying the pattern, or a class
of characters with ``\\d`` in it, at every character.  The classes are regular-expression character classes;
each character of the Basic Multilingual Plane gets its bits from them, once, by the ``re`` module itself.
A character beyond it counts as opening, inner and closing and rules nothing out: the pattern is tried
there (rare, and still exact).
"""

import re

import numpy as np

cimport cython
from cpython.mem cimport PyMem_Free
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND
from libc.stdint cimport uint8_t, uint16_t, uint32_t

from jianbao.stages.describe.positions cimport listed, room

cdef enum:
    OPENS = 1
    INNER = 2
    CLOSES = 4
    #: bits 3-4: the groups of opening characters a look-behind rules out; bits 5-6: the characters that do
    GROUP = 8
    RULES_OUT = 32
    TOP = 0x10000  # the Basic Multilingual Plane ends below

_PLANE = "".join(map(chr, range(TOP)))


def optional(str pattern):
    """``(?:pattern)?`` written as the ``re`` engine runs it faster: an alternation with an empty second branch.
    The same matches, tried in the same order (the pattern first, then nothing), and a group inside is unset
    when nothing is taken, as before; but no general repeat, which saves and restores the groups around each
    try (the date and figure patterns have many optional parts with groups in them: -20% a try)."""
    return f"(?:{pattern}|)"


def _members(char_class):
    """The code points below ``TOP`` in a regular-expression character class (``r"[\\d年月]"``)."""
    return [ord(c) for c in re.findall(char_class, _PLANE)]


#: how a string stores its characters: one, two or four bytes each
ctypedef fused code:
    uint8_t
    uint16_t
    uint32_t


cdef Py_ssize_t _runs(const code *s, Py_ssize_t n, const unsigned char *table, Py_ssize_t *out) noexcept nogil:
    """Writes where the pattern may match to ``out`` (room for ``n``), gives how many.  The opening positions
    waiting for their closing character are kept at the end of ``out`` (``out[first:m]``), since they are
    either all taken or all dropped."""
    cdef Py_ssize_t i, m = 0, first = 0
    cdef unsigned char b, before = 0
    cdef Py_UCS4 ch
    for i in range(n):
        ch = s[i]
        b = table[ch] if ch < TOP else OPENS | INNER | CLOSES
        if first < m:
            if b & CLOSES:
                first = m  # the waiting positions are taken
            elif not b & INNER:
                m = first  # the waiting positions are dropped
        if b & OPENS and not ((b // GROUP) & (before // RULES_OUT) & 3):
            out[m] = i
            m += 1
        before = b
    return first


@cython.final
cdef class Runs:
    cdef const unsigned char[::1] table

    def __init__(self, str opens, str inner, str closes, tuple not_after=()):
        """``opens``, ``inner``, ``closes``: character classes; ``not_after``: up to two pairs (opening
        characters, the characters that may not come right before them)."""
        if len(not_after) > 2:
            raise ValueError("at most two look-behind groups")
        table = np.zeros(TOP, dtype=np.uint8)
        for char_class, bit in ((opens, OPENS), (inner, INNER), (closes, CLOSES)):
            table[_members(char_class)] |= bit
        for k, (group, before) in enumerate(not_after):
            table[_members(group)] |= GROUP << k
            table[_members(before)] |= RULES_OUT << k
        self.table = table

    cdef Py_ssize_t _starts(self, str text, Py_ssize_t *out) except -1:
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        cdef const unsigned char *table = &self.table[0]
        if kind == 1:
            return _runs(<const uint8_t *> data, n, table, out)
        if kind == 2:
            return _runs(<const uint16_t *> data, n, table, out)
        return _runs(<const uint32_t *> data, n, table, out)

    cpdef list starts(self, str text):
        """The positions where the pattern may match, ascending.  Left to right: an opening character
        waits until a closing one comes after inner characters only (then it may match), or until a
        character that is neither (then it may not)."""
        cdef Py_ssize_t *out = room(text)
        try:
            return listed(out, self._starts(text, out))
        finally:
            PyMem_Free(out)

    def matches(self, pattern, str text):
        """What ``pattern.finditer(text)`` finds, for a pattern that matches only where :meth:`starts` says
        it may (and never matches the empty string)."""
        cdef list out = []
        cdef Py_ssize_t end = 0, start, j, m
        cdef Py_ssize_t *opens = room(text)
        try:
            m = self._starts(text, opens)
            match = pattern.match
            for j in range(m):
                start = opens[j]
                if start >= end:
                    found = match(text, start)
                    if found is not None:
                        out.append(found)
                        end = found.end()
        finally:
            PyMem_Free(opens)
        return out
