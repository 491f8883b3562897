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

from jianbao.charset import needs_nfkc, swaps

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")
_WORDISH = re.compile(r"\w")
MAX_QUERY = 200
MAX_TERMS = 8


def fold(text: str) -> str:
    """NFKC and lower case, character by character so positions stay comparable."""
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch.lower()


@lru_cache(maxsize=1)
def _word_swaps() -> tuple[re.Pattern[str], dict[int, str]]:
    """The characters NFKC swaps for another where either is part of a word (full-width letters and
    digits, compatibility ideographs), and a pattern that finds them: swapping punctuation for other
    punctuation changes no token."""
    table = {cp: to for cp, to in swaps().items() if _WORDISH.match(chr(cp)) or _WORDISH.match(to)}
    return re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(table)) + "]"), table


def _normal(text: str) -> str:
    """Text whose tokens are those of its NFKC form (NFKC itself only where a character needs it)."""
    if needs_nfkc().search(text):
        return unicodedata.normalize("NFKC", text)
    found, table = _word_swaps()
    return text.translate(table) if found.search(text) else text


def _tokens(text: str) -> list[str]:
    text = _normal(text)
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        if len(run) > 1 and _IS_CJK.match(run):
            out.extend(map(operator.add, run, run[1:]))
        else:
            out.append(run)
    return out


def index_text(text: str | None) -> str:
    """What goes into the FTS5 column for ``text``."""
    return " ".join(_tokens(text or ""))


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
