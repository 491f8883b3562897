# cython: language_level=3
"""numpy's pairwise sum, for the compiled modules whose sums must come out to the last bit as numpy's do
(``lines.pyx``, ``trees.pyx``)."""

ctypedef fused real:
    float
    double


cdef inline real pairwise_sum(const real* a, Py_ssize_t n) noexcept nogil:
    """numpy's pairwise sum of ``a[0:n]`` (``ndarray.sum`` on a contiguous array: eight running sums within a
    block of up to 128, halves above that), in the array's own type (float64, or float32 summed in float32)."""
    cdef real r0, r1, r2, r3, r4, r5, r6, r7, res
    cdef Py_ssize_t i, half
    if n < 8:
        res = 0.0
        for i in range(n):
            res += a[i]
        return res
    if n <= 128:
        r0, r1, r2, r3, r4, r5, r6, r7 = a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]
        i = 8
        while i < n - (n % 8):
            r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3]
            r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7]
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            res += a[i]
            i += 1
        return res
    half = n // 2
    half -= half % 8
    return pairwise_sum(a, half) + pairwise_sum(a + half, n - half)
