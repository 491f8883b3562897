# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The threader's beam search, compiled: the moves of every hypothesis are scored in C and only the few
that make the beam build Python objects.

The scores, their order of arithmetic and the order in which moves are tried are those described in
``thread.py`` (ties go to the move tried first, as ``heapq.nlargest`` gives them), so the decisions are
the same as the decoder's plain-Python description of them would make.
"""

cimport cython
from libc.math cimport INFINITY, NAN, exp, fabs, isnan, sqrt
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcmp, memcpy

import numpy as np

# what a reading's role is, as bits (thread.py hands over one entry per role)
cdef enum:
    OUTSIDE = 1
    TITLE = 2
    HEADING = 4
    PARAGRAPH = 8
    RUNS_ON = 16
    AFTER_END = 32
    BYLINE = 64
    CONTINUATION = 128
    ASIDE = 256  # set beside the text, not in its flow (a photo caption)
    DECK = 512  # a "——" deck: it follows its headline

cdef enum:
    N_FEATURES = 25  # the resume model's (``resumes.FEATURES``)
    # a row as its trees are walked (``LaidOut._walked``): the features, the features a missing value of which a
    # split sends right with that value as +inf, and whether those a split only asks "missing?" of are missing
    SLOTS = 3 * N_FEATURES
    ROWS = 2048  # the rows the resume model's log-odds are remembered for (a power of two)
    WALK = 3  # trees no deeper are laid out this deep and walked in a loop of known length (unrolled)

# the last rows the resume model was asked, by their hash (``Decoder._memo_logit``): the beam's hypotheses
# share threads and ask the same row again and again; a row holds its features and its log-odds, and counts
# only for the decoder whose stamp it bears (each decoder has a stamp of its own)
cdef double _rows[ROWS * (N_FEATURES + 1)]
cdef unsigned long long _stamps[ROWS]
cdef unsigned long long _decoders = 0
# rank, back, run_on, cosine, below_best, over_latest, stories, paragraph, may_run_on
cdef int[9] _HASHED = [0, 1, 6, 8, 9, 10, 12, 13, 23]

cdef enum:
    UNASSIGN, RUN_ON, FRESH, LATE_TITLE, INTO_EARLIER, TAKE_BACK, NEW

# how a thread ends (``Decoder._ending``)
cdef enum:
    OPEN = 1
    DANGLING = 2


cdef struct Split:  # a node of the resume model's trees, laid out whole (``LaidOut._lay_out``)
    double threshold  # a row goes right where the slot of its walked row (``LaidOut._walked``) is above it
    int slot


cdef inline int _right(const Split* split, const double* xs) noexcept:
    """Whether a walked row (``LaidOut._walked``) goes right at a split: one comparison, the missing value's
    way already in the slot the split reads."""
    return xs[split.slot] > split.threshold


cdef struct Reading:  # how a block may be read (``evidence.readings``): its role's code and two costs
    int kind
    double display  # display line vs prose
    double section  # article title vs section heading


cdef struct Move:
    double score
    int hyp
    int kind  # UNASSIGN …
    int k  # the article (index among the hypothesis's open ones)
    int x  # the role (FRESH, LATE_TITLE, NEW), the element (INTO_EARLIER) or the block taken back (TAKE_BACK)
    # a move the resume model may credit (going back to an article not the latest): its score is
    # ``cost + (rest + credit)``, the credit added once worked out (``Decoder._credit``); ``group`` -1: none
    double cost, rest
    int group


cdef struct Group:  # what the resume model's rows for one hypothesis and one reading of a block are made of
    int h, b, fk, T, latest
    double top  # the highest cosine
    double base  # the latest article's log-odds
    bint live  # some move of it may make the beam (``Decoder._credit``)
    int rank[64]
    double raw[64]
    bint hot[64]  # the article's credit may lift a move of it into the beam: worked out
    double credit[64]


cdef struct W:
    double join_bias, title_join_bias, closed_join, end_join, midway_run_on, midway_fresh, recency, dangling_far, topic
    double relative_topic, run_on_topic, dangle, cut, new_title, new_deck, new_paragraph, new_heading, new_byline, new_other
    double heading, late_title, bare_title, title_gap, opener, second_opener, after_end, backward
    double take_back, lost_title_opener, continuity, shape, column, fit, ruled, unruled, title_evidence, heading_evidence, resume
    double next_section
    int beam, reach, horizon


@cython.no_gc  # (it holds tuples of role names and block numbers, a Gram matrix: no cycle runs through it)
@cython.freelist(256)  # (the beam makes and drops hundreds a page)
cdef class Thread:
    """An article under construction (immutable once built)."""
    # its elements ((role, (block, …)), …) as a chain (the chain before the last element or None, the last
    # element): a thread grows by its last element, or changes it, sharing the rest with the thread it grew
    # from (a tuple of them all would be copied for every hypothesis built, and freed with it)
    cdef tuple chain
    cdef readonly int count  # its elements
    cdef readonly int last  # its latest block (how recently it was touched)
    cdef readonly int tail  # the last block of its last element: what a run-on goes on from
    cdef readonly bint open  # its last paragraph may run on into a later block
    cdef readonly bint dangling  # … and it ends mid-sentence
    cdef readonly bint titles_only
    # the sum of the topic Gram rows of its blocks, from block ``lo`` on (blocks before the one it last grew
    # by are never asked about again): ``g[j - lo]`` for block j ≥ lo, in a buffer of its own once it grew
    cdef const double* g
    cdef double* owned
    cdef int lo
    cdef object keep  # the Gram matrix a new thread's row is in
    cdef readonly double norm2
    cdef readonly double column
    cdef readonly bint ended
    cdef readonly bint dated
    cdef readonly bint roundup  # headed by a roundup column's name: several short items, bylines between
    cdef int last_role, first_role, titles  # role codes of its last and first element; its title lines
    cdef unsigned long long sections  # the lengths of its section headings in characters, as bits (1 to 63)

    def __dealloc__(self):
        free(self.owned)

    @property
    def elements(self):
        """((role, (block, …)), …), in order."""
        return _elements(self.chain, self.count)


cdef tuple _elements(tuple chain, int count):
    """The elements a chain holds, in order."""
    cdef object out = PyTuple_New(count), item
    cdef object node = chain
    cdef int i = count
    while node is not None:
        i -= 1
        item = (<tuple> node)[1]
        Py_INCREF(item)
        PyTuple_SET_ITEM(out, i, item)
        node = (<tuple> node)[0]
    return <tuple> out


cdef Py_ssize_t _place(tuple bs, int j) except -2:
    """Where block ``j`` is among an element's blocks ``bs``, -1 where it is not (``bs.index(j)``, the blocks
    read as C ints: ``j in bs`` made a Python int of j and compared it with each block's as objects)."""
    cdef Py_ssize_t i
    for i in range(len(bs)):
        if <int> bs[i] == j:
            return i
    return -1


cdef tuple _chain(tuple elements):
    """The chain of the elements given in order."""
    cdef object node = None
    for element in elements:
        node = (node, element)
    return <tuple> node


@cython.no_gc  # (it holds tuples of threads and block numbers: no cycle runs through it)
@cython.freelist(64)
cdef class Hypothesis:
    cdef readonly double score
    cdef readonly tuple threads  # articles still open to new blocks
    cdef readonly tuple unassigned
    cdef readonly tuple done  # articles beyond the horizon

    def __init__(self, double score, tuple threads, tuple unassigned, tuple done=()):
        self.score, self.threads, self.unassigned, self.done = score, threads, unassigned, done


cdef Hypothesis _hypothesis(double score, tuple threads, tuple unassigned, tuple done):
    """A hypothesis made without the call ``Hypothesis(…)`` makes (the beam makes hundreds a page)."""
    cdef Hypothesis h = Hypothesis.__new__(Hypothesis)
    h.score, h.threads, h.unassigned, h.done = score, threads, unassigned, done
    return h


cdef tuple _with(tuple threads, Py_ssize_t k, Thread nt):
    """``threads`` with thread ``k`` replaced by ``nt`` (one new tuple, not four)."""
    cdef Py_ssize_t i, n = len(threads)
    cdef object item
    out = PyTuple_New(n)
    for i in range(n):
        item = nt if i == k else threads[i]
        Py_INCREF(item)
        PyTuple_SET_ITEM(out, i, item)
    return <tuple> out


cdef Thread _thread(tuple chain, int count, int last, bint open_, bint dangling, bint titles_only, const double* g,
                    double* owned, int lo, object keep, double norm2, double column, bint ended, bint dated, int last_role, int first_role, int titles,
                    bint roundup):
    cdef Thread t = Thread.__new__(Thread)
    t.chain, t.count, t.last, t.open, t.dangling, t.titles_only = chain, count, last, open_, dangling, titles_only
    t.tail = last
    t.g, t.owned, t.lo, t.keep = g, owned, lo, keep
    t.norm2, t.column, t.ended, t.dated = norm2, column, ended, dated
    t.last_role, t.first_role, t.titles, t.roundup = last_role, first_role, titles, roundup
    return t


@cython.final
cdef class LaidOut:
    """The resume model's trees laid out for the walk (``Decoder``'s rows), once a model (:func:`_laid_out`)."""
    cdef Split* splits  # each tree's 2**depth - 1 nodes breadth first (node p's children 2p + 1, 2p + 2) …
    cdef double* leaves  # … and its 2**depth leaves, in order
    cdef int r_trees, r_depth
    # the features some split sends a missing value right at (as +inf), and those some split asks only whether
    # they are missing (a threshold of +inf): the slots ``_walked`` fills besides the features
    cdef int high[N_FEATURES]
    cdef int only[N_FEATURES]
    cdef int n_high, n_only
    cdef double r_base
    # the highest and lowest log-odds a row can get: the base plus each tree's highest (lowest) leaf, added in
    # the walk's order (every partial sum of a walk lies between theirs: its logit between them, rounding and all)
    cdef double high_logit, low_logit

    def __dealloc__(self):
        free(self.splits)
        free(self.leaves)

    cdef _lay_out(self, const Py_ssize_t[::1] roots, const Py_ssize_t[::1] feature, const double[::1] threshold,
                  const Py_ssize_t[::1] slot, const double[::1] cut, const Py_ssize_t[::1] left,
                  const double[::1] value, int depth, double base):
        """The resume model's trees (``starts.TreeModel``) laid out whole, every leaf ``depth`` steps down: a
        leaf met sooner stands for itself all the way down behind splits that send every row left (threshold
        +inf, a missing value left), so a walk takes the same turns and reaches the same value.  Each split
        reads the slot of the walked row that ``trees.split_slots`` chose for it (the model's ``slot`` and
        ``cut``: the feature itself where a missing value goes left, the feature with a missing value as +inf
        where it goes right, whether it is missing where only a missing value goes right), laid out here
        feature by feature in three runs of :data:`N_FEATURES` (``_walked``) where trees.pyx interleaves them;
        with the model's ``base``, and the bounds of a row's log-odds (``_bounds``)."""
        cdef int i, p, inner, f, kind
        cdef bint high[N_FEATURES]
        cdef bint only[N_FEATURES]
        cdef Py_ssize_t node
        cdef Py_ssize_t* at  # the node at each place
        if depth < WALK:
            depth = WALK  # (a leaf met sooner stands for itself down to the last level)
        inner = (1 << depth) - 1
        at = <Py_ssize_t*> malloc((2 * inner + 1) * sizeof(Py_ssize_t))
        self.r_trees, self.r_depth = roots.shape[0], depth
        self.splits = <Split*> malloc(max(self.r_trees * inner, 1) * sizeof(Split))
        self.leaves = <double*> malloc(self.r_trees * (inner + 1) * sizeof(double))
        if at == NULL or self.splits == NULL or self.leaves == NULL:
            free(at)
            raise MemoryError()
        for f in range(N_FEATURES):
            high[f] = only[f] = False
        for i in range(self.r_trees):
            at[0] = roots[i]
            for p in range(inner):
                node = at[p]
                if left[node] == node:  # a leaf: it stays
                    self.splits[i * inner + p] = Split(INFINITY, 0)
                    at[2 * p + 1] = at[2 * p + 2] = node
                else:
                    f = <int> feature[node]
                    if not 0 <= f < N_FEATURES or isnan(threshold[node]):
                        free(at)
                        raise ValueError("a resume model's split on no feature of its rows, or at no threshold")
                    kind = <int> (slot[node] - 3 * f)  # (trees.split_slots: slot 3f + kind)
                    if kind == 1:
                        high[f] = True
                    elif kind == 2:
                        only[f] = True
                    self.splits[i * inner + p] = Split(cut[node], kind * N_FEATURES + f)
                    at[2 * p + 1], at[2 * p + 2] = left[node], left[node] + 1
            for p in range(inner + 1):
                node = at[inner + p]
                if left[node] != node:
                    free(at)
                    raise ValueError("the resume model's trees are deeper than its depth")
                self.leaves[i * (inner + 1) + p] = value[node]
        free(at)
        self.n_high = self.n_only = 0
        for f in range(N_FEATURES):
            if high[f]:
                self.high[self.n_high] = f
                self.n_high += 1
            if only[f]:
                self.only[self.n_only] = f
                self.n_only += 1
        self.r_base = base
        self._bounds()

    cdef void _bounds(self) noexcept:
        """``high_logit`` and ``low_logit``: the base, then each tree's highest (lowest) leaf added in order."""
        cdef int i, p, leaves = 1 << self.r_depth
        cdef double hi, lo
        self.high_logit = self.low_logit = self.r_base
        for i in range(self.r_trees):
            hi = lo = self.leaves[i * leaves]
            for p in range(1, leaves):
                hi = max(hi, self.leaves[i * leaves + p])
                lo = min(lo, self.leaves[i * leaves + p])
            self.high_logit += hi
            self.low_logit += lo

    cdef inline void _walked(self, double* x) noexcept:
        """Fill the slots of row ``x`` (``SLOTS`` long, its features first) that the splits read besides its
        features (``_lay_out``)."""
        cdef int i, f
        for i in range(self.n_high):
            f = self.high[i]
            x[N_FEATURES + f] = INFINITY if isnan(x[f]) else x[f]
        for i in range(self.n_only):
            f = self.only[i]
            x[2 * N_FEATURES + f] = 1.0 if isnan(x[f]) else 0.0

    cdef double logit(self, double* x) noexcept:
        """The resume model's log-odds for one row of features (``resumes.FEATURES``; ``x`` is ``SLOTS`` long,
        the slots after the features filled here): its trees walked as ``trees.pyx`` walks them (the same
        turns, the leaves' values added in the same order)."""
        cdef int i, d, p, inner = (1 << self.r_depth) - 1
        cdef const Split* tree
        cdef double s = self.r_base
        self._walked(x)
        if self.r_depth == WALK:
            for i in range(self.r_trees):
                tree = &self.splits[i * ((1 << WALK) - 1)]
                p = 0
                for d in range(WALK):
                    p = 2 * p + 1 + _right(&tree[p], x)
                s += self.leaves[i << WALK | (p - ((1 << WALK) - 1))]
            return s
        for i in range(self.r_trees):
            tree = &self.splits[i * inner]
            p = 0
            for d in range(self.r_depth):
                p = 2 * p + 1 + _right(&tree[p], x)
            s += self.leaves[i * (inner + 1) + p - inner]
        return s


# the model last laid out, and its trees so laid out (a page's decoder takes them as they are)
cdef object _laid_model = None
cdef LaidOut _laid = None


cdef LaidOut _laid_out(resume):
    """The resume model's trees (``starts.TreeModel``) laid out, once a model: the same model object is laid
    out again only after another was."""
    global _laid_model, _laid
    cdef LaidOut trees
    if resume is not _laid_model:
        trees = LaidOut()
        trees._lay_out(resume.roots, resume.feature, resume.threshold, resume.slot, resume.cut, resume.left,
                       resume.value, resume.depth, resume.base)
        _laid, _laid_model = trees, resume
    return _laid


@cython.final  # (its methods called directly, not through a table of pointers: the C compiler may inline them)
cdef class Decoder:
    cdef W w
    cdef int n
    cdef const int[::1] flags  # per role code
    cdef list roles  # role objects by code
    cdef dict codes
    cdef int* kinds  # each block's role code
    cdef Reading* readings  # each block's readings, ``width`` a block (the first ``n_readings[b]`` of them)
    cdef int* n_readings
    cdef int width
    cdef const double[:, ::1] join, gram
    cdef const unsigned char[:, ::1] ruled
    cdef bint ruling  # rules divide the page's text somewhere: its articles are ruled apart
    cdef const unsigned char[::1] midway, closed, soft, opener, opener_next, closer, kicker_end, comma_end, roundup
    cdef const unsigned char[::1] turnover  # the block's run-on into the next is weighed whole (a display line's turnover)
    cdef const double[::1] continuity, head, tail, column, self_norm
    cdef const double[::1] first  # a paragraph of two lines: its first line's width (evidence.first_lines)
    cdef const double[::1] goes_on  # how strongly a block's tail says its paragraph goes on (evidence.goes_on)
    cdef const int[::1] earlier_at, earlier
    cdef const double[::1] comes_on, length  # a block's opening going on from something; log(1 + characters)
    # the resume model's trees (``resumes.py``), where it weighs the page
    cdef bint resuming
    cdef LaidOut trees
    cdef unsigned long long stamp  # (its rows in ``_rows``)
    cdef double read_across  # (the page's: ``resumes.read_across``)
    cdef object gram_rows
    cdef Move* moves
    cdef int n_moves, cap
    cdef Group* groups  # the block's (``_group``)
    cdef int n_groups, group_cap

    def __init__(self, dict w, list roles, dict codes, flags, tuple kinds, tuple readings, join, gram, ruled, bint ruling, midway, closed, soft, opener, opener_next, closer,
                 kicker_end, comma_end, continuity, head, tail, column, first, earlier_at, earlier, roundup, turnover, goes_on,
                 comes_on, length, resume=None, double read_across=NAN):
        self._weights(w)
        self.roles, self.codes = roles, codes
        self.flags = flags
        self._read(kinds, readings)
        self.join, self.gram, self.gram_rows, self.ruled, self.ruling = join, gram, gram, ruled, ruling
        self.midway, self.closed, self.soft, self.opener = midway, closed, soft, opener
        self.opener_next, self.closer, self.kicker_end, self.comma_end = opener_next, closer, kicker_end, comma_end
        self.continuity, self.head, self.tail, self.column, self.first = continuity, head, tail, column, first
        self.self_norm = np.sqrt(np.maximum(np.diag(gram), 1e-12))
        self.earlier_at, self.earlier, self.roundup = earlier_at, earlier, roundup
        self.turnover = turnover
        self.goes_on = goes_on
        self.comes_on, self.length = comes_on, length
        self.resuming = resume is not None and self.w.resume != 0.0
        if self.resuming:
            self.trees = _laid_out(resume)
            global _decoders
            _decoders += 1
            self.stamp = _decoders
        self.read_across = read_across
        self.n = len(kinds)
        self.cap = 1024
        self.moves = <Move*> malloc(self.cap * sizeof(Move))
        self.group_cap = 16
        self.groups = <Group*> malloc(self.group_cap * sizeof(Group))
        if self.moves == NULL or self.groups == NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.moves)
        free(self.groups)
        free(self.kinds)
        free(self.readings)
        free(self.n_readings)

    cdef _read(self, tuple kinds, tuple readings):
        """Each block's role code (``kinds``: the roles) and its readings' (``readings``: per block, its
        (role, display cost, section cost) readings, as ``evidence.readings`` gives them)."""
        cdef Py_ssize_t n = len(kinds), b, r
        cdef object options, reading
        if len(readings) != n:
            raise ValueError("a block needs its readings")
        self.width = 1
        for options in readings:
            if len(options) > self.width:
                self.width = len(options)
        self.kinds = <int*> malloc(max(n, 1) * sizeof(int))
        self.n_readings = <int*> malloc(max(n, 1) * sizeof(int))
        self.readings = <Reading*> malloc(max(n, 1) * self.width * sizeof(Reading))
        if self.kinds == NULL or self.n_readings == NULL or self.readings == NULL:
            raise MemoryError()
        for b in range(n):
            self.kinds[b] = self.codes[kinds[b]]
            options = readings[b]
            self.n_readings[b] = len(options)
            for r in range(len(options)):
                reading = options[r]
                self.readings[b * self.width + r] = Reading(self.codes[reading[0]], reading[1], reading[2])

    cdef _weights(self, dict w):
        self.w.join_bias, self.w.title_join_bias, self.w.closed_join = w["join_bias"], w["title_join_bias"], w["closed_join"]
        self.w.end_join = w["end_join"]
        self.w.midway_run_on, self.w.midway_fresh, self.w.recency = w["midway_run_on"], w["midway_fresh"], w["recency"]
        self.w.dangling_far = w["dangling_far"]
        self.w.topic, self.w.relative_topic, self.w.run_on_topic = w["topic"], w["relative_topic"], w["run_on_topic"]
        self.w.dangle, self.w.cut, self.w.new_title = w["dangle"], w["cut"], w["new_title"]
        self.w.new_paragraph, self.w.new_byline, self.w.new_other = w["new_paragraph"], w["new_byline"], w["new_other"]
        self.w.new_heading, self.w.new_deck = w["new_heading"], w["new_deck"]
        self.w.heading, self.w.late_title, self.w.bare_title = w["heading"], w["late_title"], w["bare_title"]
        self.w.title_gap, self.w.opener, self.w.second_opener = w["title_gap"], w["opener"], w["second_opener"]
        self.w.after_end, self.w.lost_title_opener = w["after_end"], w["lost_title_opener"]
        self.w.backward, self.w.take_back = w["backward"], w["take_back"]
        self.w.continuity, self.w.shape, self.w.column, self.w.ruled = w["continuity"], w["shape"], w["column"], w["ruled"]
        self.w.unruled, self.w.fit = w["unruled"], w["fit"]
        self.w.title_evidence, self.w.heading_evidence = w["title_evidence"], w["heading_evidence"]
        self.w.resume, self.w.next_section = w["resume"], w["next_section"]
        self.w.beam, self.w.reach, self.w.horizon = w["beam"], w["reach"], w["horizon"]

    # -- moves --------------------------------------------------------------------------------------
    # (the methods that may raise return 0, or -1 with the error set, which their callers in C test: a ``void``
    # one's ``except *`` asked the interpreter whether an error was set after every call, ~15,000 a large page;
    # those that cannot raise are ``noexcept``)
    cdef inline int _add(self, double score, int hyp, int kind, int k, int x) except -1:
        if self.n_moves == self.cap:
            self.cap *= 2
            self.moves = <Move*> realloc(self.moves, self.cap * sizeof(Move))
            if self.moves == NULL:
                raise MemoryError()
        self.moves[self.n_moves] = Move(score, hyp, kind, k, x, 0.0, 0.0, -1)
        self.n_moves += 1
        return 0

    cdef inline int _add_credited(self, double cost, double rest, int group, int hyp, int kind, int k, int x) except -1:
        """A move the resume model may credit (``group`` ≥ 0): scored without the credit for now."""
        self._add(cost + (rest + 0.0), hyp, kind, k, x)
        if group >= 0:
            self.moves[self.n_moves - 1].cost = cost
            self.moves[self.n_moves - 1].rest = rest
            self.moves[self.n_moves - 1].group = group
        return 0

    cdef inline int _register(self, int role) noexcept:
        return self._register_flags(self.flags[role])

    cdef inline bint _display(self, int role) noexcept:
        return (self.flags[role] & (TITLE | HEADING)) != 0

    cdef double _new_article_cost(self, int kind) noexcept:
        cdef int f = self.flags[kind]
        if f & DECK:
            return self.w.new_deck
        if f & TITLE:
            return self.w.new_title
        if f & HEADING:
            return self.w.new_heading
        if f & PARAGRAPH:
            return self.w.new_paragraph
        if f & BYLINE:
            return self.w.new_byline
        return self.w.new_other

    cdef int _moves(self, Hypothesis hyp, int h, int b) except -1:
        cdef tuple threads = hyp.threads
        cdef int T = len(threads), k, j, r, kind
        cdef Thread t
        cdef double top, cost, den
        cdef int rank[64]
        cdef int lasts[64]  # when each article was last touched
        cdef double sims[64]
        cdef double raw[64]  # the cosines before the closest article's is taken off
        cdef double ruled[64]
        if self.flags[self.kinds[b]] & OUTSIDE:
            self._add(hyp.score, h, UNASSIGN, -1, 0)
            return 0
        if T > 64:
            raise ValueError("more than 64 open articles")
        for k in range(T):
            lasts[k] = (<Thread> threads[k]).last
        for k in range(T):  # recency rank: articles touched later come first, ties in their order
            t = <Thread> threads[k]
            r = 0
            for j in range(T):
                if lasts[j] > lasts[k] or (lasts[j] == lasts[k] and j < k):
                    r += 1
            rank[k] = r
            den = self.self_norm[b] * sqrt(t.norm2)
            sims[k] = t.g[b - t.lo] / den if den > 0 else 0.0
            raw[k] = sims[k]
            ruled[k] = self.w.ruled * self.ruled[t.last, b]
        if T and self.w.relative_topic:
            top = sims[0]
            for k in range(1, T):
                if sims[k] > top:
                    top = sims[k]
            for k in range(T):
                sims[k] = sims[k] - self.w.relative_topic * top
        cdef const Reading* reading
        for r in range(self.n_readings[b]):
            reading = &self.readings[b * self.width + r]
            kind = reading.kind
            cost = hyp.score - self.w.title_evidence * reading.display - self.w.heading_evidence * reading.section
            self._moves_as(hyp, h, b, kind, rank, sims, raw, ruled, cost)
        return 0

    cdef inline bint _may_run_on(self, Thread t, int b, int fk) noexcept:
        """Whether block ``b`` read as a role of flags ``fk`` may run on thread ``t``'s last element."""
        return (t.open and fk & RUNS_ON and self._register(t.last_role) == self._register_flags(fk)
                and (not self._display(t.last_role) or t.tail == b - 1) and self.join[t.tail, b] > -INFINITY)

    cdef inline int _register_flags(self, int f) noexcept:
        return 2 if f & TITLE else 1 if f & HEADING else 0

    cdef double _memo_logit(self, double* x) noexcept:
        """The resume model's log-odds for row ``x``: remembered if this decoder was asked the very same
        row (bit for bit) lately, else walked and remembered."""
        global _rows, _stamps
        cdef unsigned long long h = 0, word
        cdef int i
        cdef double* row
        for i in range(9):  # (a hash of the features that tell rows of a block apart most often)
            memcpy(&word, &x[_HASHED[i]], sizeof(double))
            h = (h ^ word) * 0x100000001b3ULL
        i = <int> ((h ^ (h >> 32)) & (ROWS - 1))
        row = &_rows[i * (N_FEATURES + 1)]
        if _stamps[i] == self.stamp and memcmp(row, x, N_FEATURES * sizeof(double)) == 0:
            return row[N_FEATURES]
        memcpy(row, x, N_FEATURES * sizeof(double))
        row[N_FEATURES] = self.trees.logit(x)
        _stamps[i] = self.stamp
        return row[N_FEATURES]

    cdef int _group(self, tuple threads, int h, int b, int fk, int* rank, double* raw) except -2:
        """The group of rows the resume model may be asked for block ``b`` (read as a role of flags ``fk``)
        going on each open thread of a hypothesis, -1 where it credits no move: its log-odds (``resumes.py``,
        the features in its order) over the latest thread's, where higher, times their weight, credit a move
        back to an article that is not the latest — the hand recency charge stays, and the model can only lift
        a going back above it.  A move exists only for an article it may go to fresh (within ``reach``) or
        run on; the rows are walked later (``_credit``), only for the moves that may make the beam."""
        cdef int T = len(threads), k
        cdef Group* g
        cdef bint any_ = False
        for k in range(T):  # the credits a move would use (none to the latest, none beyond the horizon)
            if (0 < rank[k] < self.w.horizon
                    and (rank[k] < self.w.reach or self._may_run_on(<Thread> threads[k], b, fk))):
                any_ = True
                break
        if not any_:
            return -1
        if self.n_groups == self.group_cap:
            self.group_cap *= 2
            self.groups = <Group*> realloc(self.groups, self.group_cap * sizeof(Group))
            if self.groups == NULL:
                raise MemoryError()
        g = &self.groups[self.n_groups]
        g.h, g.b, g.fk, g.T, g.latest, g.top, g.live = h, b, fk, T, 0, -INFINITY, False
        for k in range(T):
            if raw[k] > g.top:
                g.top = raw[k]
            if rank[k] == 0:
                g.latest = k
            g.rank[k], g.raw[k], g.hot[k], g.credit[k] = rank[k], raw[k], False, 0.0
        self.n_groups += 1
        return self.n_groups - 1

    cdef double _logit(self, const Group* g, tuple threads, int k) except? -1:
        """The resume model's log-odds for the block of group ``g`` going on thread ``k``."""
        cdef double x[SLOTS]  # (the features, then the slots the walk fills: ``LaidOut.logit``)
        cdef int b = g.b, j, closer = 0
        cdef Thread t = <Thread> threads[k]
        cdef bint runs = self._may_run_on(t, b, g.fk)
        for j in range(g.T):
            if g.raw[j] > g.raw[k]:
                closer += 1
        x[0] = g.rank[k]
        x[1] = b - t.last
        x[2] = t.dangling
        x[3] = t.open
        x[4] = t.titles_only
        x[5] = self._display(t.last_role)
        x[6] = self.join[t.tail, b] if runs else NAN
        x[7] = self.goes_on[t.tail] if t.dangling else NAN
        x[8] = g.raw[k]
        x[9] = g.top - g.raw[k]
        x[10] = g.raw[k] - g.raw[g.latest]
        x[11] = closer
        # the block's own features
        x[12] = g.T
        x[13] = (g.fk & PARAGRAPH) != 0
        x[14] = (g.fk & HEADING) != 0
        x[15] = self.midway[b]
        x[16] = self.opener[b]
        x[17] = self.comes_on[b]
        x[18] = self.length[b]
        x[19] = self.length[t.tail]
        x[20] = self.head[b]
        x[21] = self.tail[t.tail]
        x[22] = self.closed[t.tail]
        x[23] = runs
        x[24] = self.read_across
        return self._memo_logit(x)

    cdef int _credit(self, list beam) except -1:
        """The resume model's credits (``_group``) added to the moves that may make the beam.  A credit is
        never below 0 (a positive weight), so the beam's last score is at least ``floor``, the ``beam``-th best
        of the scores without credits; a move whose score with the highest credit its group could give (the
        highest log-odds a row can get over the latest's, or over the lowest a row can get before that is
        walked) stays below ``floor`` cannot make the beam, whatever its credit: its row is not walked and its
        score is left without it.  The rest are scored as every credit was: ``cost + (rest + credit)``."""
        cdef int i, j, kept = 0, n = self.w.beam
        cdef double floor = -INFINITY, spread, reach, s, out
        cdef double best[64]
        cdef Move* m
        cdef Group* g
        cdef double high = self.trees.high_logit, low = self.trees.low_logit, resume = self.w.resume
        if resume > 0.0 and n <= 64:  # (a negative weight's credits are never above 0: every row walked)
            for i in range(self.n_moves):  # the beam-th best score so far
                s = self.moves[i].score
                if kept == n and not s > best[kept - 1]:
                    continue
                j = kept if kept < n else kept - 1
                while j > 0 and s > best[j - 1]:
                    best[j] = best[j - 1]
                    j -= 1
                best[j] = s
                if kept < n:
                    kept += 1
            if kept == n:
                floor = best[n - 1]
        spread = resume * (high - low if high > low else 0.0)
        for i in range(self.n_moves):  # the groups one of whose moves may make the beam
            m = &self.moves[i]
            if m.group >= 0 and not m.cost + (m.rest + spread) < floor:
                self.groups[m.group].live = True
        for i in range(self.n_groups):
            g = &self.groups[i]
            if g.live:
                g.base = self._logit(g, (<Hypothesis> beam[g.h]).threads, g.latest)
        for i in range(self.n_moves):  # the articles whose credit may lift one of their moves into the beam
            m = &self.moves[i]
            if m.group < 0:
                continue
            g = &self.groups[m.group]
            if not g.live or g.hot[m.k]:
                continue
            reach = resume * (high - g.base if high > g.base else 0.0)
            if not m.cost + (m.rest + reach) < floor:
                g.hot[m.k] = True
                out = self._logit(g, (<Hypothesis> beam[m.hyp]).threads, m.k)
                g.credit[m.k] = resume * (out - g.base if out > g.base else 0.0)
        for i in range(self.n_moves):
            m = &self.moves[i]
            if m.group >= 0 and self.groups[m.group].hot[m.k]:
                m.score = m.cost + (m.rest + self.groups[m.group].credit[m.k])
        return 0

    cdef int _moves_as(self, Hypothesis hyp, int h, int b, int kind, int* rank, double* sims, double* raw,
                       double* ruled, double cost) except -1:
        cdef tuple threads = hyp.threads
        cdef int T = len(threads), k, role, fk = self.flags[kind], first = -1
        cdef bint midway = self.midway[b], has_run_on, has_fresh
        cdef double run_on, fresh, column, d, s, stale
        cdef int group = -1, credited  # the resume model's rows for this reading (``_group``), if any
        cdef Thread t
        if self.resuming and T > 1 and not fk & TITLE:  # (the model never saw a title line placed)
            group = self._group(threads, h, b, fk, rank, raw)
        for k in range(T):
            if rank[k] >= self.w.horizon:
                continue  # an article untouched for this long is finished
            t = <Thread> threads[k]
            # what the block scores with the article before recency, topic and rules
            # set in the article's column (within half an em) or in another (more than an em off); an em off
            # says neither (paragraphs and the open stories whose column is that far from theirs, every second
            # dev page of pdftotext.wrapped: within half an em 8,224 their own and 7,028 others, an em 213 and
            # 1,868, more 18 and 6,565)
            d = fabs(self.column[b] - t.column)
            column = self.w.column * (0.0 if isnan(d) else 1.0 if d <= 0.5 else 0.0 if d <= 1.0 else -1.0)
            if isnan(d) and not isnan(self.first[b]) and not isnan(t.column):
                # a paragraph of two lines, which measures no column: its first line as wide as the article's
                # column or two em short (indented), or set in another
                d = self.first[b] - t.column
                column = self.w.fit * (1.0 if fabs(d) <= 0.5 or fabs(d + 2.0) <= 0.5 else -1.0)
            has_run_on = False
            role = t.last_role
            if self._may_run_on(t, b, fk):
                has_run_on = True
                run_on = self.join[t.tail, b] + (self.w.midway_run_on if midway else 0.0)
                if self.turnover[t.tail] and b == t.tail + 1:  # a display line turning over: its model weighed the rest
                    run_on += column
                else:
                    run_on += self.w.title_join_bias if self._display(role) else self.w.join_bias
                    if t.dangling and not self._display(role) and self.tail[t.tail] == 0:
                        # cut mid-sentence, its last line unmeasured: how surely it goes on
                        run_on += self.w.end_join * self.goes_on[t.tail]
                    if self.closed[t.tail] and not (self.head[b] > 0 and self.tail[t.tail] > 0):
                        run_on += self.w.closed_join
                    run_on += self.w.shape * (self.head[b] + self.tail[t.tail]) + column
            has_fresh = True
            role = kind
            fresh = 0.0
            if fk & TITLE:
                if t.titles_only:
                    fresh = 0.0 if t.last == b - 1 else -self.w.title_gap
                else:
                    has_fresh = False  # a title line inside a body is read as a heading (its own reading)
            elif fk & HEADING:
                fresh = -self.w.heading
                if t.sections & self._lengths_near(b) and not self._display(t.last_role):
                    # after body text, a heading as long as one of the article's own, within a character: a
                    # feature's section headings are set alike
                    fresh += self.w.next_section
            if has_fresh:
                fresh += column
                # a continuation mark may follow a cut paragraph; so may a caption, which leaves a paragraph open
                if t.dangling and not (fk & CONTINUATION or fk & ASIDE and self.flags[t.last_role] & PARAGRAPH):
                    fresh -= self.w.dangle
                if midway:
                    fresh -= self.w.midway_fresh
                fresh -= self.w.shape * self.head[b]
                if fk & HEADING:
                    fresh += self.w.continuity * self.continuity[b]
                if not t.titles_only and not t.roundup and (self.opener[b] or fk & HEADING and self.opener_next[b]):
                    fresh -= self.w.opener
                    if t.dated:
                        fresh -= self.w.second_opener
                if t.ended and not (fk & AFTER_END):
                    fresh -= self.w.after_end
            credited = group if rank[k] > 0 else -1  # (the latest's credit is none)
            if has_run_on:
                stale = self.w.recency * rank[k]
                if t.dangling and rank[k] > 1:  # a paragraph cut mid-sentence waits for its continuation
                    stale = self.w.recency + self.w.dangling_far * (rank[k] - 1)
                self._add_credited(cost, run_on + self.w.run_on_topic * sims[k] - stale - ruled[k], credited, h, RUN_ON, k, 0)
            if has_fresh and rank[k] < self.w.reach:
                self._add_credited(cost, fresh + self.w.topic * sims[k] - self.w.recency * rank[k] - ruled[k], credited,
                                   h, FRESH, k, kind)
        # a title that comes after its article's text (extraction order): it heads that article
        if fk & TITLE:
            for k in range(T):
                t = <Thread> threads[k]
                if rank[k] >= self.w.reach or t.titles_only or t.titles > 1:
                    continue
                s = self.w.topic * sims[k] - self.w.recency * rank[k] - self.w.late_title - ruled[k]
                if t.titles == 0 and self.flags[t.first_role] & PARAGRAPH:
                    s += self.w.new_paragraph - self.w.new_title  # it was no headline-less article after all
                self._add(cost + s, h, LATE_TITLE, k, kind)
        # run on into an earlier fresh paragraph (the extractor put the continuation first)
        if fk & PARAGRAPH and (not self.closed[b] or self.tail[b] > 0):
            self._run_into_earlier(hyp, h, b, rank, sims, ruled, cost)
        # a new article
        s = -self._new_article_cost(kind) - (self.w.midway_fresh if midway else 0.0) - self.w.shape * self.head[b]
        if T:
            for k in range(T):
                if rank[k] == 0:
                    first = k
            if (<Thread> threads[first]).titles_only:
                s -= self.w.bare_title
            if self.ruling and not self.ruled[(<Thread> threads[first]).last, b]:
                s -= self.w.unruled  # on a page that rules its articles apart, no rule since the last one
        if fk & TITLE:
            s -= self.w.continuity * self.continuity[b]  # the text goes on about the same thing: a section
        if fk & TITLE and self.opener_next[b]:
            s += self.w.opener  # a dateline follows the title
        elif self.opener[b]:
            s += self.w.lost_title_opener  # a dateline opens a story that lost its title
        self._add(cost + s, h, NEW, -1, kind)
        return 0

    cdef int _run_into_earlier(self, Hypothesis hyp, int h, int b, int* rank, double* sims, double* ruled,
                               double cost) except -1:
        cdef tuple threads = hyp.threads, element, bs
        cdef object node
        cdef int T = len(threads), i, j, k, e
        cdef Py_ssize_t at
        cdef Thread t
        cdef double refund, s
        for i in range(self.earlier_at[b], self.earlier_at[b + 1]):
            j = self.earlier[i]
            for k in range(T):
                t = <Thread> threads[k]
                if t.last < j:
                    continue  # (it holds no block as late as j)
                # the element that holds block j, if any (a block is in one element: walked from the last,
                # where an earlier block near b is)
                node, e = t.chain, t.count - 1
                while node is not None:
                    element = <tuple> (<tuple> node)[1]
                    bs = <tuple> element[1]
                    at = _place(bs, j)
                    if at < 0:
                        node = (<tuple> node)[0]
                        e -= 1
                        continue
                    if not self.flags[<int> self.codes[element[0]]] & PARAGRAPH:
                        break
                    # what placing j as a fresh start cost, given back now that it is a run-on (none if it was one)
                    refund = ((self.w.midway_fresh if self.midway[j] else 0.0) + self.w.shape * self.head[j]
                              if at == 0 else 0.0)
                    # (the pair is the best of those within reach back, not the one pair just ahead: ``backward``)
                    s = self.w.join_bias - self.w.backward + self.join[b, j] + refund
                    s += self.w.shape * (self.head[j] + self.tail[b])
                    if not self.closed[b] and not self.soft[b] and self.tail[b] == 0:  # (as a run-on's tail above)
                        s += self.w.end_join * self.goes_on[b]
                    s += self.w.topic * sims[k] - self.w.recency * rank[k] - ruled[k]
                    if at == 0:
                        self._add(cost + s, h, INTO_EARLIER, k, e)
                    else:
                        # j was run on into from the block before it: b takes it back, that run-on's evidence
                        # given up, and the paragraph before j ends there
                        self._add(cost + s - self._run_on_evidence(<int> bs[at - 1], j) - self.w.take_back,
                                  h, TAKE_BACK, k, j)
                    break
                if node is not None:
                    break  # (j is in this article: no other holds it)
        return 0

    cdef double _run_on_evidence(self, int p, int j) noexcept:
        """What a paragraph's run-on from block ``p`` into ``j`` was scored on (``_moves_as``; the topic
        aside), and what ending the paragraph at ``p`` costs instead."""
        cdef double s = self.w.join_bias + self.join[p, j] + self.w.shape * (self.head[j] + self.tail[p])
        if not self.closed[p] and not self.soft[p]:
            if self.tail[p] == 0:
                s += self.w.end_join * self.goes_on[p]
            s += self.w.dangle  # (it now stops mid-sentence before a fresh element)
        if self.closed[p] and not (self.head[j] > 0 and self.tail[p] > 0):
            s += self.w.closed_join
        return s

    # -- the hypotheses the moves build ---------------------------------------------------------------
    cdef int _ending(self, int b, int role) noexcept:
        """OPEN | DANGLING: whether a thread whose last block is ``b`` read as ``role`` is open, dangling."""
        if self._display(role):  # a title or heading line may go on in the next block, unless it ends in "——";
            # ending in a comma, it must (a title set on two lines, a heading cut at the column's foot)
            return (OPEN if not self.closed[b] and not self.kicker_end[b] else 0) | (DANGLING if self.comma_end[b] else 0)
        if not self.flags[role] & PARAGRAPH:
            return 0
        if self.soft[b]:
            return OPEN  # may go on, need not
        if not self.closed[b]:
            return OPEN | DANGLING
        return OPEN if self.tail[b] > 0 else 0

    cdef inline unsigned long long _length_bit(self, int b) noexcept:
        """Block ``b``'s length in characters as a bit (none from 64 on)."""
        cdef int n = <int> (exp(self.length[b]) - 0.5)  # (``length`` is log(1 + characters))
        return (1ULL << n) if 0 < n < 64 else 0

    cdef inline unsigned long long _lengths_near(self, int b) noexcept:
        """The bits of the lengths within a character of block ``b``'s."""
        cdef unsigned long long bit = self._length_bit(b)
        return bit | (bit << 1) | (bit >> 1)

    cdef inline bint _ends(self, int b, int role) noexcept:
        return self.closer[b] and not self._display(role)

    cdef inline bint _dates(self, int b, int role) noexcept:
        return self.opener[b] and self.flags[role] & PARAGRAPH

    cdef Thread _grow(self, Thread t, int b, tuple chain, int count, int last, bint open_, bint dangling,
                      bint titles_only, bint ended, bint dated, int last_role, int first_role, int titles,
                      bint roundup):
        cdef double column = self.column[b]
        cdef Py_ssize_t j
        cdef double* g = <double*> malloc((self.n - b) * sizeof(double))
        if g == NULL:
            raise MemoryError()
        for j in range(b, self.n):
            g[j - b] = t.g[j - t.lo] + self.gram[b, j]
        return _thread(chain, count, last, open_, dangling, titles_only, g, g, b, None,
                       t.norm2 + 2.0 * t.g[b - t.lo] + self.gram[b, b], t.column if isnan(column) else column,
                       ended, dated, last_role, first_role, titles, roundup)

    cdef Hypothesis _build(self, Move m, Hypothesis hyp, int b):
        cdef Thread t, nt
        cdef tuple element, bs, elements, node
        cdef object role
        cdef int code = m.x, e, ending, i
        if m.kind == UNASSIGN:
            return _hypothesis(m.score, hyp.threads, hyp.unassigned + (b,), hyp.done)
        if m.kind == NEW:
            ending = self._ending(b, code)
            nt = _thread((None, (self.roles[code], (b,))), 1, b, ending & OPEN, ending & DANGLING, self.flags[code] & TITLE,
                         &self.gram[b, b], NULL, b, self.gram_rows, self.gram[b, b], self.column[b], self._ends(b, code),
                         self._dates(b, code), code, code, 1 if self.flags[code] & TITLE else 0,
                         self.roundup[b] and self.flags[code] & TITLE)
            return _hypothesis(m.score, hyp.threads + (nt,), hyp.unassigned, hyp.done)
        t = <Thread> hyp.threads[m.k]
        if m.kind == RUN_ON:
            code = t.last_role
            node = t.chain
            role, bs = node[1]
            ending = self._ending(b, code)
            nt = self._grow(t, b, (node[0], (role, bs + (b,))), t.count, b, ending & OPEN, ending & DANGLING, t.titles_only,
                            self._ends(b, code) and not t.roundup, t.dated, code, t.first_role, t.titles, t.roundup)
        elif m.kind == FRESH and self.flags[code] & ASIDE and t.open and self.flags[t.last_role] & PARAGRAPH:
            # a caption set between the two halves of a split paragraph leaves it open: the paragraph stays
            # the article's last element (captions go after the text in the output anyway)
            node = t.chain
            nt = self._grow(t, b, ((node[0], (self.roles[code], (b,))), node[1]), t.count + 1, t.last, True,
                            t.dangling, False, t.ended, t.dated, t.last_role, t.first_role, t.titles, t.roundup)
            nt.tail = t.tail
        elif m.kind == FRESH:
            ending = self._ending(b, code)
            nt = self._grow(t, b, (t.chain, (self.roles[code], (b,))), t.count + 1, b, ending & OPEN, ending & DANGLING,
                            t.titles_only and self.flags[code] & TITLE, self._ends(b, code) and not t.roundup,
                            t.dated or self._dates(b, code), code,
                            t.first_role, t.titles + (1 if self.flags[code] & TITLE else 0), t.roundup)
        elif m.kind == LATE_TITLE:
            # after the title lines already in front of it (in the order they were read)
            elements = t.elements
            elements = elements[:t.titles] + ((self.roles[code], (b,)),) + elements[t.titles:]
            nt = self._grow(t, b, _chain(elements), t.count + 1, max(t.last, b), t.open, t.dangling,
                            False, t.ended, t.dated, t.last_role, code, t.titles + 1, t.roundup or self.roundup[b])
            nt.tail = t.tail  # the title goes in front: the text goes on from where it stopped
        elif m.kind == TAKE_BACK:  # block m.x and the rest of its paragraph go after b, in a paragraph of their own
            elements = t.elements
            for e in range(len(elements)):
                role, bs = elements[e]
                if m.x in bs:
                    i = bs.index(m.x)
                    elements = elements[:e] + ((role, bs[:i]), (role, (b,) + bs[i:])) + elements[e + 1:]
                    break
            nt = self._grow(t, b, _chain(elements), t.count + 1, max(t.last, b), t.open, t.dangling, t.titles_only, t.ended,
                            t.dated, t.last_role, t.first_role, t.titles, t.roundup)
            nt.tail = t.tail
        else:  # INTO_EARLIER
            elements = t.elements
            role, bs = elements[m.x]
            elements = elements[:m.x] + ((role, (b,) + bs),) + elements[m.x + 1:]
            nt = self._grow(t, b, _chain(elements), t.count, max(t.last, b), t.open, t.dangling, t.titles_only, t.ended, t.dated,
                            t.last_role, t.first_role, t.titles, t.roundup)
            nt.tail = t.tail
        nt.sections = t.sections | (self._length_bit(b) if m.kind == FRESH and self.flags[code] & HEADING else 0)
        return _hypothesis(m.score, _with(hyp.threads, m.k, nt), hyp.unassigned, hyp.done)

    cdef Hypothesis _retire(self, Hypothesis hyp):
        """Set aside articles no block may reach any more, so the work per block stays bounded."""
        if len(hyp.threads) <= self.w.horizon:
            return hyp
        recent = sorted(hyp.threads, key=_recency)
        return _hypothesis(hyp.score, tuple(recent[:self.w.horizon]), hyp.unassigned,
                          hyp.done + tuple(recent[self.w.horizon:]))

    # -- search -------------------------------------------------------------------------------------
    def decode(self):
        cdef list beam = [Hypothesis(0.0, (), ())]
        cdef int b, h, i, j, kept
        cdef Move best[64]
        cdef Move m
        if self.w.beam > 64:
            raise ValueError("a beam of more than 64")
        for b in range(self.n):
            self.n_moves = self.n_groups = 0
            for h in range(len(beam)):
                self._moves(<Hypothesis> beam[h], h, b)
            if self.n_groups:
                self._credit(beam)
            # the best moves, ties to the one tried first (a stable sort, highest first)
            kept = 0
            for i in range(self.n_moves):
                m = self.moves[i]
                if kept == self.w.beam and not m.score > best[kept - 1].score:
                    continue
                j = kept if kept < self.w.beam else kept - 1
                while j > 0 and m.score > best[j - 1].score:
                    best[j] = best[j - 1]
                    j -= 1
                best[j] = m
                if kept < self.w.beam:
                    kept += 1
            beam = [self._retire(self._build(best[i], <Hypothesis> beam[best[i].hyp], b)) for i in range(kept)]
        final = []
        for hyp in beam:
            every = hyp.threads + hyp.done
            penalty = self.w.cut * sum(t.dangling for t in every) + self.w.bare_title * sum(t.titles_only for t in every)
            final.append(Hypothesis(hyp.score - penalty, every, hyp.unassigned))
        return max(final, key=_score)


def _recency(Thread t):
    return -t.last


def _score(Hypothesis h):
    return h.score
