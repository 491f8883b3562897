"""The accuracy scores of docs/format.md, on `jianbao.page/1` dicts (gold vs predicted).

Texts are compared after NFKC folding with all whitespace removed.  Per-page counts are returned as a
:class:`Tally` so a split's figures are micro-averaged: element and join counts summed, B³ weighted by
characters over all blocks of all pages.

Unassigned blocks count as one-block clusters of their own in B³, and unassigned elements take part in
element precision/recall like any other element.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

TITLE = {"kicker", "headline", "subheadline"}


def norm(text: str | None) -> str:
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _role(role: str) -> str:
    return "title" if role in TITLE else role


@dataclass
class Tally:
    pages: int = 0
    elements_gold: int = 0
    elements_pred: int = 0
    elements_common: int = 0
    articles_gold: int = 0
    articles_exact: int = 0
    articles_char: int = 0        # gold articles scored at character level (bench-pdf, bench-scan)
    articles_exact_char: int = 0  # of those, exact (char): see jianbao.bench.pdfbench.char_exact
    b3_chars: float = 0.0
    b3_precision: float = 0.0  # char-weighted sums
    b3_recall: float = 0.0
    joins_gold: int = 0
    joins_pred: int = 0
    joins_common: int = 0
    roles_compared: int = 0
    roles_same: int = 0
    headlines_gold: int = 0
    headlines_same: int = 0
    continues_gold: int = 0
    continues_pred: int = 0
    continues_common: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> "Tally":
        for f in fields(self):
            if f.name == "failures":
                self.failures.extend(other.failures)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def figures(self) -> dict[str, float]:
        def ratio(a: float, b: float) -> float:
            return a / b if b else 1.0

        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        ep, er = ratio(self.elements_common, self.elements_pred), ratio(self.elements_common, self.elements_gold)
        bp, br = ratio(self.b3_precision, self.b3_chars), ratio(self.b3_recall, self.b3_chars)
        jp, jr = ratio(self.joins_common, self.joins_pred), ratio(self.joins_common, self.joins_gold)
        return {
            "pages": self.pages,
            "articles": self.articles_gold,
            "element_precision": ep,
            "element_recall": er,
            "article_exact": ratio(self.articles_exact, self.articles_gold),
            "article_exact_char": ratio(self.articles_exact_char, self.articles_char),
            "b3_f1": f1(bp, br),
            "join_f1": f1(jp, jr),
            "role_accuracy": ratio(self.roles_same, self.roles_compared),
            "headline_accuracy": ratio(self.headlines_same, self.headlines_gold),
            "continues_f1": f1(ratio(self.continues_common, self.continues_pred),
                               ratio(self.continues_common, self.continues_gold)),
        }


def _elements(page: dict[str, Any]) -> list[dict[str, Any]]:
    out = [el for art in page["articles"] for el in art["elements"]]
    return out + list(page.get("unassigned", []))


def _block_chars(page: dict[str, Any]) -> dict[int, int]:
    """Characters of each block, from the element texts: blocks of a one-block element get its
    length; a many-block element's length is shared out evenly (texts are not split per block)."""
    chars: dict[int, int] = {}
    for el in _elements(page):
        n = len(norm(el["text"]))
        k = len(el["blocks"])
        for b in el["blocks"]:
            chars[b] = max(1, n // k)
    return chars


def _clusters(page: dict[str, Any]) -> dict[int, Any]:
    owner: dict[int, Any] = {}
    for i, art in enumerate(page["articles"]):
        for el in art["elements"]:
            for b in el["blocks"]:
                owner[b] = ("a", i)
    for el in page.get("unassigned", []):
        for b in el["blocks"]:
            owner[b] = ("u", b)
    return owner


def _joins(page: dict[str, Any]) -> set[tuple[int, int]]:
    pairs = set()
    for el in _elements(page):
        bs = el["blocks"]
        pairs.update(zip(bs, bs[1:]))
    return pairs


def score_page(gold: dict[str, Any], pred: dict[str, Any], block_chars: dict[int, int] | None = None) -> Tally:
    """Score one predicted page against its gold page.

    ``block_chars`` gives each block's character count (whitespace removed); without it, the counts are
    derived from the gold element texts.
    """
    t = Tally(pages=1)
    g_elems, p_elems = _elements(gold), _elements(pred)
    g_count = Counter(norm(e["text"]) for e in g_elems)
    p_count = Counter(norm(e["text"]) for e in p_elems)
    t.elements_gold, t.elements_pred = len(g_elems), len(p_elems)
    t.elements_common = sum((g_count & p_count).values())

    # roles: pair up elements with equal text (multiset), compare roles
    p_roles: dict[str, list[str]] = {}
    for e in p_elems:
        p_roles.setdefault(norm(e["text"]), []).append(_role(e["role"]))
    for e in g_elems:
        bucket = p_roles.get(norm(e["text"]))
        if bucket:
            t.roles_compared += 1
            want = _role(e["role"])
            if want in bucket:
                bucket.remove(want)
                t.roles_same += 1
            else:
                bucket.pop()

    # articles exact
    p_lists = Counter(tuple(norm(e["text"]) for e in a["elements"]) for a in pred["articles"])
    t.articles_gold = len(gold["articles"])
    for a in gold["articles"]:
        key = tuple(norm(e["text"]) for e in a["elements"])
        if p_lists.get(key, 0) > 0:
            p_lists[key] -= 1
            t.articles_exact += 1

    # B³, char-weighted
    chars = block_chars or _block_chars(gold)
    g_own, p_own = _clusters(gold), _clusters(pred)
    g_members: dict[Any, list[int]] = {}
    p_members: dict[Any, list[int]] = {}
    for b, c in g_own.items():
        g_members.setdefault(c, []).append(b)
    for b, c in p_own.items():
        p_members.setdefault(c, []).append(b)
    for b, gc in g_own.items():
        w = chars.get(b, 1)
        pc = p_own.get(b)
        if pc is None:
            t.failures.append(f"block {b} missing from the prediction")
            t.b3_chars += w
            continue
        g_set, p_set = set(g_members[gc]), set(p_members[pc])
        common = sum(chars.get(x, 1) for x in g_set & p_set)
        t.b3_precision += w * common / sum(chars.get(x, 1) for x in p_set)
        t.b3_recall += w * common / sum(chars.get(x, 1) for x in g_set)
        t.b3_chars += w

    # joins
    g_j, p_j = _joins(gold), _joins(pred)
    t.joins_gold, t.joins_pred, t.joins_common = len(g_j), len(p_j), len(g_j & p_j)

    # headlines: the predicted article sharing most characters with each gold article
    p_art_of = {b: i for b, (kind, i) in p_own.items() if kind == "a"}
    for a in gold["articles"]:
        if a.get("headline") is None:
            continue
        t.headlines_gold += 1
        share: Counter[int] = Counter()
        for el in a["elements"]:
            for b in el["blocks"]:
                if b in p_art_of:
                    share[p_art_of[b]] += chars.get(b, 1)
        if share:
            best = pred["articles"][share.most_common(1)[0][0]]
            if norm(best.get("headline")) == norm(a["headline"]):
                t.headlines_same += 1

    # continues: gold articles matched to predicted ones by their first block
    p_first = {a["elements"][0]["blocks"][0]: a for a in pred["articles"] if a["elements"]}
    for a in gold["articles"]:
        pa = p_first.get(a["elements"][0]["blocks"][0]) if a["elements"] else None
        g_c = bool(a.get("continues"))
        p_c = bool(pa and pa.get("continues"))
        t.continues_gold += g_c
        t.continues_common += g_c and p_c
    t.continues_pred = sum(bool(a.get("continues")) for a in pred["articles"])
    return t
