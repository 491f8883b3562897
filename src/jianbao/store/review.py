"""Review actions: pure functions from a page (plus the reviewer's headline fixes) to a corrected page.

The archive stores each result as a new version of the page (store/archive.py); nothing here touches the
database.  Every action checks its arguments and the result (every block exactly once, no empty
element or article) and raises :class:`~jianbao.errors.StoreError` with a message a reviewer can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from jianbao.errors import StoreError
from jianbao.model import Article, Element, Page, Role

ACTIONS = ("merge", "split", "move", "role", "join", "unjoin", "headline", "checked")
MAX_HEADLINE = 300


@dataclass(frozen=True)
class Draft:
    """A page as a reviewer sees it: the page and the headlines they fixed by hand, by article label."""

    page: Page
    headlines: dict[str, str] = field(default_factory=dict)


def _articles(draft: Draft) -> list[Article]:
    return list(draft.page.articles or ())


def _find(draft: Draft, label: str) -> int:
    for i, art in enumerate(_articles(draft)):
        if art.id == label:
            return i
    raise StoreError(f"no article {label!r} on this page (reload the page: it may have changed)")


def _locate(draft: Draft, block: int) -> tuple[int | None, int, int]:
    """(article index or None for unassigned, element index, position in the element) of ``block``."""
    for ai, art in enumerate(_articles(draft)):
        for ei, el in enumerate(art.elements):
            if block in el.blocks:
                return ai, ei, el.blocks.index(block)
    for ei, el in enumerate(draft.page.unassigned):
        if block in el.blocks:
            return None, ei, el.blocks.index(block)
    raise StoreError(f"block {block} is not on this page (blocks are 0…{len(draft.page.blocks) - 1})")


def _new_label(articles: list[Article]) -> str:
    taken = {a.id for a in articles}
    n = len(articles) + 1
    while f"a{n}" in taken:
        n += 1
    return f"a{n}"


def _done(draft: Draft, articles: list[Article], unassigned: list[Element] | None = None,
          headlines: dict[str, str] | None = None) -> Draft:
    page = draft.page.with_(articles=tuple(articles),
                            unassigned=tuple(draft.page.unassigned if unassigned is None else unassigned))
    labels = {a.id for a in articles}
    kept = {k: v for k, v in (draft.headlines if headlines is None else headlines).items() if k in labels}
    check(page)
    return Draft(page, kept)


def check(page: Page) -> None:
    """Every block exactly once; no empty element or article; unique article labels."""
    seen: list[int] = []
    labels = set()
    for art in page.articles or ():
        if not art.elements:
            raise StoreError(f"article {art.id} would have no elements")
        if art.id in labels:
            raise StoreError(f"two articles are labelled {art.id}")
        labels.add(art.id)
        for el in art.elements:
            seen.extend(el.blocks)
    for el in page.unassigned:
        seen.extend(el.blocks)
    if any(not el.blocks for art in page.articles or () for el in art.elements):
        raise StoreError("an element would have no blocks")
    if sorted(seen) != list(range(len(page.blocks))):
        raise StoreError("the edit would lose or repeat a block; nothing was changed")


def merge(draft: Draft, into: str, other: str) -> Draft:
    """Append ``other``'s elements to ``into``; ``other`` disappears."""
    if into == other:
        raise StoreError("choose two different articles to merge")
    arts = _articles(draft)
    i, j = _find(draft, into), _find(draft, other)
    a, b = arts[i], arts[j]
    arts[i] = replace(a, elements=a.elements + b.elements, continues=b.continues,
                      pages=tuple(dict.fromkeys(a.pages + b.pages)))
    del arts[j]
    return _done(draft, arts)


def split(draft: Draft, label: str, at: int) -> Draft:
    """Cut article ``label`` before its element number ``at`` (0-based); the tail becomes a new article."""
    arts = _articles(draft)
    i = _find(draft, label)
    art = arts[i]
    if not 0 < at < len(art.elements):
        raise StoreError(f"split article {label} before element 1…{len(art.elements) - 1}, not {at}")
    head = replace(art, elements=art.elements[:at], continues=False)
    tail = Article(id=_new_label(arts), elements=art.elements[at:], continues=art.continues, pages=art.pages)
    arts[i:i + 1] = [head, tail]
    return _done(draft, arts)


def move(draft: Draft, block: int, to: str) -> Draft:
    """Move one block to article ``to`` (or ``unassigned``, or ``new`` for an article of its own)."""
    ai, ei, _pos = _locate(draft, block)
    arts = _articles(draft)
    unassigned = list(draft.page.unassigned)
    source = arts[ai].elements if ai is not None else tuple(unassigned)
    el = source[ei]
    if ai is not None and to != "new" and to != "unassigned" and arts[ai].id == to:
        raise StoreError(f"block {block} is already in article {to}")
    rest = tuple(b for b in el.blocks if b != block)
    elements = list(source)
    if rest:
        elements[ei] = Element(el.role, rest)
    else:
        del elements[ei]
    if ai is not None:
        arts[ai] = replace(arts[ai], elements=tuple(elements))
    else:
        unassigned = elements
    role = el.role
    if to == "unassigned":
        unassigned.append(Element(role if role.outside else Role.NOISE, (block,)))
        unassigned.sort(key=lambda e: e.blocks[0])
    else:
        moved = Element(Role.PARAGRAPH if role.outside else role, (block,))
        if to == "new":
            arts.append(Article(id=_new_label(arts), elements=(moved,)))
        else:
            t = _find(draft, to)
            target = list(arts[t].elements)
            pos = sum(1 for e in target if e.blocks[0] < block)
            target.insert(pos, moved)
            arts[t] = replace(arts[t], elements=tuple(target))
    arts = [a for a in arts if a.elements]
    return _done(draft, arts, unassigned)


def set_role(draft: Draft, block: int, role: Role | str) -> Draft:
    """Give the element holding ``block`` a new role.  An article element given an outside role
    (furniture, advert, noise) leaves its article; an unassigned one given an article role becomes an
    article of its own."""
    try:
        role = Role(role)
    except ValueError:
        raise StoreError(f"unknown role {role!r}: choose one of {', '.join(r.value for r in Role)}") from None
    ai, ei, _pos = _locate(draft, block)
    arts = _articles(draft)
    unassigned = list(draft.page.unassigned)
    if ai is None:
        el = unassigned[ei]
        if role.outside:
            unassigned[ei] = Element(role, el.blocks)
        else:
            del unassigned[ei]
            arts.append(Article(id=_new_label(arts), elements=(Element(role, el.blocks),)))
        return _done(draft, arts, unassigned)
    elements = list(arts[ai].elements)
    el = elements[ei]
    if role.outside:
        del elements[ei]
        unassigned.append(Element(role, el.blocks))
        unassigned.sort(key=lambda e: e.blocks[0])
    else:
        elements[ei] = Element(role, el.blocks)
    arts[ai] = replace(arts[ai], elements=tuple(elements))
    return _done(draft, [a for a in arts if a.elements], unassigned)


def unjoin(draft: Draft, block: int) -> Draft:
    """Split a wrongly joined paragraph: ``block`` starts a new element of the same role."""
    ai, ei, pos = _locate(draft, block)
    if pos == 0:
        raise StoreError(f"block {block} already starts its element; pick a later block of the paragraph")
    arts = _articles(draft)
    elements = list(arts[ai].elements if ai is not None else draft.page.unassigned)
    el = elements[ei]
    elements[ei:ei + 1] = [Element(el.role, el.blocks[:pos]), Element(el.role, el.blocks[pos:])]
    if ai is None:
        return _done(draft, arts, elements)
    arts[ai] = replace(arts[ai], elements=tuple(elements))
    return _done(draft, arts)


def join(draft: Draft, block: int) -> Draft:
    """Join the element holding ``block`` with the element after it (a paragraph split by a column)."""
    ai, ei, _pos = _locate(draft, block)
    arts = _articles(draft)
    elements = list(arts[ai].elements if ai is not None else draft.page.unassigned)
    if ei + 1 >= len(elements):
        raise StoreError(f"block {block} is in the last element; there is nothing after it to join")
    a, b = elements[ei], elements[ei + 1]
    elements[ei:ei + 2] = [Element(a.role, a.blocks + b.blocks)]
    if ai is None:
        return _done(draft, arts, elements)
    arts[ai] = replace(arts[ai], elements=tuple(elements))
    return _done(draft, arts)


def fix_headline(draft: Draft, label: str, text: str) -> Draft:
    """Set the headline of article ``label`` by hand (an empty text goes back to the page's own)."""
    _find(draft, label)
    text = " ".join((text or "").split())
    if len(text) > MAX_HEADLINE:
        raise StoreError(f"a headline of {len(text)} characters is too long ({MAX_HEADLINE} at most)")
    headlines = dict(draft.headlines)
    if text:
        headlines[label] = text
    else:
        headlines.pop(label, None)
    return _done(draft, _articles(draft), headlines=headlines)
