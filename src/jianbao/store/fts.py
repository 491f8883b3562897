"""Full-text search for Chinese: text → the tokens the FTS5 index holds, query → an FTS5 MATCH string,
and hits highlighted in the original text.

The index holds overlapping character bigrams of each CJK run (北京市 → 北京 京市; a one-character run is
kept as it is) and whole Latin/digit words, after NFKC folding and lower-casing; FTS5's ``unicode61``
tokenizer then splits at the spaces.  A query term becomes a phrase of its bigrams, so a term of two or
more characters finds exactly the articles that contain it — the measurement behind this choice
(trigram tokenizer vs jieba words vs bigrams) is in docs/benchmarks.md, section "Archive".
"""

from __future__ import annotations

import html
import operator
import re
import unicodedata
from functools import lru_cache

import numpy as np

from jianbao.charset import nfkc

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")
MAX_QUERY = 200
MAX_TERMS = 8


def fold(text: str) -> str:
    """NFKC and lower case, character by character so positions stay comparable."""
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch.lower()


def _tokens(text: str) -> list[str]:
    return _runs_tokens(nfkc(text).lower())


def _runs_tokens(folded: str) -> list[str]:
    """The tokens of text already folded (NFKC, lower case), run by run."""
    out: list[str] = []
    for run in _RUN.findall(folded):
        if len(run) > 1 and _IS_CJK.match(run):
            out.extend(map(operator.add, run, run[1:]))
        else:
            out.append(run)
    return out


def index_text(text: str | None) -> str:
    """What goes into the FTS5 column for ``text``: its tokens, one space between (an article's worth of
    text is tokenised through numpy, all positions at once)."""
    text = nfkc(text or "").lower()
    if len(text) < LONG or _BEYOND_BMP.search(text):
        return " ".join(_runs_tokens(text))
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    kind = _classes()[codes]
    cjk, word = kind == CJK, kind == WORD
    cjk_next, word_next = np.append(cjk[1:], False), np.append(word[1:], False)
    cjk_before = np.insert(cjk[:-1], 0, False)
    # each position writes up to three code points (0: nothing): a bigram and a space where a CJK
    # character has one after it, a lone CJK character and a space, a word's character (and a space
    # after its last)
    out = np.zeros((len(codes), 3), dtype=np.uint32)
    pair = cjk & cjk_next
    alone = cjk & ~cjk_before & ~cjk_next
    out[:, 0] = np.where(pair | alone | word, codes, 0)
    out[:, 1] = np.where(pair, np.append(codes[1:], 0), np.where(alone | (word & ~word_next), SPACE, 0))
    out[:, 2] = np.where(pair, SPACE, 0)
    kept = out[out != 0]
    return kept.tobytes().decode("utf-32-le").rstrip(" ")


#: below this length a text is tokenised run by run (numpy's set-up costs more)
LONG = 64
SPACE = 0x20
OTHER, CJK, WORD = 0, 1, 2
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _classes() -> np.ndarray:
    """What each code point of the Basic Multilingual Plane is to :data:`_RUN`: CJK, a word character, or a
    separator."""
    chars = "".join(map(chr, range(0xD800))) + " " * 0x800 + "".join(map(chr, range(0xE000, 0x10000)))
    out = np.full(0x10000, OTHER, dtype=np.uint8)
    for m in _RUN.finditer(chars):
        out[m.start():m.end()] = CJK if _IS_CJK.match(m.group()) else WORD
    return out


def query_terms(query: str) -> list[str]:
    """The user's terms, folded: runs of letters, digits and CJK; everything else (quotes, FTS syntax,
    punctuation, spaces) separates terms."""
    return re.findall(r"[^\W_]+", fold(query[:MAX_QUERY]))[:MAX_TERMS]


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH string: every term must occur (AND), each as a phrase of its bigrams.

    Only index tokens are put between double quotes, so nothing the user types is FTS5 syntax.  A term
    ending in a lone CJK character (年, 2019年) makes its last token a prefix, so it also finds 年度.
    Returns None when the query has no searchable characters.
    """
    phrases = []
    for term in query_terms(query):
        toks = _tokens(term)
        if not toks:
            continue
        runs = _RUN.findall(term)
        prefix = _IS_CJK.match(runs[-1]) is not None and len(runs[-1]) == 1
        phrases.append('"' + " ".join(toks) + '"' + (" *" if prefix else ""))
    if not phrases:
        return None
    return " AND ".join(phrases)


def highlight(text: str, query: str, *, limit: int | None = None) -> str:
    """``text`` as HTML-escaped markup with each term occurrence wrapped in ``<mark>``.

    With ``limit``, a snippet of about that many characters around the first hit.
    """
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for term in query_terms(query):
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + len(term))
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    lo, hi = 0, len(text)
    if limit is not None and len(text) > limit:
        first = merged[0][0] if merged else 0
        lo = max(0, first - limit // 3)
        hi = min(len(text), lo + limit)
    out = ["…" if lo > 0 else ""]
    pos = lo
    for a, b in merged:
        if b <= lo or a >= hi:
            continue
        a, b = max(a, lo), min(b, hi)
        out.append(html.escape(text[pos:a]))
        out.append("<mark>" + html.escape(text[a:b]) + "</mark>")
        pos = b
    out.append(html.escape(text[pos:hi]))
    if hi < len(text):
        out.append("…")
    return "".join(out)
