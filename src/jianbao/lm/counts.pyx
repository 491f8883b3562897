# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The language model's counts by packed key, in an open-addressing hash table (a copy of the sorted keys
``model.py`` keeps beside their counts, as they are stored: each key in the slot it hashes to, its count
beside it), and the stupid back-off walk through the orders in C: a page asks some forty thousand
questions, and a binary search costs a cache miss a step where the table reads a key and its count at
addresses known at once (fetched ahead together: no read waits on another).

The walk stops at the first order whose n-gram was seen; what it hands back (the ratio of the two
counts and the back-off penalty so far) is turned into a log probability by ``model.py`` with numpy,
exactly as the plain-numpy walk did.

The ids of the characters at the texts' edges (what a join is asked about) are read here too, a text at a time.
"""

from libc.stdint cimport int64_t, uint32_t, uint64_t

import numpy as np


cdef extern from *:
    """
    #define jianbao_prefetch(p) __builtin_prefetch((const void *)(p))
    """
    void prefetch "jianbao_prefetch" (const void* p) nogil

#: how many keys ahead a batch lookup fetches
cdef enum:
    AHEAD = 16


cdef inline uint64_t _mix(uint64_t x) noexcept nogil:
    """splitmix64's finaliser: packed keys differ in a few low bits, slots must not."""
    x ^= x >> 30
    x *= 0xbf58476d1ce4e5b9ULL
    x ^= x >> 27
    x *= 0x94d049bb133111ebULL
    x ^= x >> 31
    return x


cdef packed struct Slot:
    uint64_t key  # 0: no key (a key holds its order in the top byte)
    uint32_t count


cdef class CountTable:
    """Counts of distinct packed keys; an unseen key counts 0.  Each key sits in the slot it hashes to, its
    count beside it in the same twelve bytes, so a lookup reads one place (one cache line, or two where a
    slot straddles them), known from the key's hash and fetched ahead by batch lookups."""
    cdef Slot* slots
    cdef object slot_memory  # the numpy buffer the slots live in
    cdef uint64_t mask

    def __init__(self, const uint64_t[::1] keys, const uint32_t[::1] counts):
        cdef Py_ssize_t n = keys.shape[0], i
        cdef uint64_t size = 1, h
        while 3 * size < 5 * <uint64_t>n:  # at most 60% full
            size <<= 1
        self.slot_memory = np.zeros(size * sizeof(Slot), dtype=np.uint8)
        cdef unsigned char[::1] memory = self.slot_memory
        self.slots = <Slot*> &memory[0]
        self.mask = size - 1
        for i in range(n):
            h = _mix(keys[i]) & self.mask
            while self.slots[h].key != 0:
                h = (h + 1) & self.mask
            self.slots[h].key = keys[i]
            self.slots[h].count = counts[i]

    cdef inline double get(self, uint64_t key) noexcept nogil:
        return self.get_from(key, _mix(key) & self.mask)

    cdef inline double get_from(self, uint64_t key, uint64_t h) noexcept nogil:
        """The count of ``key``, looked for from slot ``h`` (the slot it hashes to) on."""
        cdef uint64_t k
        while True:
            k = self.slots[h].key
            if k == key:
                return <double>self.slots[h].count
            if k == 0:
                return 0.0
            h = (h + 1) & self.mask

    cdef void many(self, const uint64_t* asked, double* out, Py_ssize_t m) noexcept nogil:
        """The counts of ``asked[0:m]``, probing ahead: the slot of the key ``AHEAD`` places on (its key and
        its count, side by side) is fetched into cache while this one is read."""
        cdef Py_ssize_t j, k
        cdef uint64_t h
        cdef uint64_t ahead[AHEAD]  # the slots of the keys fetched ahead, by place modulo AHEAD
        for j in range(m + AHEAD):
            k = j - AHEAD
            if k >= 0:
                out[k] = self.get_from(asked[k], ahead[k % AHEAD])
            if j < m:
                h = _mix(asked[j]) & self.mask
                ahead[j % AHEAD] = h
                prefetch(&self.slots[h])
                prefetch(<char*> &self.slots[h] + sizeof(Slot) - 1)  # (a slot may straddle two lines)

    def count(self, const uint64_t[::1] queries):
        """The counts of ``queries`` (float64)."""
        cdef Py_ssize_t n = queries.shape[0]
        out = np.empty(n, dtype=np.float64)
        cdef double[::1] o = out
        if n:
            self.many(&queries[0], &o[0], n)
        return out

    def pair_backoff(self, const int64_t[:, ::1] tails, const int64_t[:, ::1] heads, const Py_ssize_t[::1] tail_of,
                     const Py_ssize_t[::1] head_of, int order, int bits, double total, double step):
        """:meth:`backoff` for the characters of each head after its tail, pair ``p`` being
        ``(tails[tail_of[p]], heads[head_of[p]])`` (``tails`` right-aligned, ``heads`` left-aligned, −1 =
        none): the questions, built here, are every pair's first
        head character, then every pair's second, and so on (a pair's ``k``-th asked with the ``width``
        characters before it, tail and head run together).  A question asked again (pairs share tails and
        heads' openings: a third of them on a page) is walked once: the walk's answers come back for the
        distinct questions, with each question's place among them and the pair it is about."""
        cdef Py_ssize_t pairs = tail_of.shape[0], width = tails.shape[1], span = heads.shape[1], t, p, k, tp, hp
        cdef Py_ssize_t q = 0, distinct = 0, size = 1
        cdef int64_t c, h
        cdef uint64_t key, slot, mask
        if (width + 1) * (bits + 1) > 64:
            raise ValueError("a question does not fit in 64 bits")
        while size < 2 * pairs * span:
            size <<= 1
        mask = size - 1
        # each slot: the place of the distinct question in it + 1 (0: empty), its key among ``keys``
        if pairs * span >= 2 ** 31:
            raise ValueError("too many questions")
        slots_ = np.zeros(size, dtype=np.int32)
        keys_ = np.empty(pairs * span, dtype=np.uint64)
        cdef int[::1] slots = slots_
        cdef uint64_t[::1] keys = keys_
        rows = np.empty(pairs * span, dtype=np.intp)
        which_ = np.empty(pairs * span, dtype=np.intp)
        hist_ = np.empty((pairs * span, width), dtype=np.int64)
        nexts_ = np.empty(pairs * span, dtype=np.int64)
        cdef Py_ssize_t[::1] row = rows, which = which_
        cdef int64_t[:, ::1] hist = hist_
        cdef int64_t[::1] nexts = nexts_
        if head_of.shape[0] != pairs:
            raise ValueError("a pair needs a tail and a head")
        for p in range(pairs):
            if not (0 <= tail_of[p] < tails.shape[0] and 0 <= head_of[p] < heads.shape[0]):
                raise IndexError("a pair's tail or head is out of range")
        for t in range(span):
            for p in range(pairs):
                tp, hp = tail_of[p], head_of[p]
                c = heads[hp, t]
                if c < 0:
                    continue
                key = <uint64_t> c
                for k in range(width):  # the k-th of the width characters before: tail, then head
                    h = tails[tp, t + k] if t + k < width else heads[hp, t + k - width]
                    key = (key << (bits + 1)) | <uint64_t> (h + 1)
                slot = _mix(key) & mask
                while slots[slot] != 0 and keys[slots[slot] - 1] != key:
                    slot = (slot + 1) & mask
                if slots[slot] == 0:  # a new question
                    keys[distinct] = key
                    slots[slot] = distinct + 1
                    for k in range(width):
                        hist[distinct, k] = tails[tp, t + k] if t + k < width else heads[hp, t + k - width]
                    nexts[distinct] = c
                    distinct += 1
                which[q] = slots[slot] - 1
                row[q] = p
                q += 1
        ratio, pen = self.backoff(hist_[:distinct], nexts_[:distinct], order, bits, total, step)
        return ratio, pen, which_[:q], rows[:q]

    def backoff(self, const int64_t[:, ::1] hist, const int64_t[::1] nexts, int order, int bits,
                double total, double step):
        """For each row (history right-aligned, −1 = none; the next character): the count ratio of the
        highest order seen and the back-off penalty before it (``step`` for each usable order passed);
        NaN where no order was seen.  Orders whose history runs past the row's start are skipped.

        The rows go through the orders together, highest first: at each order the histories of the rows
        still open are counted (all at once, probing ahead), then the n-grams of those whose history was
        seen; a row is settled at the first order where both were."""
        cdef Py_ssize_t n = nexts.shape[0], width = hist.shape[1], r, k, j, m, q
        cdef int o, ctx_len
        cdef uint64_t den_key
        cdef bint usable
        ratio = np.full(n, np.nan)
        pen = np.zeros(n)
        cdef double[::1] rt = ratio, pn = pen
        cdef Py_ssize_t[::1] open_rows = np.arange(n, dtype=np.intp)
        cdef Py_ssize_t[::1] still = np.empty(n, dtype=np.intp)
        cdef Py_ssize_t[::1] asked_rows = np.empty(n, dtype=np.intp)
        cdef uint64_t[::1] dens = np.empty(n, dtype=np.uint64)
        cdef uint64_t[::1] nums = np.empty(n, dtype=np.uint64)
        cdef double[::1] c_den = np.empty(n, dtype=np.float64)
        cdef double[::1] c_num = np.empty(n, dtype=np.float64)
        cdef Py_ssize_t n_open = n
        for o in range(order, 0, -1):
            if n_open == 0:
                break
            ctx_len = o - 1
            m = 0  # rows whose history is all there, and their history's key
            q = 0  # rows that go on to the next order whatever happens here
            for j in range(n_open):
                r = open_rows[j]
                usable = True
                den_key = 0
                for k in range(ctx_len):
                    if hist[r, width - ctx_len + k] < 0:
                        usable = False
                        break
                    den_key |= (<uint64_t>hist[r, width - ctx_len + k]) << (bits * (ctx_len - 1 - k))
                if usable:
                    asked_rows[m] = r
                    dens[m] = den_key
                    m += 1
                else:
                    still[q] = r
                    q += 1
            if m == 0:
                open_rows, still = still, open_rows
                n_open = q
                continue
            if ctx_len:
                for j in range(m):
                    nums[j] = dens[j] | (<uint64_t>ctx_len << 56)
                self.many(&nums[0], &c_den[0], m)
            else:
                for j in range(m):
                    c_den[j] = total
            k = 0  # the n-grams of rows whose history was seen
            for j in range(m):
                if c_den[j] > 0:
                    nums[k] = (dens[j] << bits) | <uint64_t>nexts[asked_rows[j]] | (<uint64_t>o << 56)
                    k += 1
            if k:
                self.many(&nums[0], &c_num[0], k)
            k = 0
            for j in range(m):
                r = asked_rows[j]
                if c_den[j] > 0:
                    if c_num[k] > 0:
                        rt[r] = c_num[k] / c_den[j]  # pn[r]: the back-offs passed
                        k += 1
                        continue
                    k += 1
                pn[r] = pn[r] + step
                still[q] = r
                q += 1
            open_rows, still = still, open_rows
            n_open = q
        return ratio, pen


cdef list _expanded_ids(str piece, const int64_t[::1] table, const unsigned char[::1] needs_nfkc, dict expanded):
    """The ids of ``piece`` made normal where every character ``needs_nfkc`` flags in it is one NFKC expands
    (``expanded``: the ids of each one's expansion, by character, ``CharLM._expanded``); None where one needs
    NFKC itself."""
    cdef Py_ssize_t last = table.shape[0] - 1, risky = needs_nfkc.shape[0] - 1
    cdef Py_UCS4 c
    cdef list out = []
    for c in piece:
        if not needs_nfkc[c if c < risky else risky]:
            out.append(table[c if c < last else last])
        elif c in expanded:
            out.extend(<tuple> expanded[c])
        else:
            return None
    return out


cdef int _piece_ids(str piece, const int64_t[::1] table, const unsigned char[::1] needs_nfkc, normal, dict expanded,
                    int64_t* out, int width, bint right) except -1:
    """The ids of ``piece`` (made normal: ``normal`` of it where a character ``needs_nfkc``, or the ids of the
    expansions of those NFKC expands, ``expanded``, where they are all it holds) in ``out[0:width]``, its last
    ``width`` right-aligned or its first ``width`` left-aligned, −1 where it is shorter."""
    cdef Py_ssize_t last = table.shape[0] - 1, risky = needs_nfkc.shape[0] - 1, n, k
    cdef Py_UCS4 c
    cdef list ids = None
    for c in piece:
        if needs_nfkc[c if c < risky else risky]:
            ids = _expanded_ids(piece, table, needs_nfkc, expanded)
            if ids is None:
                piece = normal([piece])[0]
                piece = piece[len(piece) - width:] if right and len(piece) > width else piece[:width]
            break
    for k in range(width):
        out[k] = -1
    if ids is not None:  # (an expansion's ids: no surrogate among them)
        ids = ids[len(ids) - width:] if right and len(ids) > width else ids[:width]
        n = len(ids)
        for k in range(n):
            out[(width - n if right else 0) + k] = <int64_t> ids[k]
        return 0
    n = len(piece)
    k = width - n if right else 0
    for c in piece:
        if 0xD800 <= c <= 0xDFFF:  # what CharLM.lookup refuses, refused: a lone surrogate (the encoding raises;
            piece.encode("utf-32-le")  # encoding every piece to find none cost as much as the rest of the ids)
        out[k] = table[c if c < last else last]
        k += 1
    return 0


def edge_ids(list texts, const int64_t[::1] table, const unsigned char[::1] needs_nfkc, normal, dict expanded,
             int width, int span):
    """Each text's last ``width`` character ids (right-aligned) and first ``span`` (left-aligned), −1 where the
    text is shorter: its ends made normal (``normal``, a list of texts → the list made normal, where a character
    ``needs_nfkc``; NFKC may expand one: where all it does is expand them, their expansions' ids ``expanded``, by
    character) and looked up by code point in ``table`` (the last entry for every code point past it), as
    ``CharLM.lookup`` looks them up."""
    cdef Py_ssize_t n = len(texts), i
    cdef str text
    tails_ = np.empty((n, width), dtype=np.int64)
    heads_ = np.empty((n, span), dtype=np.int64)
    cdef int64_t[:, ::1] tails = tails_, heads = heads_
    for i in range(n):
        text = <str> texts[i]
        if width:
            _piece_ids(text[len(text) - width:] if len(text) > width else text, table, needs_nfkc, normal, expanded,
                       &tails[i, 0], width, True)
        if span:
            _piece_ids(text[:span], table, needs_nfkc, normal, expanded, &heads[i, 0], span, False)
    return tails_, heads_
