# cython: language_level=3, boundscheck=False, wraparound=False
"""The keywords' tally and ranking, compiled (see ``keywords.py``): the loops over an article's words are
the same as in Python, without the interpreter's dispatch for each word (most of what they cost); the best
``k`` are picked from a C array of scores, not by sorting (score, word) tuples."""

from cpython.mem cimport PyMem_Calloc, PyMem_Free, PyMem_Malloc

_UNSEEN = object()


def top_words(list title, list lead, dict known, idf_of, Py_ssize_t k):
    """The ``k`` words of the highest count x IDF, ties in word order: a word of ``title`` counts twice, one of
    ``lead`` once, one-character words not at all.  ``known``: each word's IDF met so far (None: no keyword),
    to which a word not met before is added with what ``idf_of`` gives for it."""
    cdef dict counts = {}
    cdef list words = [], scores = [], out = []
    cdef object w, count, idf
    cdef Py_ssize_t n, i, j, best
    cdef double *score
    cdef char *taken
    for w in title:
        if len(w) >= 2:
            counts[w] = counts.get(w, 0) + 2
    for w in lead:
        if len(w) >= 2:
            counts[w] = counts.get(w, 0) + 1
    for w, count in counts.items():
        idf = known.get(w, _UNSEEN)
        if idf is _UNSEEN:
            idf = known[w] = idf_of(w)
        if idf is not None:
            words.append(w)
            scores.append(-count * idf)
    # the first k of the (score, word) pairs in order, picked one by one (a few dozen words, k of them wanted):
    # what sorting the pairs gives, without comparing tuples
    n = len(words)
    score = <double *> PyMem_Malloc((n + 1) * sizeof(double))
    taken = <char *> PyMem_Calloc(n + 1, 1)
    if score == NULL or taken == NULL:
        PyMem_Free(score)
        PyMem_Free(taken)
        raise MemoryError()
    try:
        for i in range(n):
            score[i] = scores[i]
        for j in range(min(k, n)):
            best = -1
            for i in range(n):
                if not taken[i] and (best < 0 or score[i] < score[best]
                                     or (score[i] == score[best] and words[i] < words[best])):
                    best = i
            taken[best] = 1
            out.append(words[best])
    finally:
        PyMem_Free(score)
        PyMem_Free(taken)
    return out
