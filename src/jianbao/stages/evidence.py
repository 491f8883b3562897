"""What the threader knows about a page's blocks before it decides anything.

Everything here is computed once per page, vectorised where it can be:

- per block: its kind (from the roles stage), whether it ends a sentence, whether it opens mid-sentence,
  the language model's score for it opening a paragraph and for its tail closing one;
- per (dangling block, later block) pair: the language model's score for the text running on across the
  break — the *join* evidence, as a log-likelihood ratio against "paragraph ends here, a new one starts";
- per pair of blocks: topical overlap (character bigrams weighted by rarity), for sending a fresh
  paragraph or a caption back to the article it belongs to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from jianbao.lm.model import CharLM, fold, pack
from jianbao.model import Page, Role
from jianbao.stages.roles import ends_sentence, opens_midway


@dataclass(frozen=True)
class Evidence:
    kinds: tuple[Role, ...]
    texts: tuple[str, ...]
    chars: np.ndarray  # characters per block
    closed: np.ndarray  # bool: text ends a sentence
    midway: np.ndarray  # bool: text opens mid-sentence
    join: np.ndarray  # [i, j] log-likelihood ratio of i running on into j (−inf where not a candidate)
    topic: np.ndarray  # [i, j] share of i's bigram weight that j also has
    last_line_full: np.ndarray  # bool: the block's last line is as long as its longest (wrapped dumps)


def _bigrams(text: str) -> set[str]:
    t = fold(text)
    return {t[k : k + 2] for k in range(len(t) - 1) if not (t[k].isspace() or t[k + 1].isspace())}


def topic_matrix(texts: list[str], lm: CharLM) -> np.ndarray:
    grams = [_bigrams(t) for t in texts]
    vocab: dict[str, int] = {}
    for g in grams:
        for x in g:
            vocab.setdefault(x, len(vocab))
    n = len(texts)
    if not vocab:
        return np.zeros((n, n))
    # rarity of a bigram in newspaper prose, from the language model's counts
    keys = []
    for x in vocab:
        ids = lm.ids(x)
        keys.append(pack(ids) if len(ids) == 2 else 0)
    counts = lm._count(np.asarray(keys, dtype=np.uint64))
    idf = np.log((lm.total + 1.0) / (counts + 1.0))
    idf = np.maximum(idf - 6.0, 0.0)  # common bigrams (的发, 工作…) say nothing about topic
    m = np.zeros((n, len(vocab)))
    for i, g in enumerate(grams):
        for x in g:
            m[i, vocab[x]] = 1.0
    weighted = m * idf
    shared = weighted @ m.T  # [i, j] weight of i's bigrams that j has
    own = weighted.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(own[:, None] > 0, shared / own[:, None], 0.0)
    np.fill_diagonal(out, 0.0)
    return out


def gather(page: Page, lm: CharLM) -> Evidence:
    assert page.roles is not None
    texts = [b.text for b in page.blocks]
    n = len(texts)
    closed = np.array([ends_sentence(t) for t in texts], dtype=bool)
    midway = np.array([opens_midway(t) for t in texts], dtype=bool)
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    full = np.zeros(n, dtype=bool)
    for i, b in enumerate(page.blocks):
        lines = [ln.strip() for ln in b.raw.splitlines() if ln.strip()]
        if len(lines) >= 2:
            widths = [len(ln) for ln in lines]
            full[i] = widths[-1] >= max(widths[:-1]) - 1

    join = np.full((n, n), -math.inf)
    joinable_kinds = (Role.PARAGRAPH, Role.HEADLINE, Role.KICKER, Role.CAPTION)
    tails = [i for i in range(n) if not closed[i] and page.roles[i] in joinable_kinds]
    heads = [j for j in range(n) if page.roles[j] in joinable_kinds]
    pairs = [(i, j) for i in tails for j in heads if j > i]
    if pairs:
        start = lm.start_scores([texts[j] for j in heads])
        start_of = dict(zip(heads, start))
        end = lm.end_scores([texts[i] for i in tails])
        end_of = dict(zip(tails, end))
        run_on = lm.join_scores([texts[i] for i, _ in pairs], [texts[j] for _, j in pairs])
        for (i, j), s in zip(pairs, run_on):
            join[i, j] = s - end_of[i] - start_of[j]
    return Evidence(
        kinds=tuple(page.roles),
        texts=tuple(texts),
        chars=chars,
        closed=closed,
        midway=midway,
        join=join,
        topic=topic_matrix(texts, lm),
        last_line_full=full,
    )
