"""Work on each printed page of a whole-issue PDF on its own.

The body type size, the order of the columns, recency and run-ons are properties of one page: an
article never runs on from one page to another except through 下转/上接 marks, which ``link/1`` follows.
:func:`each_sheet` cuts a many-page input into one :class:`Page` per PDF page (blocks renumbered from 0),
runs a stage on each and puts the results back in the input's numbering; blocks that carry no page
number are left unassigned as noise.  Input of one page (text dumps, one-page PDFs, scans) is passed
to the stage whole.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from jianbao.model import Article, Element, Page, Role


def sheets(page: Page) -> list[int]:
    """The PDF page numbers the input's blocks come from."""
    return sorted({b.page for b in page.blocks if b.page is not None})


def each_sheet(page: Page, stage: Callable[[Page], Page]) -> Page:
    numbers = sheets(page)
    if len(numbers) < 2:
        return stage(page)
    roles: list[Role | None] = [None] * len(page.blocks)
    articles: list[Article] = []
    unassigned: list[Element] = []
    for number in numbers:
        ids = [b.id for b in page.blocks if b.page == number]
        sub = Page(source=page.source, date=page.date,
                   blocks=tuple(replace(page.blocks[b], id=k) for k, b in enumerate(ids)),
                   roles=tuple(page.roles[b] for b in ids) if page.roles is not None else None,
                   rules=tuple(r for r in page.rules if r.page == number),
                   photos=tuple(p for p in page.photos if p.page == number))
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
    unassigned += [Element(Role.NOISE, (b.id,)) for b in page.blocks if b.page not in numbers]
    articles.sort(key=lambda a: min(a.block_ids()))
    return page.with_(articles=tuple(replace(a, id=f"a{n}") for n, a in enumerate(articles, start=1)),
                      unassigned=tuple(sorted(unassigned, key=lambda el: el.blocks[0])))
