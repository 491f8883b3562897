"""What the describe stage takes from jieba's dictionary, derived once and shipped small.

Python jieba takes over a second to load its dictionary and part-of-speech tags, and describe needs only
two word lists from them (the segmenter itself is jieba-rs, which loads its own copy at once):

- *common* words — frequent and not tagged as a place (天河, 光明, 合作), or very frequent whatever
  their tag (平原, 中原): a county's short name that is one of these is an everyday word, not a place;
- *nouns* of two to four characters, which follow a counting unit (名志愿者 → 志愿者).

``src/jianbao/data/jieba-words.json.gz`` holds them, with the English stop words jieba's keyword
extractor drops; rebuild with ``python scripts/build_words.py`` when jieba is upgraded (a test checks the
file against the installed jieba).  The IDF table is read from jieba's own ``analyse/idf.txt``, as
``jieba.analyse`` reads it, without importing that (it loads the tags).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jianbao.errors import ConfigError

WORDS_FILE = "jieba-words.json.gz"


def derive() -> dict[str, Any]:
    """The word lists from the installed jieba (the build script's work, ~2 s)."""
    import logging

    import jieba
    import jieba.analyse
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    freq, tags = jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab
    short = [(w, f) for w, f in freq.items() if 2 <= len(w) <= 4]
    return {
        "jieba": jieba.__version__,
        "common": sorted(w for w, f in short if (f > 300 and tags.get(w) != "ns") or f > 2000),
        "nouns": sorted(w for w, f in short if f and tags.get(w, "x").startswith(("n", "vn"))),
        "stop_words": sorted(jieba.analyse.default_tfidf.stop_words),
    }


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    ref = resources.files("jianbao") / "data" / WORDS_FILE
    if not ref.is_file():
        raise ConfigError(f"{WORDS_FILE} is missing from the package: build it with `python scripts/build_words.py`")
    with ref.open("rb") as f:
        return json.loads(gzip.decompress(f.read()))


@lru_cache(maxsize=1)
def common() -> frozenset[str]:
    return frozenset(_shipped()["common"])


@lru_cache(maxsize=1)
def nouns() -> frozenset[str]:
    return frozenset(_shipped()["nouns"])


@lru_cache(maxsize=1)
def idf() -> tuple[dict[str, float], float, frozenset[str]]:
    """jieba's IDF table, its median (for words not in it) and the stop words, as ``jieba.analyse``
    has them."""
    text = (resources.files("jieba") / "analyse" / "idf.txt").read_bytes().decode("utf-8")
    tokens = text.split()  # a line is a word and its value, as jieba's loader splits it
    table = dict(zip(tokens[::2], map(float, tokens[1::2])))
    median = sorted(table.values())[len(table) // 2]
    return table, median, frozenset(_shipped()["stop_words"])
