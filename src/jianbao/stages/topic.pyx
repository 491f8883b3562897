# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The topic Gram matrix's product, compiled (``evidence.topic_gram`` finds the blocks' bigrams and weighs
them): ``G[i, j]`` is the sum, over the bigrams blocks i and j share in ascending order, of the bigram's
squared weight — the additions a sparse matrix product makes, in its order, without building the matrices."""

from cpython.unicode cimport Py_UNICODE_ISSPACE
from libc.stdint cimport int64_t, uint64_t

import numpy as np


def character_ids(list texts, const int64_t[::1] table, const unsigned char[::1] needs_nfkc, normal, dict expanded):
    """The character ids of the texts, whitespace taken out (``"".join(text.split())``) and made normal
    (``lm.model.normals``), one text after another, and each text's length: the ids by code point from
    ``table`` (the last entry for every code point past it), as ``CharLM.lookup`` takes them.  A character
    ``needs_nfkc`` flags (the last entry for every one past it) that NFKC expands into others (…, the
    ellipsis, in most texts that hold one) takes the ids of its expansion (``expanded``: by character,
    ``CharLM._expanded``) where the text holds no other flagged character; a text that does is made normal
    by ``normal`` (a list of texts → the list made normal); the rest go through the table as they are (it
    reads a character NFKC swaps for one other as that one)."""
    cdef Py_ssize_t n = len(texts), i, j, k = 0, total = 0, last = table.shape[0] - 1, risky = needs_nfkc.shape[0] - 1
    cdef Py_ssize_t length
    cdef str text
    cdef Py_UCS4 c
    cdef bint made
    cdef tuple expansion
    lengths_ = np.empty(n, dtype=np.intp)
    cdef Py_ssize_t[::1] lengths = lengths_
    cdef list made_normal = [None] * n
    for i in range(n):
        text = <str> texts[i]
        length = 0
        made = False
        for c in text:
            if not (c <= 0x3000 and Py_UNICODE_ISSPACE(c)):  # (no whitespace past U+3000: CJK skips the call)
                if not needs_nfkc[c if c < risky else risky]:
                    length += 1
                elif c in expanded:
                    length += len(<tuple> expanded[c])
                else:
                    made = True
        if made:
            made_normal[i] = normal(["".join(text.split())])[0]
            for c in <str> made_normal[i]:
                if 0xD800 <= c <= 0xDFFF:  # (what CharLM.lookup refuses, refused: a lone surrogate, where the
                    made_normal[i].encode("utf-32-le")  # encoding raises; encoding every text cost more than its ids)
            length = len(made_normal[i])
        lengths[i] = length
        total += length
    ids_ = np.empty(total, dtype=np.int64)
    cdef int64_t[::1] ids = ids_
    for i in range(n):
        if made_normal[i] is not None:
            for c in <str> made_normal[i]:
                ids[k] = table[c if c < last else last]
                k += 1
            continue
        for c in <str> texts[i]:
            if c <= 0x3000 and Py_UNICODE_ISSPACE(c):
                continue
            if not needs_nfkc[c if c < risky else risky]:
                ids[k] = table[c if c < last else last]
                k += 1
            else:  # (a flagged character in a text not made normal: one NFKC expands)
                expansion = <tuple> expanded[c]
                for j in range(len(expansion)):
                    ids[k] = <int64_t> expansion[j]
                    k += 1
    return ids_, lengths_


def bigram_blocks(const int64_t[::1] ids, const Py_ssize_t[::1] lengths, int bits):
    """The blocks' distinct character bigrams, grouped by bigram: ``ids`` holds the blocks' character ids one
    block after another (``lengths[i]`` of block i, each below ``2 ** bits``), a bigram is two ids side by
    side within a block, packed ``(first << bits) | second``.  Returns the distinct bigrams in ascending order
    (uint64), where each one's group starts, and the group's blocks in ascending order, each once — what
    sorting the packed (bigram, block) pairs and keeping the first of each run gives (a stable radix sort on
    the bigram, two passes of ``bits`` bits: the pairs come in block order)."""
    cdef Py_ssize_t n = lengths.shape[0], i, j, k, at = 0, m = 0, size = 1 << bits, total = 0, groups = 0, kept = 0
    cdef int64_t top = 0  # one past the highest id: the characters counted (a page's highest is about half the bits')
    for i in range(n):
        total += lengths[i]
        m += lengths[i] - 1 if lengths[i] > 1 else 0
    if total != ids.shape[0]:
        raise ValueError("the lengths do not add up to the ids")
    for i in range(total):
        if ids[i] < 0 or ids[i] >= size:
            raise ValueError("a character id does not fit in the bits given")
        if ids[i] >= top:
            top = ids[i] + 1
    low_ = np.empty(m, dtype=np.intp)
    high_ = np.empty(m, dtype=np.intp)
    row_ = np.empty(m, dtype=np.intp)
    order_ = np.empty(m, dtype=np.intp)
    by_low_ = np.empty(m, dtype=np.intp)
    # each pass's counts by character, then where its run starts (int32: a page holds far fewer than 2**31
    # bigrams; both passes' counts taken in one sweep)
    if m >= 2 ** 31:
        raise ValueError("too many bigrams")
    counts_ = np.zeros((2, top + 1), dtype=np.int32)
    cdef int[::1] count = counts_[0], count_high = counts_[1]
    cdef Py_ssize_t[::1] low = low_, high = high_, row = row_, order = order_, by_low = by_low_
    k = 0
    for i in range(n):
        for j in range(at, at + lengths[i] - 1):
            high[k] = ids[j]
            low[k] = ids[j + 1]
            row[k] = i
            k += 1
        at += lengths[i]
    for k in range(m):
        count[low[k] + 1] += 1
        count_high[high[k] + 1] += 1
    # pass one: by the second character, stable
    for j in range(top):
        count[j + 1] += count[j]
    for k in range(m):
        by_low[count[low[k]]] = k
        count[low[k]] += 1
    # pass two: by the first character, stable (ties stay ordered by the second, then by block)
    for j in range(top):
        count_high[j + 1] += count_high[j]
    for j in range(m):
        k = by_low[j]
        order[count_high[high[k]]] = k
        count_high[high[k]] += 1
    vocab_ = np.empty(m, dtype=np.uint64)
    first_ = np.empty(m, dtype=np.intp)
    block_ = np.empty(m, dtype=np.intp)
    cdef uint64_t[::1] vocab = vocab_
    cdef Py_ssize_t[::1] first = first_, block = block_
    cdef uint64_t key, last = 0
    cdef Py_ssize_t last_row = -1
    for j in range(m):
        k = order[j]
        key = (<uint64_t> high[k] << bits) | <uint64_t> low[k]
        if groups == 0 or key != last:
            vocab[groups] = key
            first[groups] = kept
            groups += 1
            last = key
        elif row[k] == last_row:
            continue  # the block holds the bigram again
        block[kept] = row[k]
        last_row = row[k]
        kept += 1
    return vocab_[:groups], first_[:groups], block_[:kept]


def shared_weight(Py_ssize_t n, const Py_ssize_t[::1] block, const Py_ssize_t[::1] first,
                  const double[::1] square):
    """``[n, n]``: for bigrams ``k`` in ascending order, the blocks ``block[first[k]:first[k + 1]]`` that
    hold bigram ``k`` (each once, in ascending order) add ``square[k]`` to every pair of them — to the pairs
    ``i <= j`` only, then copied across the diagonal: ``[j, i]`` takes the same additions in the same order."""
    out = np.empty((n, n))
    cdef double[:, ::1] g = out
    cdef Py_ssize_t groups = first.shape[0], k, a, b, lo, hi, i, j
    cdef double w
    for i in range(n):  # (only the pairs summed start at 0: the others are copied)
        for j in range(i, n):
            g[i, j] = 0.0
    for k in range(groups):
        lo = first[k]
        hi = first[k + 1] if k + 1 < groups else block.shape[0]
        w = square[k]
        for a in range(lo, hi):
            i = block[a]
            for b in range(a, hi):
                g[i, block[b]] += w
    for i in range(n):
        for j in range(i + 1, n):
            g[j, i] = g[i, j]
    return out


def window_sums(const double[:, ::1] gram, const Py_ssize_t[::1] body, const Py_ssize_t[::1] r0,
                const Py_ssize_t[::1] r1, const Py_ssize_t[::1] c0, const Py_ssize_t[::1] c1):
    """For each k: the sum of ``gram`` over the rows ``body[r0[k]:r1[k]]`` and the columns
    ``body[c0[k]:c1[k]]`` as the 2-D prefix sums of ``gram[np.ix_(body, body)]`` give it —
    ``P[r1, c1] - P[r0, c1] - P[r1, c0] + P[r0, c0]``, ``P`` summed down the columns first, then along the
    rows, as ``cumsum(0).cumsum(1)`` sums — with only the prefix sums asked for worked out: the same
    additions, none of the matrices."""
    cdef Py_ssize_t m = r0.shape[0], nb = body.shape[0], k, q, r, c, top = 0, width = 0
    # the corners asked for, by row: corner q of request k is (rows[q], cols[q]), q = 4k … 4k + 3
    rows = np.empty(4 * m, dtype=np.intp)
    cols = np.empty(4 * m, dtype=np.intp)
    cdef Py_ssize_t[::1] rs = rows, cs = cols
    for k in range(m):
        rs[4 * k], cs[4 * k] = r1[k], c1[k]
        rs[4 * k + 1], cs[4 * k + 1] = r0[k], c1[k]
        rs[4 * k + 2], cs[4 * k + 2] = r1[k], c0[k]
        rs[4 * k + 3], cs[4 * k + 3] = r0[k], c0[k]
    for q in range(4 * m):
        width = max(width, cs[q])
    order_ = np.argsort(rows, kind="stable")
    cdef Py_ssize_t[::1] order = order_
    corner_ = np.empty(4 * m)
    cdef double[::1] corner = corner_
    down_ = np.zeros(max(width, 1))
    cdef double[::1] down = down_  # down[c]: the column's sum over the rows before r
    along_ = np.zeros(width + 1)
    cdef double[::1] along = along_  # along[c]: the sum of down[:c]
    cdef double acc
    cdef Py_ssize_t done = -1  # the row along[] was summed for
    r = 0
    for q in range(4 * m):
        k = order[q]
        while r < rs[k]:  # take row r into the column sums
            for c in range(width):
                down[c] = down[c] + gram[body[r], body[c]]
            r += 1
        if done != r:
            acc = 0.0
            along[0] = 0.0
            for c in range(width):
                acc = acc + down[c]
                along[c + 1] = acc
            done = r
        corner[k] = along[cs[k]]
    out = np.empty(m)
    cdef double[::1] o = out
    for k in range(m):
        o[k] = corner[4 * k] - corner[4 * k + 1] - corner[4 * k + 2] + corner[4 * k + 3]
    return out
