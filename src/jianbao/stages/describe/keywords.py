"""Keywords: the top TF-IDF terms, 5 to 8 of them, with jieba's segmenter and its IDF table
(the ones ``jieba.analyse.extract_tags`` uses).

Counted on the title lines (twice) and the lead, the first ``LEAD_CHARS`` characters of the body,
segmented without the HMM pass: segmenting a whole 8,000-character page with it costs ~15 ms.  Whether a
word can be a keyword, and its IDF, are looked up once per word and kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jianbao.stages.describe import words as dictionary
from jianbao.stages.describe.reading import cut

LEAD_CHARS = 150
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]+$")


def find_keywords(title: str, body: str, k: int = 8) -> list[str]:
    counts: dict[str, int] = {}
    for text, weight in ((title, 2), (body[:LEAD_CHARS], 1)):  # the title lines count twice
        for w in cut(text):
            if len(w) >= 2:
                counts[w] = counts.get(w, 0) + weight
    known = _known()
    if len(known) > _MAX_KNOWN:
        known.clear()
    ranked = []
    for w, count in counts.items():
        idf = known.get(w, _UNSEEN)
        if idf is _UNSEEN:
            idf = known[w] = _idf(w)
        if idf is not None:
            ranked.append((-count * idf, w))
    ranked.sort()
    return [w for _, w in ranked[:k]]


_UNSEEN = object()
_MAX_KNOWN = 200_000


@lru_cache(maxsize=1)
def _known() -> dict[str, float | None]:
    """The words met so far: each one's IDF, or None when it is no keyword (a stop word, a number …)."""
    return {}


def _idf(w: str) -> float | None:
    idf, median, stop = dictionary.idf()
    return idf.get(w, median) if w.lower() not in stop and _WORD.match(w) else None
