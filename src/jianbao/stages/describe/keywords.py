"""Keywords: the top TF-IDF terms, 5 to 8 of them, with jieba's segmenter and its IDF table
(the ones ``jieba.analyse.extract_tags`` uses).

Counted on the title lines (twice) and the lead, the first ``LEAD_CHARS`` characters of the body,
segmented without the HMM pass: segmenting a whole 8,000-character page with it costs ~15 ms.  Whether a
word can be a keyword, and its IDF, are looked up once per word and kept.  The tally and the ranking are
compiled (``ranking.pyx``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from jianbao.stages.describe import words as dictionary
from jianbao.stages.describe.ranking import top_words
from jianbao.stages.describe.reading import cut

LEAD_CHARS = 150
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]+$")


def find_keywords(title: str, body: str, k: int = 8) -> list[str]:
    known = _known()
    if len(known) > _MAX_KNOWN:
        known.clear()
    # the title lines count twice (the tally and the ranking: ranking.top_words)
    return top_words(cut(title), cut(body[:LEAD_CHARS]), known, _idf, k)


_MAX_KNOWN = 200_000


@lru_cache(maxsize=1)
def _known() -> dict[str, float | None]:
    """The words met so far: each one's IDF, or None when it is no keyword (a stop word, a number …)."""
    return {}


def _idf(w: str) -> float | None:
    idf, median, stop = dictionary.idf()
    return idf.get(w, median) if w.lower() not in stop and _WORD.match(w) else None
