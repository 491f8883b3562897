"""Story labels: the short headings a paper sets right under a story's title lines (核心阅读, 内容提要, 编者的话).

Such a label opens its story's text as a dateline opens a news story's, so the title-like line read just
before it is that story's headline, not a section heading of the story before (an extractor reading across
columns, pdftotext, gives a theory page's stories one after the other, on one topic, and the search took
their headlines for section headings).  The labels are learned from the train split's gold
(``scripts/build_labels.py``: a heading of a few characters that opens its article's text under its title
lines often and almost nowhere else) into ``data/story-labels.json``; none is written here by hand.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

LABELS_FILE = Path(__file__).resolve().parents[1] / "data" / "story-labels.json"
#: the longest label (characters, spaces left out) looked for
LABEL_MAX = 8


@functools.lru_cache(maxsize=1)
def story_labels() -> frozenset[str]:
    """The labels learned from the train split, or none where the file is missing."""
    if not LABELS_FILE.is_file():
        return frozenset()
    return frozenset(json.loads(LABELS_FILE.read_text(encoding="utf-8"))["labels"])


def story_label_flags(texts: list[str]) -> list[bool]:
    """Whether each text, spaces left out, is a learned story label, in one pass (a page's blocks: most are
    too long to ask)."""
    known, longest = story_labels(), 2 * LABEL_MAX
    return [len(t) <= longest and "".join(t.split()) in known for t in texts]
