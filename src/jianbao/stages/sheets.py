"""Work on each printed page of a whole-issue PDF on its own.

The body type size, the order of the columns, recency and run-ons are properties of one page: an
article never runs on from one page to another except through 下转/上接 marks, which ``link/1`` follows.
:func:`each_sheet` cuts a many-page input into one :class:`Page` per PDF page (blocks renumbered from 0),
runs a stage on each and puts the results back in the input's numbering; blocks that carry no page
number are left unassigned as noise.  Input of one page (text dumps, one-page PDFs, scans) is passed
to the stage whole — unless it has more than :data:`TAKE_BLOCKS` blocks (no printed page has; a text of
many pages run together may): then it is worked in takes of at most that many (:func:`takes`), so that time
and memory grow with its length, where the threader's pairwise evidence would grow with its square.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from jianbao.cues import ENDS_SENTENCE
from jianbao.model import Article, Element, Page, Role

#: the most blocks worked at once: a printed page has a few hundred at most (318 on every third train and dev
#: page); the threader's pair tables take memory and time by the square of a page's blocks
TAKE_BLOCKS = 1000


def sheets(page: Page) -> list[int]:
    """The PDF page numbers the input's blocks come from."""
    return sorted({b.page for b in page.blocks if b.page is not None})


def takes(page: Page) -> list[list[int]]:
    """The blocks of a text too long to work at once, in runs of at most :data:`TAKE_BLOCKS`, each cut after
    the last block in its final quarter that ends a sentence (where a story is likeliest to end), or at the
    limit where none does."""
    n, out, start = len(page.blocks), [], 0
    while n - start > TAKE_BLOCKS:
        end = start + TAKE_BLOCKS
        cut = next((k for k in range(end, end - TAKE_BLOCKS // 4, -1)
                    if ENDS_SENTENCE.search(page.blocks[k - 1].text.rstrip())), end)
        out.append(list(range(start, cut)))
        start = cut
    out.append(list(range(start, n)))
    return out


def each_sheet(page: Page, stage: Callable[[Page], Page]) -> Page:
    numbers = sheets(page)
    if len(numbers) >= 2:
        groups = [(number, [b.id for b in page.blocks if b.page == number]) for number in numbers]
    elif len(page.blocks) > TAKE_BLOCKS:
        groups = [(None, ids) for ids in takes(page)]  # (every block in one take: none left out)
    else:
        return stage(page)
    roles: list[Role | None] = [None] * len(page.blocks)
    articles: list[Article] = []
    unassigned: list[Element] = []
    for number, ids in groups:
        sub = Page(source=page.source, date=page.date,
                   blocks=tuple(replace(page.blocks[b], id=k) for k, b in enumerate(ids)),
                   roles=tuple(page.roles[b] for b in ids) if page.roles is not None else None,
                   rules=tuple(r for r in page.rules if number is None or r.page == number),
                   photos=tuple(p for p in page.photos if number is None or p.page == number))
        sub = stage(sub)

        def back(el: Element) -> Element:
            return Element(el.role, tuple(ids[k] for k in el.blocks))

        for k, role in enumerate(sub.roles or ()):
            roles[ids[k]] = role
        articles += [Article(a.id, tuple(back(el) for el in a.elements), a.continues, a.about)
                     for a in sub.articles or ()]
        unassigned += [back(el) for el in sub.unassigned]
    page = page.with_(roles=tuple(r or (page.roles[i] if page.roles else Role.NOISE) for i, r in enumerate(roles)))
    if sub.articles is None:  # a stage that gives roles only
        return page
    if len(numbers) >= 2:
        unassigned += [Element(Role.NOISE, (b.id,)) for b in page.blocks if b.page not in numbers]
    articles.sort(key=lambda a: min(a.block_ids()))
    return page.with_(articles=tuple(replace(a, id=f"a{n}") for n, a in enumerate(articles, start=1)),
                      unassigned=tuple(sorted(unassigned, key=lambda el: el.blocks[0])))
