"""Near-duplicate articles across a run: the same story printed in several papers or editions.

An article is compared by the set of its character 4-grams (text folded with NFKC, whitespace removed).
Two articles are duplicates when the Jaccard similarity of those sets is at least :data:`THRESHOLD`,
estimated from 128-value MinHash signatures.  Candidates come from LSH banding (42 bands of 3 values:
a pair at Jaccard 0.5 becomes a candidate with probability 0.996, a pair at 0.1 with 0.04) and are then
checked on the whole signature.  Duplicates are joined transitively (union-find); a cluster's id is the
smallest article id in it, so it does not depend on the order articles were seen in.

Locally, signatures are computed by the workers (datasketch ``MinHash``) and indexed with datasketch's
``MinHashLSH``; on Spark, :mod:`jianbao.batch.spark` hashes with Spark's ``MinHashLSH`` and bands the same
way.  Articles shorter than :data:`MIN_CHARS` are not compared (a short caption says too little).
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

import numpy as np

from jianbao.unions import roots

SHINGLE = 4
NUM_PERM = 128
BANDS, ROWS = 42, 3
THRESHOLD = 0.5
MIN_CHARS = 40
SEED = 1
SCHEME = "affine32"


def normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def shingles(text: str) -> list[str]:
    """The distinct character 4-grams of an article's text, or none for a short article."""
    t = normalise(text)
    if len(t) < MIN_CHARS:
        return []
    return sorted({t[i : i + SHINGLE] for i in range(len(t) - SHINGLE + 1)})


def signature(text: str) -> bytes | None:
    """The MinHash signature of an article (128 × uint32), or None when it is too short to compare."""
    from datasketch import MinHash

    grams = shingles(text)
    if not grams:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch([g.encode("utf-8", "surrogatepass") for g in grams])
    return np.asarray(mh.hashvalues, dtype=np.uint32).tobytes()


def similar(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity estimated from two signatures."""
    return float(np.mean(a == b))


def local_pairs(items: Iterable[tuple[str, bytes | None]], threshold: float = THRESHOLD) -> list[tuple[str, str]]:
    """Duplicate pairs among (article id, signature) items, with datasketch's MinHashLSH."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    sigs: dict[str, np.ndarray] = {}
    pairs: list[tuple[str, str]] = []
    for key, sig in items:
        if sig is None:
            continue
        values = np.frombuffer(sig, dtype=np.uint32).astype(np.uint64)
        mh = LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
        for other in lsh.query(mh):
            if similar(values, sigs[other]) >= threshold:
                pairs.append((other, key) if other < key else (key, other))
        lsh.insert(key, mh, check_duplication=False)
        sigs[key] = values
    return pairs


def clusters(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, int]]:
    """article id → (cluster id, cluster size), for the articles that have a duplicate: the cluster id is
    its least article id (``unions.roots``)."""
    members: dict[str, list[str]] = {}
    for x, root in roots(pairs).items():
        members.setdefault(root, []).append(x)
    return {x: (root, len(group)) for root, group in members.items() for x in group}
