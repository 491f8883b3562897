"""Train the character language model on the corpus's train split.

Rebuild the shipped artifact with ``python scripts/build_lm.py`` (reads ../shared/corpus/rmrb.jsonl,
writes src/jianbao/data/charlm.npz).  Only train-split months are read.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from jianbao.bench.split import split_of
from jianbao.lm.model import BITS, BOS, EOS, ORDER, UNK, CharLM, fold

MIN_CHAR_COUNT = 3
#: n-grams of this order or more are kept only when seen at least twice
PRUNE_FROM_ORDER = 3


def split_articles(corpus: Path, split: str = "train", skip_month: str | None = None) -> Iterator[dict]:
    """The corpus's articles whose issue date falls in ``split`` (but not in ``skip_month``, YYYYMM: a
    model meant to score that month's pages is trained without them)."""
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            if split_of(art["date"]) == split and art["date"].replace("-", "")[:6] != skip_month:
                yield art


def train_paragraphs(corpus: Path, split: str = "train") -> Iterator[str]:
    for art in split_articles(corpus, split):
        yield from (p for p in art["paragraphs"] if p.strip())


def train(paragraphs: Iterable[str], prune_from_order: int = PRUNE_FROM_ORDER) -> CharLM:
    folded = [fold(p) for p in paragraphs]
    freq = Counter("".join(folded))
    chars = [ch for ch, n in freq.most_common() if n >= MIN_CHAR_COUNT]
    if len(chars) + 4 >= (1 << BITS):
        chars = chars[: (1 << BITS) - 5]
    vocab = {ch: i + 4 for i, ch in enumerate(chars)}
    # one stream: BOS p1 EOS BOS p2 EOS … ; n-grams may not cross an EOS→BOS seam into text
    stream: list[int] = []
    for p in folded:
        stream.append(BOS)
        stream.extend(vocab.get(ch, UNK) for ch in p)
        stream.append(EOS)
    ids = np.asarray(stream, dtype=np.uint64)
    all_keys = []
    all_counts = []
    for order in range(1, ORDER + 1):
        n = len(ids) - order + 1
        key = np.full(n, np.uint64(order) << np.uint64(56), dtype=np.uint64)
        bad = np.zeros(n, dtype=bool)
        for k in range(order):
            part = ids[k : k + n]
            key |= part << np.uint64(BITS * (order - 1 - k))
            if k < order - 1:
                bad |= part == EOS  # nothing follows a paragraph end within one n-gram
            if k > 0:
                bad |= part == BOS
        keys, counts = np.unique(key[~bad], return_counts=True)
        if order >= prune_from_order:
            keep = counts >= 2
            keys, counts = keys[keep], counts[keep]
        all_keys.append(keys)
        all_counts.append(counts)
    keys = np.concatenate(all_keys)
    counts = np.concatenate(all_counts).astype(np.uint32)
    order = np.argsort(keys)
    return CharLM(vocab=vocab, keys=keys[order], counts=counts[order], total=int(len(ids)))


# -- the title/prose classifier -------------------------------------------------------------------
HEADING_MAX = 30
SHORT = 40


def title_examples(corpus: Path, split: str = "train", seed: int = 0,
                   skip_month: str | None = None) -> tuple[list[str], list[int]]:
    """Display lines (label 1) and the short pieces column breaks cut prose into (label 0)."""
    import random

    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[int] = []
    for art in split_articles(corpus, split, skip_month):
        titles = [t.strip() for t in art["title_lines"] if t.strip()]
        texts.extend(titles)
        labels.extend([1] * len(titles))
        paras = [p.strip() for p in art["paragraphs"] if p.strip()]
        headings = set(section_headings(paras))
        for p in paras:
            if p in headings or len(p) <= SHORT:
                texts.append(p)
                labels.append(int(p in headings))
                continue
            # an opening and an ending as a column break leaves them
            for piece in (p[: rng.randint(2, SHORT)], p[-rng.randint(2, SHORT):]):
                texts.append(piece)
                labels.append(0)
    return texts, labels


def section_headings(paras: list[str]) -> list[str]:
    """Short lines without a sentence end inside a long article: its section headings."""
    if sum(map(len, paras)) < 1200:
        return []
    return [p for p in paras if len(p) <= HEADING_MAX and p[-1] not in "。！？!?；;，,：:”\"）)"]


def heading_examples(corpus: Path, split: str = "train",
                     skip_month: str | None = None) -> tuple[list[str], list[int]]:
    """Section headings inside long articles (label 1) against article title lines (label 0)."""
    texts: list[str] = []
    labels: list[int] = []
    for art in split_articles(corpus, split, skip_month):
        titles = [t.strip() for t in art["title_lines"] if t.strip()]
        headings = section_headings([p.strip() for p in art["paragraphs"] if p.strip()])
        texts.extend(titles + headings)
        labels.extend([0] * len(titles) + [1] * len(headings))
    return texts, labels


def train_titles(texts: list[str], labels: list[int], l2: float = 1.0):  # type: ignore[no-untyped-def]
    """Fit the logistic regression (L-BFGS on a sparse design matrix; scipy at build time only)."""
    from scipy import optimize, sparse

    from jianbao.lm.titles import DIM, TitleModel, features, hashed

    rows, cols = [], []
    for i, t in enumerate(texts):
        idx = hashed(features(t))
        rows.extend([i] * len(idx))
        cols.extend(idx.tolist())
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), DIM))
    x.sum_duplicates()
    x.data[:] = 1.0
    y = np.asarray(labels, dtype=np.float64)
    pos = y.mean()
    sample_w = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos))  # balance the classes

    def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:-1], wb[-1]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        eps = 1e-12
        ll = -(sample_w * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))).sum()
        g = sample_w * (p - y)
        grad = np.concatenate([x.T @ g + l2 * w, [g.sum()]])
        return ll + 0.5 * l2 * float(w @ w), grad

    res = optimize.minimize(loss, np.zeros(DIM + 1), jac=True, method="L-BFGS-B", options={"maxiter": 300})
    return TitleModel(weights=res.x[:-1].astype(np.float32), bias=float(res.x[-1]))
