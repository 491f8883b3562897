"""Keywords: the top TF-IDF terms, 5 to 8 of them, with jieba's segmenter and its IDF table
(the ones ``jieba.analyse.extract_tags`` uses).

Counted on the title lines (twice) and the lead, the first ``LEAD_CHARS`` characters of the body,
segmented without the HMM pass: segmenting a whole 8,000-character page with it costs ~15 ms.
"""

from __future__ import annotations

import re

from jianbao.stages.describe import words as dictionary
from jianbao.stages.describe.reading import cut

LEAD_CHARS = 150
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]+$")


def find_keywords(title: str, body: str, k: int = 8) -> list[str]:
    idf, median, stop = dictionary.idf()
    counts: dict[str, int] = {}
    for text, weight in ((title, 2), (body[:LEAD_CHARS], 1)):  # the title lines count twice
        for w in cut(text):
            if len(w) >= 2 and w.lower() not in stop and _WORD.match(w):
                counts[w] = counts.get(w, 0) + weight
    ranked = sorted(counts, key=lambda w: (-counts[w] * idf.get(w, median), w))
    return ranked[:k]
