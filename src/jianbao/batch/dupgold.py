"""Measure duplicate finding against pages with planted copies (scripts/gen_pages.py writes their gold).

The gold gives, per page, the article key of every block (``<corpus id>`` or ``<corpus id>#copyN``);
articles of one *family* (the key before ``#``) are the same story.  An output article is judged only
when it *is* one gold article — at least 80% of its characters from one key (purity) and at least 80% of
that key's characters on the page (coverage) — and is long enough to be compared (dedup.MIN_CHARS):
this measures duplicate finding, not threading.

- true pairs: two judged articles of one family, on different pages;
- predicted pairs: two judged articles in one ``dup_cluster``;
- precision = |true ∩ predicted| / |predicted|, recall = |true ∩ predicted| / |true|.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from jianbao.batch.dedup import MIN_CHARS, normalise
from jianbao.read.text import decode, split_blocks

PURITY = COVERAGE = 0.8


def _block_weights(path: Path) -> list[int]:
    return [len(normalise(b)) for b in split_blocks(decode(path.read_bytes(), str(path)))]


def measure(out: Path, gold_file: Path) -> dict[str, Any]:
    import pandas as pd

    root = gold_file.parent
    gold: dict[str, tuple[list[str | None], list[int]]] = {}
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        path = (root / g["path"]).resolve()
        gold[str(path)] = (g["blocks"], _block_weights(path))
    pages = pd.read_parquet(out / "pages.parquet", columns=["page_id", "source"])
    page_path = {r.page_id: str(Path(r.source).resolve()) for r in pages.itertuples()}
    arts = pd.read_parquet(out / "articles", columns=["page_id", "article_id", "elements", "text", "dup_cluster"])
    judged: dict[str, tuple[str, str]] = {}  # article id → (family, page id)
    for r in arts.itertuples():
        keys, weights = gold.get(page_path.get(r.page_id, ""), (None, None))
        if keys is None or len(normalise(r.text)) < MIN_CHARS:
            continue
        blocks = [b for el in json.loads(r.elements) for b in el["blocks"]]
        if any(b >= len(keys) for b in blocks):
            continue
        mine: Counter[str | None] = Counter()
        for b in blocks:
            mine[keys[b]] += weights[b]
        key, w = max(((k, v) for k, v in mine.items() if k is not None), key=lambda kv: kv[1], default=(None, 0))
        whole = sum(wt for k, wt in zip(keys, weights) if k == key)
        if key is None or w < PURITY * sum(mine.values()) or w < COVERAGE * whole:
            continue
        judged[r.article_id] = (key.split("#")[0], r.page_id)
    true_pairs = _pairs(_group(judged, lambda a: judged[a][0]), judged)
    by_cluster = _group(judged, dict(zip(arts.article_id, arts.dup_cluster)).__getitem__)
    predicted = _pairs(by_cluster, judged, same_page_too=True)
    hits = len(true_pairs & predicted)
    return {
        "articles": int(len(arts)), "judged_articles": len(judged),
        "true_pairs": len(true_pairs), "predicted_pairs": len(predicted), "correct_pairs": hits,
        "precision": round(hits / len(predicted), 4) if predicted else None,
        "recall": round(hits / len(true_pairs), 4) if true_pairs else None,
    }


def _group(judged: dict[str, tuple[str, str]], key: Any) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for a in judged:
        groups[key(a)].append(a)
    return groups


def _pairs(groups: dict[str, list[str]], judged: dict[str, tuple[str, str]],
           same_page_too: bool = False) -> set[tuple[str, str]]:
    out = set()
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            if same_page_too or judged[a][1] != judged[b][1]:
                out.add((a, b))
    return out
