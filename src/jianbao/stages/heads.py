"""Headlines read apart from their stories: give title lines to the story whose text they echo.

An extractor that reads a page column by column across the whole sheet (pdftotext) often gives the title
lines of two stories set side by side one after the other, interleaved (kicker of one, headline of the
other, …), and each story's text only later, after other stories' blocks.  The beam search decides a title
line when it meets it, long before the text that would tell whose it is, and gives the whole cluster to one
story; the other story's text then stands without a headline.

A headline's words come back in its story.  Once the page is threaded, each title line's *echo* in an
article's text is the share of its rare-bigram weight (the topic Gram matrix, ``evidence.topic_gram``)
that the text holds.  Title lines of an article with more than one are moved to another article whose text
echoes them better, all those that gain at once, when the gains together pass a margin: a dearer one where
the other article has title lines of its own (the search chose those too).  The article keeps a line that
can head it (not a "——" deck).
Each article gives and takes once, the largest gains first.  Margins were chosen on the dev split.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from jianbao import cues
from jianbao.model import TITLE_ROLES, Role

#: what the title lines moved must gain together, in echo (0 … 1 a line), to go to a story without a title
MARGIN = 0.5
#: … and to go to a story that has title lines already
TITLED_MARGIN = 0.8

Elements = list[tuple[Role, tuple[int, ...]]]


def lead(elements: Elements) -> int:
    """How many title lines an article's elements open with."""
    n = 0
    while n < len(elements) and elements[n][0] in TITLE_ROLES:
        n += 1
    return n


def echoes(gram: np.ndarray, lines: list[int], bodies: list[list[int]]) -> np.ndarray:
    """``[l, a]``: the share of title line ``lines[l]``'s bigram weight found in the blocks ``bodies[a]``
    (capped at 1: a bigram the text repeats counts once a block; 0 for a line of no known bigram)."""
    member = np.zeros((gram.shape[0], len(bodies)))
    for a, body in enumerate(bodies):
        member[body, a] = 1.0
    rows = gram[lines]
    own = rows[np.arange(len(lines)), lines][:, None]
    found = rows @ member
    return np.minimum(1.0, np.divide(found, own, out=np.zeros_like(found), where=own > 0))


def rehead(articles: list[Elements], gram: np.ndarray, texts: Sequence[str]) -> list[Elements]:
    """The articles (each a list of (role, blocks) in the search's order), title lines moved where their
    words come back; every block stays in exactly one article.  ``texts``: the page's blocks' texts."""
    leads = [lead(a) for a in articles]
    givers = [i for i, n in enumerate(leads) if n > 1]
    if not givers:
        return articles
    bodies = [[b for _, blocks in a[n:] for b in blocks] for a, n in zip(articles, leads)]
    lines = [articles[i][k][1][0] for i in givers for k in range(leads[i])]
    share = echoes(gram, lines, bodies).tolist()
    moves = []
    row = 0
    for i in givers:
        elements, n = articles[i], leads[i]
        mine = share[row: row + n]
        row += n
        if not bodies[i]:
            continue
        # the title lines that can head an article: not a "——" deck (it follows its headline)
        heads = {k for k in range(n) if not cues.SUBTITLE.match(texts[elements[k][1][0]])}
        for j, body in enumerate(bodies):
            if j == i or not body:
                continue
            gains = sorted(((mine[k][j] - mine[k][i], k) for k in range(n)), reverse=True)
            chosen, left = [], set(heads)
            for g, k in gains:
                if g > 0 and left - {k}:  # the article keeps a line that can head it
                    chosen.append((g, k))
                    left.discard(k)
            total = sum(g for g, _ in chosen)
            if chosen and total > (TITLED_MARGIN if leads[j] else MARGIN):
                moves.append((total, i, j, tuple(sorted(k for _, k in chosen))))
    if not moves:
        return articles
    out = [list(a) for a in articles]
    used: set[int] = set()
    for _, i, j, lines in sorted(moves, reverse=True):
        if i in used or j in used:
            continue
        used.update((i, j))
        moved = [articles[i][k] for k in lines]
        out[i] = [e for k, e in enumerate(articles[i]) if k not in lines]
        titles = sorted(moved + articles[j][: leads[j]], key=lambda e: e[1][0])
        out[j] = titles + list(articles[j][leads[j]:])
    return out
