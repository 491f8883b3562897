"""Things joined in pairs, in the groups the pairs link them into (union-find).

Two places ask it: ``batch.dedup`` (articles near-duplicate of one another, a cluster each) and
``stages.heads.matching`` (title lines and stories that share articles, each group searched apart).
"""

from __future__ import annotations

from typing import Hashable, Iterable, TypeVar

T = TypeVar("T", bound=Hashable)


def roots(pairs: Iterable[tuple[T, T]]) -> dict[T, T]:
    """Each thing named in ``pairs`` → the least thing of its group (things linked through any chain of pairs)."""
    parent: dict = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:  # (the path walked points at the root now)
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            parent[hi] = lo
    return {x: find(x) for x in list(parent)}
