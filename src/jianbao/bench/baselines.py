"""Baselines scored beside jianbao in every bench run.

``naive``: the blank-line blocks of the dump, each its own element; a new article starts at each short
block without final punctuation (the "headline"); furniture is not recognised.  What a careful script
would do without jianbao.
"""

from __future__ import annotations

from jianbao.model import Article, Element, Page, Role
from jianbao.stages.roles import ends_sentence

SHORT = 40


def naive_segment(page: Page) -> Page:
    articles: list[list[Element]] = []
    for block in page.blocks:
        text = block.text
        is_title = len(text) <= SHORT and not ends_sentence(text)
        if is_title or not articles:
            articles.append([Element(Role.HEADLINE if is_title else Role.PARAGRAPH, (block.id,))])
        else:
            articles[-1].append(Element(Role.PARAGRAPH, (block.id,)))
    return page.with_(
        articles=tuple(Article(id=f"a{i}", elements=tuple(els)) for i, els in enumerate(articles, 1)),
        unassigned=(),
    )
