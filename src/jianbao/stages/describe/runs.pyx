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

cdef enum:
    OPENS = 1
    INNER = 2
    CLOSES = 4
    #: bits 3-4: the groups of opening characters a look-behind rules out; bits 5-6: the characters that do
    GROUP = 8
    RULES_OUT = 32
    TOP = 0x10000  # the Basic Multilingual Plane ends below

_PLANE = "".join(map(chr, range(TOP)))


def _members(char_class):
    """The code points below ``TOP`` in a regular-expression character class (``r"[\\d年月]"``)."""
    return [ord(c) for c in re.findall(char_class, _PLANE)]


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

    cdef inline unsigned char bits(self, Py_UCS4 ch) noexcept:
        return self.table[ch] if ch < TOP else OPENS | INNER | CLOSES

    cpdef list starts(self, str text):
        """The positions where the pattern may match, ascending.  Left to right: an opening character
        waits until a closing one comes after inner characters only (then it may match), or until a
        character that is neither (then it may not)."""
        cdef Py_ssize_t i = 0
        cdef unsigned char b, before = 0
        cdef Py_UCS4 ch
        cdef list out = []
        cdef list pending = []  # the opening positions waiting
        for ch in text:
            b = self.bits(ch)
            if pending:
                if b & CLOSES:
                    out.extend(pending)
                    pending.clear()
                elif not b & INNER:
                    pending.clear()
            if b & OPENS and not ((b // GROUP) & (before // RULES_OUT) & 3):
                pending.append(i)
            before = b
            i += 1
        return out

    def matches(self, pattern, str text):
        """What ``pattern.finditer(text)`` finds, for a pattern that matches only where :meth:`starts` says
        it may (and never matches the empty string)."""
        cdef list out = []
        cdef Py_ssize_t end = 0, start
        for start in self.starts(text):
            if start >= end:
                m = pattern.match(text, start)
                if m is not None:
                    out.append(m)
                    end = m.end()
        return out
